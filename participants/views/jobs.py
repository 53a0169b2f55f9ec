"""Background work as people see it: their requested downloads, the file when ready, and the cohort's page for staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import roles
from core.pages import page_of
from core.responses import private_file_response
from core.tasks import worker_status

from ..access import cohort_for_staff, own_jobs, visible_jobs
from ..jobs import LIFECYCLE, retry_job
from ..models import Job, Notification
from ..notifications import retry_failed_mail

CONTENT_TYPES = {".pdf": "application/pdf", ".zip": "application/zip"}


def job_requested(request, job: Job, created: bool):
    """What every "prepare this" button answers: a message, then the list where the job shows its progress."""
    if created:
        messages.success(
            request,
            _("%(what)s is being prepared. It appears below, and you are notified when it is ready.")
            % {"what": job.get_kind_display()},
        )
    else:
        messages.info(request, _("%(what)s is already being prepared.") % {"what": job.get_kind_display()})
    return redirect("participants:downloads")


def _rows(request, jobs):
    """(job, its moves) for a page of jobs; the moves of each are asked from the lifecycle, with no query a row."""
    page = page_of(request, jobs.select_related("cohort", "requested_by"))
    held = roles.held_on(page, request.user, Job.ROUTE, ["requester", "staff"])
    rows = []
    for job in page:
        moves = LIFECYCLE.allowed(job, request.user, roles=held[job.pk])
        if (
            job.is_stale and held[job.pk]
        ):  # its worker stopped: the person who asked, or staff, put it back in the queue
            moves["retry"] = Job.State.QUEUED
        rows.append((job, moves))
    return page, rows


@login_required
def downloads(request):
    """The person's requested downloads and mailings, newest first; the list refreshes itself while one is open."""
    page, rows = _rows(request, own_jobs(request))
    context = {"page": page, "rows": rows, "open": any(job.is_open for job, _moves in rows)}
    return render(request, "participants/downloads.html", context)


@login_required
def download_file(request, pk):
    """A finished job's file, to the person who asked for it and to the cohort's staff; a 404 for everyone else."""
    job = get_object_or_404(visible_jobs(request), pk=pk, state=Job.State.DONE)
    if not job.file:
        raise Http404  # a job without a file (invitations) has nothing to download
    suffix = job.filename[job.filename.rfind(".") :].lower()
    return private_file_response(job.file, job.filename, CONTENT_TYPES.get(suffix, "application/octet-stream"))


@require_POST
@login_required
def job_retry(request, pk):
    job = get_object_or_404(visible_jobs(request), pk=pk)
    try:
        retry_job(job, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(what)s is tried again.") % {"what": job.get_kind_display()})
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("participants:downloads")


@login_required
def cohort_jobs(request, slug):
    """Staff's view of a cohort's background work: every job (anyone's, and the system's), the mail that could not
    be sent after every attempt, and whether the worker is alive."""
    cohort = cohort_for_staff(request, slug)
    page, rows = _rows(request, Job.objects.filter(cohort=cohort))
    mail = Notification.objects.filter(cohort=cohort).aggregate(
        failed=Count("pk", filter=Q(mail=Notification.Mail.FAILED)),
        pending=Count("pk", filter=Q(mail=Notification.Mail.PENDING)),
    )
    failed_mail = (
        Notification.objects.filter(cohort=cohort, mail=Notification.Mail.FAILED).select_related("user")[:20]
        if mail["failed"]
        else []
    )
    context = {
        "cohort": cohort,
        "page": page,
        "rows": rows,
        "open": any(job.is_open for job, _moves in rows),
        "mail": mail,
        "failed_mail": failed_mail,
        "worker": worker_status(),
    }
    return render(request, "participants/cohort_jobs.html", context)


@require_POST
@login_required
def mail_retry(request, slug):
    cohort = cohort_for_staff(request, slug)
    count = retry_failed_mail(cohort, by=request.user)
    messages.success(request, _("%(count)d mails are tried again.") % {"count": count})
    return redirect("participants:cohort_jobs", slug=slug)
