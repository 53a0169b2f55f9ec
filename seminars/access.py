"""Who may open the seminar's pages: each helper returns what the page needs or raises Http404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from innovations.models import ActionPlan
from participants.access import cohort_for_staff
from participants.models import Examiner
from participants.rules import member_cohorts, person_path

from .models import ScoreSheet, Seminar, Slot
from .scoring import open_sheet


def seminar_for_staff(request, slug) -> Seminar:
    seminar = cohort_for_staff(request, slug).seminars.first()
    if seminar is None:
        raise Http404
    return seminar


def seminar_for_member(request, slug) -> Seminar:
    """Staff, participants, mentors and examiners of the cohort may read its seminar's agenda."""
    seminar = (
        Seminar.objects.filter(cohort__in=member_cohorts(request.user), cohort__slug=slug)
        .select_related("cohort__organisation")
        .first()
    )
    if seminar is None:
        raise Http404
    return seminar


def sheet_for_examiner(request, slug, plan_pk) -> tuple[Seminar, Slot, ScoreSheet]:
    """The signed-in examiner's sheet for a plan on their panel; 404 for anyone else. Unsaved until a POST."""
    seminar = seminar_for_member(request, slug)
    slot = get_object_or_404(
        Slot.objects.held_as("panel_examiner", request.user).select_related(
            person_path("owner", "plan__participant"), "plan__cluster", "room"
        ),
        seminar=seminar,
        plan_id=plan_pk,
    )
    examiner = Examiner.objects.held_as("examiner", request.user).get(cohort=seminar.cohort)
    sheet = ScoreSheet.objects.filter(plan=slot.plan, examiner=examiner).first()
    if sheet is None and request.method == "POST":
        sheet = open_sheet(slot.plan, examiner)
    return seminar, slot, sheet or ScoreSheet(plan=slot.plan, examiner=examiner)


def plan_for_party(request, pk) -> ActionPlan:
    """The plan, for anyone who may read it: its participant, mentor, panel examiners and staff."""
    return get_object_or_404(
        ActionPlan.objects.visible_to(request.user).select_related(
            person_path("owner", "participant"), person_path("mentor", "participant"), "participant__cohort"
        ),
        pk=pk,
    )
