"""The cohort's booklet: every approved plan, by cluster, as one printed PDF for the cohort's staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participants.access import cohort_for_staff
from participants.jobs import request_job
from participants.models import Job
from participants.organisations import require_head
from participants.views.jobs import job_requested


@require_POST
@login_required
def booklet(request, slug):
    """Ask for the booklet: the worker renders it (seconds a plan) and tells the staff member when it is ready."""
    cohort = cohort_for_staff(request, slug)
    try:
        # The head acknowledges the booklet: refused at once, not after a wait in the queue. The job checks again.
        require_head(cohort.organisation, document=_("booklet"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:cohort_detail", slug=slug)
    job, created = request_job(Job.Kind.BOOKLET, cohort=cohort, by=request.user)
    return job_requested(request, job, created)
