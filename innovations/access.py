"""Who may open a plan's pages: each helper returns the plan or raises Http404, so outsiders learn nothing."""

from django.shortcuts import get_object_or_404

from participants.models import Cohort

from .models import ActionPlan

PLAN_RELATED = [
    "participant__user",
    "participant__cohort__organisation",
    "participant__mentor__user",
    "cluster",
    "core_issue",
]


def visible_plan(request, pk) -> ActionPlan:
    """The plan for anyone who may read it: its participant, mentor, panel examiners and the cohort's staff."""
    return get_object_or_404(ActionPlan.objects.visible_to(request.user).select_related(*PLAN_RELATED), pk=pk)


def own_plan(request, pk) -> ActionPlan:
    """The signed-in participant's own plan; everyone else gets a 404, even those who may read it."""
    return get_object_or_404(ActionPlan.objects.select_related(*PLAN_RELATED), pk=pk, participant__user=request.user)


def mentees_plan(request, pk) -> ActionPlan:
    """A plan of one of the signed-in mentor's mentees."""
    return get_object_or_404(
        ActionPlan.objects.select_related(*PLAN_RELATED), pk=pk, participant__mentor__user=request.user
    )


def staff_plan(request, pk) -> ActionPlan:
    """A plan of a cohort the signed-in person organises."""
    return get_object_or_404(
        ActionPlan.objects.select_related(*PLAN_RELATED),
        pk=pk,
        participant__cohort__in=Cohort.objects.run_by(request.user),
    )
