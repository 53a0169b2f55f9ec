"""Writing the audit log: one call per event, from every transition and every staff action."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent, Cohort, User

Verb = AuditEvent.Verb


class SystemNote(str):
    """A note the system writes on a move, not a person's words ("Every examiner on the panel has submitted."):
    give its English source, marked with gettext_noop; the event keeps it so and `AuditEvent.note_text` reads it
    in each reader's language."""


def record(
    verb: str,
    *,
    cohort: Cohort | None,
    actor: User | None,
    target=None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Write one audit event. `verb` must be one of `AuditEvent.Verb`, so every event has a name people read."""
    if isinstance(note, SystemNote):
        data = {**(data or {}), "system_note": True}
    return AuditEvent.objects.create(
        cohort=cohort,
        actor=actor,
        verb=Verb(verb),
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        target_label=str(target)[:300] if target is not None else "",
        from_state=from_state,
        to_state=to_state,
        note=note.strip(),
        data=data or {},
    )


def events_of(target):
    """The audit events of one object, oldest first."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).select_related("actor")
