"""A cohort as its staff see it: the list of their cohorts, the form, and the overview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.editing import EditConflict
from core.pages import page_of
from innovations.forms import ClusterFormSet
from participants.access import cohort_for_staff
from participants.models import Cohort, Participant, User
from participants.roles import menu_for
from participants.rules import people_in_cohort

from .. import services
from ..checklist import cohort_checklist
from ..forms import CohortForm
from .people import saved_meanwhile


@login_required
def cohort_list(request):
    # Counted per row by a subquery, so that only the cohorts of the page shown are counted.
    participants = Participant.objects.filter(cohort=OuterRef("pk")).order_by().values("cohort")
    cohorts = (
        Cohort.objects.run_by(request.user)
        .select_related("organisation")
        .annotate(participant_count=Coalesce(Subquery(participants.annotate(n=Count("pk")).values("n")), 0))
    )
    # The menu's roles query answers who may see the list: the staff of an organisation, and superusers.
    roles = menu_for(request).roles
    if not roles.staff:
        raise Http404
    page = page_of(request, cohorts)
    return render(request, "portal/cohort_list.html", {"cohorts": page, "page": page, "roles": roles})


@login_required
def cohort_create(request):
    """Staff of an organisation start a cohort of it; a superuser, of any organisation."""
    if not menu_for(request).roles.staff:
        raise Http404
    return _cohort_form(request, Cohort())


@login_required
def cohort_edit(request, slug):
    return _cohort_form(request, cohort_for_staff(request, slug))


def _cohort_form(request, cohort):
    form = CohortForm(request.POST or None, instance=cohort, user=request.user)
    clusters = ClusterFormSet(request.POST or None, instance=cohort, prefix="clusters") if cohort.pk else None
    status = 200
    if request.method == "POST" and form.is_valid() and (clusters is None or clusters.is_valid()):
        try:
            with transaction.atomic():
                cohort = services.save_cohort(
                    form.save(commit=False),
                    by=request.user,
                    region_code=form.cleaned_data["region"],
                    seminar_title=form.cleaned_data["seminar_title"],
                    seminar_date=form.cleaned_data["seminar_date"],
                    seminar_venue=form.cleaned_data["seminar_venue"],
                    version=form.cleaned_data["version"],
                )
                if clusters is not None:
                    clusters.save()
        except EditConflict:
            messages.error(request, saved_meanwhile(form.initial["name"]))
            status = 409
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": cohort.name})
            return redirect("portal:cohort_detail", slug=cohort.slug)
    context = {"form": form, "clusters": clusters, "cohort": cohort}
    return render(request, "portal/cohort_form.html", context, status=status)


@login_required
def cohort_detail(request, slug):
    cohort = cohort_for_staff(request, slug)
    checklist = cohort_checklist(cohort)
    unmentored = Participant.objects.filter(cohort=cohort, mentor__isnull=True, withdrawn_at__isnull=True)
    context = {
        "cohort": cohort,
        "checklist": checklist,
        # As the checklist counts them: those still in the cohort; the withdrawn are said beside.
        "participant_count": checklist.participant_count - checklist.withdrawn_count,
        "withdrawn_count": checklist.withdrawn_count,
        "unmentored": unmentored.select_related("user", "kecamatan", "superior__user")[:50],
        "mentor_count": cohort.mentors.count(),
        "examiner_count": checklist.examiner_count,
        # Only where the programme has coaches: the 2017 cohort's overview stays as it was.
        "coach_count": cohort.coaches.count() if cohort.programme_spec.coach else None,
        "not_signed_in": User.objects.filter(people_in_cohort(cohort), last_login__isnull=True).count(),
        "clusters": cohort.clusters.all(),
        "seminar": checklist.seminar,
        "seminars": checklist.seminars,
    }
    return render(request, "portal/cohort_detail.html", context)
