import io

import pytest
from django.apps import apps
from django.core.management import call_command

BACKUP_EXCLUDES = ["contenttypes", "auth.permission", "admin.logentry", "sessions", "axes"]


# Rows described by what they mean, following their links, so a restore that broke a link shows.
SNAPSHOT = {
    "participants.User": ["email", "nip", "full_name", "password"],
    "participants.Region": ["code", "name", "level", "kind", "parent__code"],
    "participants.Organisation": ["short_name", "name", "region__code", "place", "head_name", "number_pattern", "logo"],
    "participants.Organisation_staff_members": ["organisation__short_name", "user__nip"],
    "participants.DocumentCounter": ["organisation__short_name", "year", "last"],
    "participants.Cohort": ["slug", "organisation__short_name", "region__code", "mentor_rule"],
    "participants.Participant": [
        "cohort__slug",
        "user__nip",
        "roll_number",
        "grade",
        "work_unit",
        "kecamatan__code",
        "kelurahan__code",
        "mentor__user__nip",
        "superior__user__nip",
    ],
    "participants.Mentor": ["cohort__slug", "user__nip", "kecamatan__name", "position"],
    "participants.Examiner": ["cohort__slug", "user__nip", "institution"],
    "innovations.Cluster": ["cohort__slug", "name", "order"],
    "innovations.ActionPlan": [
        "participant__user__nip",
        "title",
        "state",
        "cluster__name",
        "core_issue__description",
        "background",
        "version",
        "created_at",
    ],
    "innovations.Milestone": ["plan__participant__user__nip", "term", "deliverable", "due_date"],
    "participants.AuditEvent": [
        "cohort__slug",
        "actor__nip",
        "verb",
        "target_type__model",
        "target_id",
        "from_state",
        "to_state",
        "note",
        "data",
        "at",
    ],
    "innovations.PlanVersion": ["plan__participant__user__nip", "number", "content"],
    "seminars.Seminar": ["cohort__slug", "title", "date", "venue", "minutes_number"],
    "seminars.Agreement": ["plan__participant__user__nip", "number", "content_hash"],
    "innovations.InnovationRecord": ["plan__participant__user__nip", "stage", "state", "confirmed_stage", "decree"],
    "innovations.Measurement": ["indicator__name", "value", "measured_on", "file", "confirmed_at"],
    "impact.Dossier": ["plan__participant__user__nip", "form", "state", "organisation__short_name"],
    "impact.FollowUp": ["plan__participant__user__nip", "respondent", "user__nip", "answered_at"],
}


def snapshot() -> dict:
    return {
        label: sorted(map(repr, apps.get_model(label).objects.values_list(*fields)))
        for label, fields in SNAPSHOT.items()
    }


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
    assert len(before["participants.Participant"]) == 51
    assert len(before["participants.Organisation"]) == 4  # three organisers and a region's organisation bureau
    assert len(before["impact.FollowUp"]) > 40
