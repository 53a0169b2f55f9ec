"""Writing the audit log: one call per event, from every transition and every staff action."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent, Cohort, User

Verb = AuditEvent.Verb
# What the log never keeps in clear, as pretalx's LogMixin: identity numbers, phone numbers, passwords and tokens.
# An edit of one is recorded as changed, without its values; so is any key ending in one of these names.
SENSITIVE_KEYS = frozenset({"nip", "nik", "phone", "password", "token", "secret"})
MASKED = "********"


def is_sensitive(key: str) -> bool:
    return any(key == name or key.endswith(f"_{name}") for name in SENSITIVE_KEYS)


def masked(data):
    """`data` with every sensitive key's value replaced by MASKED, at any depth."""
    if isinstance(data, dict):
        return {key: MASKED if is_sensitive(str(key)) else masked(value) for key, value in data.items()}
    if isinstance(data, list):
        return [masked(value) for value in data]
    return data


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
    """Write one audit event. `verb` must be one of `AuditEvent.Verb`, so every event has a name people read.
    Sensitive values in `data` are masked before they are written (`SENSITIVE_KEYS`)."""
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
        data=masked(data or {}),
    )


def events_of(target):
    """The audit events of one object, oldest first."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).select_related("actor")
