import io

import pytest
from django.apps import apps
from django.core.management import call_command

BACKUP_EXCLUDES = ["contenttypes", "auth.permission", "admin.logentry", "sessions", "axes"]


def snapshot() -> dict:
    """Every row of the project's own apps, as plain values."""
    rows = {}
    for app in ("participants", "innovations", "seminars"):
        for model in apps.get_app_config(app).get_models():
            rows[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return rows


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_keeps_the_demo_cohort(tmp_path):
    call_command("seed_demo", stdout=io.StringIO())
    before = snapshot()
    # XML, not JSON: Django's JSON cuts timestamps to the millisecond.
    backup = tmp_path / "backup.xml"

    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        *[f"--exclude={x}" for x in BACKUP_EXCLUDES],
        format="xml",
        output=str(backup),
        verbosity=0,
    )
    call_command("flush", interactive=False, verbosity=0)
    assert snapshot() != before
    call_command("loaddata", str(backup), verbosity=0)

    assert snapshot() == before
    assert len(before["participants.Participant"]) == 37
