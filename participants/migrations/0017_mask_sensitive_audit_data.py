from django.db import migrations
from django.db.models import Q

# The same rule as participants.audit.masked, frozen here as it was when this migration was written.
SENSITIVE_KEYS = ("nip", "nik", "phone", "password", "token", "secret")
MASKED = "********"


def _sensitive(key):
    return any(key == name or key.endswith(f"_{name}") for name in SENSITIVE_KEYS)


def _masked(data):
    if isinstance(data, dict):
        return {key: MASKED if _sensitive(str(key)) else _masked(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_masked(value) for value in data]
    return data


def mask_existing_events(apps, schema_editor):
    """Events written before the log masked sensitive values (staff edits of a NIP or a phone number)."""
    AuditEvent = apps.get_model("participants", "AuditEvent")
    has_one = Q()
    for key in SENSITIVE_KEYS:
        has_one |= Q(data__has_key=key)
    for event in AuditEvent.objects.filter(has_one).only("pk", "data").iterator(chunk_size=500):
        data = _masked(event.data)
        if data != event.data:
            AuditEvent.objects.filter(pk=event.pk).update(data=data)


class Migration(migrations.Migration):
    dependencies = [("participants", "0016_shrink_stored_logos")]

    operations = [migrations.RunPython(mask_existing_events, migrations.RunPython.noop)]
