"""Who may open the impact pages: each helper returns what the page needs or raises Http404, asking the registry."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from innovations.models import ActionPlan
from participants.models import Organisation
from participants.rules import person_path

from .models import Dossier, FollowUp
from .record import RECORDABLE

# Who reads an innovation's record: its participant and mentor, the cohort's staff, and the organisation bureau of
# its region (participants.rules).
READERS = ["owner", "mentor", "staff", "bureau"]
# Who prepares its dossiers: the cohort's staff and the region's organisation bureau.
CURATORS = ["staff", "bureau"]
PLAN_RELATED = [
    person_path("owner", "participant"),
    "participant__cohort__organisation",
    "participant__cohort__region",
    person_path("mentor", "participant"),
    "participant__kecamatan__parent",
    "cluster",
]


def record_plan(request, pk, roles: str | list[str] = READERS) -> ActionPlan:
    """The plan whose record the page shows, for those who hold one of `roles` on it, once it may have a record."""
    plans = ActionPlan.objects.held_as(roles, request.user).filter(state__in=RECORDABLE)
    return get_object_or_404(plans.select_related(*PLAN_RELATED), pk=pk)


def curated_dossier(request, pk) -> Dossier:
    dossiers = Dossier.objects.held_as(CURATORS, request.user)
    return get_object_or_404(
        dossiers.select_related("organisation", *(f"plan__{path}" for path in PLAN_RELATED)), pk=pk
    )


def organisation_of(request, plan: ActionPlan) -> Organisation:
    """The organisation a curator acts for on this plan: the cohort's organiser for its staff, else the bureau of
    the plan's region they are staff of (whose letterhead then heads the dossier)."""
    if plan.held_by(request.user, "staff"):
        return plan.participant.cohort.organisation
    participant = plan.participant
    places = {participant.cohort.region_id, getattr(participant.cohort.region, "parent_id", None)}
    if participant.kecamatan:
        places |= {participant.kecamatan.parent_id, getattr(participant.kecamatan.parent, "parent_id", None)}
    bureau = next((bureau for bureau in bureaus_of(request) if bureau.region_id in places - {None}), None)
    if bureau is None:
        raise Http404
    return bureau


def bureaus_of(request):
    """The region's organisation bureaus the signed-in person is staff of."""
    return Organisation.objects.run_by(request.user).filter(kind=Organisation.Kind.BUREAU).select_related("region")


def answerable_follow_up(request, pk) -> FollowUp:
    return get_object_or_404(
        FollowUp.objects.answerable_by(request.user).select_related(
            "cohort", person_path("owner", "plan__participant")
        ),
        pk=pk,
    )
