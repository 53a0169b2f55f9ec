"""Reads of a plan that span its models: what its pages and documents show."""

from django.utils.translation import gettext as _

from core.lifecycle import Publication
from participants.audit import events_of
from participants.models import AuditEvent

from . import catalogue, sections
from .models import ActionPlan


def latest_notes(plan) -> tuple[str, dict]:
    """The last return for revision: the general note and the notes per section."""
    event = events_of(plan).filter(to_state=ActionPlan.State.REVISION).order_by("-at", "-pk").first()
    return (event.note, event.data.get("section_notes", {})) if event else ("", {})


def plan_context(plan) -> dict:
    note, section_notes = latest_notes(plan)
    spec = plan.participant.cohort.programme_spec
    written = [
        {"key": section.key, "label": section.label, "text": section.text, "note": section_notes.get(section.key, "")}
        for section in sections.of(plan, spec)
    ]
    labels = sections.labels(spec)
    return {
        "plan": plan,
        "sections": written,
        "selects_issues": spec.issues,
        # The programme's lists, each under its heading with the mentor's note on it.
        "lists": [(kind, labels[kind], section_notes.get(kind, "")) for kind in sections.lists_of(spec)],
        "revision_note": note,
        "section_notes": section_notes,
        "stakeholders": plan.stakeholders.all(),
        "team": plan.team.all(),
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


def similar_plans(plan, limit: int = 5) -> list[tuple[ActionPlan, float, bool]]:
    """The plans that resemble one being written, best first, each with its score and whether it is in the public
    catalogue: the catalogue's (catalogue.similar_in_catalogue, as its entries show them) and the cohort's own under
    way, so the participant learns from them and does not duplicate them. Only titles and work units are shown,
    never anyone's draft."""
    cohort_plans = (
        ActionPlan.objects.filter(participant__cohort_id=plan.participant.cohort_id)
        .exclude(pk=plan.pk)
        .exclude(state__in=[ActionPlan.State.DRAFT, ActionPlan.State.WITHDRAWN])
        .select_related("participant")
        .only("participant__work_unit", *catalogue.TEXT_FIELDS)
        .order_by("pk")
    )
    found = [(other, score, True) for other, score in catalogue.similar_in_catalogue(plan, limit=limit)]
    public = {other.pk for other, _score, _public in found}
    found += [
        (other, score, False)
        for other, score in catalogue.similar_to(plan, cohort_plans, limit)
        if other.pk not in public
    ]
    return sorted(found, key=lambda item: -item[1])
