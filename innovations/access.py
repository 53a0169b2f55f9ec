"""Who may open a plan's pages: each helper returns the plan or raises Http404, so outsiders learn nothing."""

from django.shortcuts import get_object_or_404

from participants.models import Participant
from participants.rules import person_path

from .models import ActionPlan

PLAN_RELATED = [
    person_path("owner", "participant"),
    "participant__cohort__organisation",
    person_path("mentor", "participant"),
    "cluster",
    "core_issue",
]


def visible_plan(request, pk) -> ActionPlan:
    """The plan for anyone who may read it: its participant, mentor, panel examiners and the cohort's staff."""
    return get_object_or_404(ActionPlan.objects.visible_to(request.user).select_related(*PLAN_RELATED), pk=pk)


def plan_as(request, pk, role: str | list[str]) -> ActionPlan:
    """The plan for someone who holds `role` on it (participants.rules); everyone else gets a 404, even those who
    may read it."""
    return get_object_or_404(ActionPlan.objects.held_as(role, request.user).select_related(*PLAN_RELATED), pk=pk)


def own_plan(request, pk) -> ActionPlan:
    """The signed-in participant's own plan."""
    return plan_as(request, pk, "owner")


def plan_to_review(request, pk) -> ActionPlan:
    """A plan the signed-in person approves for its cohort's programme: their mentee's or coachee's."""
    return plan_as(request, pk, "design_approver")


def staff_plan(request, pk) -> ActionPlan:
    """A plan of a cohort the signed-in person organises."""
    return plan_as(request, pk, "staff")


def own_participation(request, pk) -> Participant:
    """The signed-in person's own place in a cohort, while they are not withdrawn from it."""
    return get_object_or_404(Participant.objects.held_as("owner", request.user), pk=pk, withdrawn_at__isnull=True)
