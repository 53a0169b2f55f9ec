"""The plan's printed documents: one plan, and the cohort's booklet of approved plans. Each returns the PDF."""

from django.template.loader import render_to_string

from core.documents import html_to_pdf
from participants.models import Cohort

from .access import PLAN_RELATED
from .models import ActionPlan
from .selectors import plan_context
from .snapshots import section_labels


def plan_pdf(plan: ActionPlan) -> bytes:
    return html_to_pdf(render_to_string("innovations/plan_print.html", plan_context(plan) | {"pdf": True}))


def booklet_pdf(cohort: Cohort) -> bytes:
    """The cohort's approved plans by cluster: a cover, a table of contents and one chapter per plan. Drafts,
    plans under review and withdrawn plans stay out."""
    labels = section_labels()
    plans = (
        ActionPlan.objects.filter(participant__cohort=cohort, state__in=ActionPlan.State.APPROVED_OR_LATER)
        .select_related(*PLAN_RELATED)
        .prefetch_related("stakeholders", "risks", "milestones", "issues", "attachments")
        .order_by("cluster__order", "cluster__name", "participant__roll_number", "pk")
    )
    chapters = [
        {
            "plan": plan,
            "sections": [{"label": labels[key], "text": getattr(plan, key)} for key in ActionPlan.SECTIONS],
        }
        for plan in plans
    ]
    return html_to_pdf(render_to_string("innovations/cohort_booklet.html", {"cohort": cohort, "chapters": chapters}))
