"""The move to one audit log keeps every event of an installation that ran the version before it."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("participants", "0002_add_invitations_and_mentor_choice"),
    ("innovations", "0006_add_catalogue_search_index"),
    ("seminars", "0005_add_score_event_total"),
]
AT = datetime.datetime(2017, 8, 21, 9, 0, tzinfo=datetime.UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_events_move_into_the_audit_log_and_lifecycles_get_their_states():
    old = migrate(BEFORE)
    user = old.get_model("participants", "User").objects.create(email="a@example.org", full_name="A")
    mentor_user = old.get_model("participants", "User").objects.create(email="m@example.org", full_name="M")
    cohort = old.get_model("participants", "Cohort").objects.create(
        name="Angkatan I", slug="a1", training_title="Diklat", organiser="BKD", start_date=AT, end_date=AT
    )
    kecamatan = old.get_model("participants", "Kecamatan").objects.create(name="Medan Baru", city="Kota Medan")
    mentor = old.get_model("participants", "Mentor").objects.create(
        cohort=cohort, user=mentor_user, kecamatan=kecamatan
    )
    participant = old.get_model("participants", "Participant").objects.create(
        cohort=cohort, user=user, roll_number=1, work_unit="Kelurahan", mentor=mentor
    )
    plan = old.get_model("innovations", "ActionPlan").objects.create(
        participant=participant, title="Arsip digital", state="agreed", published_at=AT
    )
    events = old.get_model("innovations", "PlanEvent").objects
    events.create(plan=plan, actor=user, from_state="draft", to_state="submitted")
    events.create(
        plan=plan,
        actor=mentor_user,
        from_state="submitted",
        to_state="revision",
        note="Perbaiki",
        section_notes={"problem": "Terlalu umum"},
    )
    old.get_model("innovations", "Notification").objects.create(user=user, plan=plan, message="Disetujui", url="/")
    milestone = old.get_model("innovations", "Milestone").objects.create(plan=plan, deliverable="SK", due_date=AT)
    old.get_model("innovations", "ProgressReport").objects.create(
        milestone=milestone,
        author=user,
        status="done",
        percent=100,
        narrative="Selesai",
        review="verified",
        reviewed_by=mentor_user,
        reviewed_at=AT,
    )
    old.get_model("seminars", "Seminar").objects.create(
        cohort=cohort, title="Seminar", date=AT, venue="Aula", results_published_at=AT
    )
    examiner = old.get_model("participants", "Examiner").objects.create(cohort=cohort, user=mentor_user)
    sheet = old.get_model("seminars", "ScoreSheet").objects.create(plan=plan, examiner=examiner, state="submitted")
    old.get_model("seminars", "ScoreEvent").objects.create(sheet=sheet, actor=mentor_user, action="submitted", total=85)

    new = migrate(
        [
            ("participants", "0003_add_audit_log_and_notifications"),
            ("innovations", "0009_remove_old_event_tables"),
            ("seminars", "0008_remove_old_event_tables"),
        ]
    )

    audit = new.get_model("participants", "AuditEvent").objects.order_by("pk")
    assert [(e.verb, e.actor_id, e.from_state, e.to_state, e.note, e.data) for e in audit] == [
        ("plan.submit", user.pk, "draft", "submitted", "", {}),
        (
            "plan.return",
            mentor_user.pk,
            "submitted",
            "revision",
            "Perbaiki",
            {"section_notes": {"problem": "Terlalu umum"}},
        ),
        ("report.verify", mentor_user.pk, "reported", "verified", "", {}),
        ("sheet.submit", mentor_user.pk, "draft", "submitted", "", {"total": "85.00"}),
    ]
    assert {e.cohort_id for e in audit} == {cohort.pk}
    [notice] = new.get_model("participants", "Notification").objects.all()
    assert (notice.user_id, notice.cohort_id, notice.message, notice.mail) == (user.pk, cohort.pk, "Disetujui", "sent")
    assert new.get_model("innovations", "ActionPlan").objects.get().catalogue_state == "published"
    assert new.get_model("innovations", "ProgressReport").objects.get().state == "verified"
    assert new.get_model("seminars", "Seminar").objects.get().results_state == "published"
