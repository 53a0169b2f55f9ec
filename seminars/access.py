"""Who may open the seminar's pages: each helper returns what the page needs or raises Http404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from innovations.models import ActionPlan
from participants.access import cohort_for_staff
from participants.models import Examiner
from participants.rules import member_cohorts, person_path

from .models import ScoreSheet, Seminar, Slot
from .scoring import open_sheet


def stages_of(cohort) -> list[tuple[str, str]]:
    """(stage, title) of each seminar the cohort's programme holds, in order: the tabs of the seminar's pages."""
    return [(stage.key, stage.seminar.title) for stage in cohort.programme_spec.seminars if stage.seminar]


def require_stage(cohort, stage: str) -> None:
    """404 for a stage whose seminar the cohort's programme does not hold (the 2017 flow has no report seminar)."""
    if stage not in dict(stages_of(cohort)):
        raise Http404


def seminar_for_staff(request, slug, stage: str = Seminar.Stage.DESIGN) -> Seminar:
    """The cohort's seminar of `stage`, for its staff; 404 while it is not set up."""
    seminar = cohort_for_staff(request, slug).seminars.filter(stage=stage).first()
    if seminar is None:
        raise Http404
    return seminar


def seminar_for_member(request, slug, stage: str = Seminar.Stage.DESIGN) -> Seminar:
    """Staff, participants, mentors and examiners of the cohort may read the agenda of its seminar of `stage`."""
    seminar = (
        Seminar.objects.filter(cohort__in=member_cohorts(request.user), cohort__slug=slug, stage=stage)
        .select_related("cohort__organisation")
        .first()
    )
    if seminar is None:
        raise Http404
    return seminar


def sheet_for_examiner(request, slug, plan_pk, stage: str = Seminar.Stage.DESIGN) -> tuple[Seminar, Slot, ScoreSheet]:
    """The signed-in examiner's sheet for a plan their panel hears at the seminar of `stage`; 404 for anyone else.
    Unsaved until a POST."""
    seminar = seminar_for_member(request, slug, stage)
    slot = get_object_or_404(
        Slot.objects.before_panel_of(request.user).select_related(
            person_path("owner", "plan__participant"), "plan__cluster", "room"
        ),
        seminar=seminar,
        plan_id=plan_pk,
    )
    examiner = Examiner.objects.held_as("examiner", request.user).get(cohort=seminar.cohort)
    sheet = ScoreSheet.objects.filter(seminar=seminar, plan=slot.plan, examiner=examiner).first()
    if sheet is None and request.method == "POST":
        sheet = open_sheet(slot.plan, examiner, seminar)
    return seminar, slot, sheet or ScoreSheet(seminar=seminar, plan=slot.plan, examiner=examiner)


def plan_for_party(request, pk) -> ActionPlan:
    """The plan, for anyone who may read it: its participant, mentor, panel examiners and staff."""
    return get_object_or_404(
        ActionPlan.objects.visible_to(request.user).select_related(
            person_path("owner", "participant"), person_path("mentor", "participant"), "participant__cohort"
        ),
        pk=pk,
    )
