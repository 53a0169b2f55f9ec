"""A cohort's coaches, for its staff: their list and export, adding one, their page and its edit, and choosing a
participant's coach. Only where the cohort's programme has coaches: elsewhere every page is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from participants import coaching
from participants.access import cohort_for_staff
from participants.forms import CoachEditForm, CoachForm, ParticipantCoachForm
from participants.models import Coach, Cohort, Participant
from participants.rules import person_path

from ..people_lists import COACHES
from .people import _edit_page, add_person_page, guide_page, people_list


def _cohort_with_coaches(request, slug) -> Cohort:
    """The cohort for its staff, if its programme has coaches; a 404 otherwise."""
    cohort = cohort_for_staff(request, slug)
    if not cohort.programme_spec.coach:
        raise Http404
    return cohort


def _coach(cohort, pk) -> Coach:
    return get_object_or_404(Coach.objects.select_related("user", "cohort"), cohort=cohort, pk=pk)


@login_required
def coach_list(request, slug):
    return people_list(request, slug, COACHES)


@login_required
def coach_create(request, slug):
    return add_person_page(
        request,
        _cohort_with_coaches(request, slug),
        CoachForm(request.POST or None),
        coaching.add_coach,
        fields=("institution", "position", "grade", "phone", "full_name", "nip", "email"),
        title=_("Add a coach"),
        added=_("%(name)s is now a coach."),
        duplicate=_("This person is already a coach in this cohort."),
        listed="portal:coach_list",
    )


@login_required
def coach_detail(request, slug, pk):
    cohort = _cohort_with_coaches(request, slug)
    coach = _coach(cohort, pk)
    return guide_page(request, cohort, coach, coach.coachees, role="coach", called="coachees")


@login_required
def coach_edit(request, slug, pk):
    cohort = _cohort_with_coaches(request, slug)
    coach = _coach(cohort, pk)
    return _edit_page(request, cohort, coach, CoachEditForm, coaching.edit_coach, "portal:coach_detail")


@login_required
def participant_coach(request, slug, pk):
    cohort = _cohort_with_coaches(request, slug)
    participant = get_object_or_404(
        Participant.objects.select_related("user", person_path("coach")), cohort=cohort, pk=pk
    )
    form = ParticipantCoachForm(request.POST or None, cohort=cohort, initial={"coach": participant.coach})
    if request.method == "POST" and form.is_valid():
        coach = form.cleaned_data["coach"]
        try:
            coaching.set_coach(participant, coach=coach, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(participant)s's coach is now %(coach)s.")
                % {"participant": participant.user.full_name, "coach": coach.user.full_name if coach else _("nobody")},
            )
            return redirect("portal:participant_detail", slug=cohort.slug, pk=participant.pk)
    context = {"cohort": cohort, "participant": participant, "form": form}
    return render(request, "portal/participant_coach.html", context)
