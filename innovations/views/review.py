"""The mentor's pages: their mentees' plans by state, and the review with its decision."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import posted_text
from participants.roles import menu_for
from participants.rules import person_path

from .. import sections, workflow
from ..access import plan_to_review
from ..forms import ReviewForm
from ..models import ActionPlan
from ..selectors import plan_context
from ..snapshots import compare, plan_snapshot
from .plans import act


@login_required
def mentees(request):
    """A mentor's mentees' plans, by state."""
    plans = (
        ActionPlan.objects.held_as("mentor", request.user)
        .select_related(person_path("owner", "participant"), "participant__cohort", "cluster")
        .order_by("participant__cohort", "participant__roll_number")
    )
    if not plans.exists() and not menu_for(request).roles.mentor:
        raise Http404
    state = request.GET.get("state")
    counts = dict(plans.values_list("state").annotate(n=Count("pk")).order_by())
    if state in ActionPlan.State.values:
        plans = plans.filter(state=state)
    tabs = [(value, label, counts.get(value, 0)) for value, label in ActionPlan.State.choices if counts.get(value)]
    return render(request, "innovations/mentees.html", {"plans": plans, "tabs": tabs, "state": state})


@login_required
def review(request, pk):
    """The whole plan, what changed since the previous submission, and the mentor's decision."""
    plan = plan_to_review(request, pk)
    versions = list(plan.versions.order_by("-number")[:2])
    current = versions[0].content if versions else plan_snapshot(plan)
    previous = versions[1].content if len(versions) > 1 else None
    context = plan_context(plan)
    labels = sections.labels(plan.participant.cohort.programme_spec)
    context |= {
        "rows": compare(previous, current, labels),
        "previous": versions[1] if previous else None,
        "form": ReviewForm(labels=labels),
        "moves": workflow.allowed_moves(plan, request.user, roles={"design_approver"}),
    }
    return render(request, "innovations/review.html", context)


@require_POST
@login_required
def approve(request, pk):
    plan = plan_to_review(request, pk)
    act(request, plan, workflow.approve_plan, _("The plan is approved."), note=posted_text(request, "note"))
    return redirect("innovations:mentees")


@require_POST
@login_required
def send_back(request, pk):
    plan = plan_to_review(request, pk)
    form = ReviewForm(request.POST, labels=sections.labels(plan.participant.cohort.programme_spec))
    form.is_valid()
    done = act(
        request,
        plan,
        workflow.return_plan,
        _("The plan is returned for revision."),
        note=form.cleaned_data.get("note", ""),
        section_notes=form.section_notes(),
    )
    return redirect("innovations:mentees" if done else "innovations:review", **({} if done else {"pk": pk}))
