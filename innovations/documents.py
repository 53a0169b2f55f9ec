"""The plan's printed documents: one plan, and the cohort's booklet of approved plans. Each returns the PDF, in
Indonesian and on the organisation's letterhead."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.documents import html_to_pdf
from participants.models import Cohort
from participants.organisations import letterhead, require_head
from participants.rules import person_path

from . import approvers, consultations, sections
from .access import PLAN_RELATED
from .models import ActionPlan
from .selectors import plan_context


def print_context(plan: ActionPlan) -> dict:
    """The plan as its print view and PDF show it: titled by what its programme calls the work, under its
    organisation's letterhead, closed by the place, the date and the signatures of the participant and the person
    who approves the design in the programme (the mentor, or the coach)."""
    return {
        **plan_context(plan),
        **letterhead(plan.participant.cohort.organisation),
        "work": plan.participant.cohort.programme_spec.work,
        "approver": approvers.design_approver_of(plan),
        "approver_heading": approvers.words_for(plan).signs,
        "today": timezone.localdate(),
        "with_signatures": True,
    }


def plan_pdf(plan: ActionPlan) -> bytes:
    with translation.override("id"):
        return html_to_pdf(render_to_string("innovations/plan_print.html", print_context(plan) | {"pdf": True}))


def consultations_pdf(plan: ActionPlan) -> bytes:
    """The plan's consultation log (the "form pengendalian"), every meeting with its state, on the organisation's
    letterhead, closed by the signatures of the participant, their coach (where they have one) and their mentor."""
    participant = plan.participant
    context = {
        **letterhead(participant.cohort.organisation),
        "plan": plan,
        "rows": consultations.log_of(plan),
        "coach": participant.coach,
        "today": timezone.localdate(),
    }
    with translation.override("id"):
        return html_to_pdf(render_to_string("innovations/consultations_print.html", context))


def booklet_pdf(cohort: Cohort) -> bytes:
    """The cohort's approved plans by cluster: a cover on the organisation's letterhead, acknowledged by its head,
    a table of contents and one chapter per plan. Drafts, plans under review and withdrawn plans stay out.
    Raises ValidationError when the organisation names no head."""
    organisation = cohort.organisation
    require_head(organisation, document=_("booklet"))
    spec = cohort.programme_spec
    with translation.override("id"):
        plans = (
            ActionPlan.objects.filter(participant__cohort=cohort, state__in=ActionPlan.State.APPROVED_OR_LATER)  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
            .select_related(*PLAN_RELATED, person_path("coach", "participant"))
            .prefetch_related(*sections.lists_of(spec), "issues", "attachments")
            .order_by("cluster__order", "cluster__name", "participant__roll_number", "pk")
        )
        chapters = [{"plan": plan, "sections": sections.of(plan, spec)} for plan in plans]
        labels = sections.labels(spec)
        context = {
            **letterhead(organisation),
            "cohort": cohort,
            "work": spec.work,
            "selects_issues": spec.issues,
            "chapters": chapters,
            "lists": [(kind, labels[kind], "") for kind in sections.lists_of(spec)],  # the programme's, its headings
            "today": timezone.localdate(),
        }
        return html_to_pdf(render_to_string("innovations/cohort_booklet.html", context))
