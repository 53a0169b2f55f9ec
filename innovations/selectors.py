"""Reads of a plan that span its models: what its pages and documents show."""

from django.utils.translation import gettext as _

from core.lifecycle import Publication
from participants.audit import events_of
from participants.models import AuditEvent

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


# The states of each kind of event a plan's history holds, to name the states it went from and to.
HISTORY_STATES = {"plan": ActionPlan.State, "catalogue": Publication}


def _state_label(event: AuditEvent, value: str) -> str:
    states = HISTORY_STATES.get(event.verb.partition(".")[0])
    return str(states(value).label) if states and value in states.values else value


def plan_history(plan) -> list[tuple[str, object, dict]]:
    """The plan's events and submitted versions, oldest first, as (kind, when, what) for its history page: each
    event named, with the states it went from and to and its note in the reader's language."""
    timeline = []
    for event in events_of(plan):
        before, after = _state_label(event, event.from_state), _state_label(event, event.to_state)
        move = _("%(from)s → %(to)s") % {"from": before, "to": after} if before and after else before or after
        row = {"what": event.verb_label, "actor": event.actor, "move": move, "note": event.note_text}
        timeline.append(("event", event.at, row))
    timeline += [("version", version.created_at, version) for version in plan.versions.select_related("created_by")]
    return sorted(timeline, key=lambda item: item[1])
