"""Reads of a plan that span its models: what its pages and documents show."""

from participants.audit import events_of

from .models import ActionPlan
from .snapshots import section_labels


def latest_notes(plan) -> tuple[str, dict]:
    """The last return for revision: the general note and the notes per section."""
    event = events_of(plan).filter(to_state=ActionPlan.State.REVISION).order_by("-at", "-pk").first()
    return (event.note, event.data.get("section_notes", {})) if event else ("", {})


def plan_context(plan) -> dict:
    note, section_notes = latest_notes(plan)
    labels = section_labels()
    sections = [
        {"key": key, "label": labels[key], "text": getattr(plan, key), "note": section_notes.get(key, "")}
        for key in ActionPlan.SECTIONS
    ]
    return {
        "plan": plan,
        "sections": sections,
        "revision_note": note,
        "section_notes": section_notes,
        "stakeholders": plan.stakeholders.all(),
        "risks": plan.risks.all(),
        "milestones": plan.milestones.all(),
        "attachments": plan.attachments.all(),
    }
