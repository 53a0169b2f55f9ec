"""The notes the system wrote on moves were kept in the language of the page that made the move: keep them as their
English source, marked, so that every reader reads them in their own language (AuditEvent.note_text)."""

from django.db import migrations
from django.utils import translation

SYSTEM_NOTES = [
    "Every examiner on the panel has submitted.",
    "The agreement is signed by all three parties.",
    "Every milestone is verified done.",
]


def mark_system_notes(apps, schema_editor):
    AuditEvent = apps.get_model("participants", "AuditEvent")
    for source in SYSTEM_NOTES:
        written = {source}
        for code in ["id", "en"]:
            with translation.override(code):
                written.add(translation.gettext(source))
        for event in AuditEvent.objects.filter(note__in=written).iterator():
            event.note = source
            event.data = {**(event.data or {}), "system_note": True}
            event.save(update_fields=["note", "data"])


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0011_participant_replaced_superior"),
    ]

    operations = [
        migrations.RunPython(mark_system_notes, migrations.RunPython.noop),
    ]
