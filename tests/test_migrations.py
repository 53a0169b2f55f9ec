"""Data migrations keep what an installation that ran the version before them holds: every event moved into the
one audit log; every kecamatan, cohort and staff member moved onto Kemendagri regions and organisations."""

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


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    """Each test leaves the database at the latest migrations, as every other test expects it."""
    yield
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


BEFORE_ORGANISATIONS = [("participants", "0004_add_notification_texts_and_calendar")]
AFTER_ORGANISATIONS = [("participants", "0007_remove_kecamatan_and_organiser")]


@pytest.mark.django_db(transaction=True)
def test_kecamatan_get_their_kemendagri_codes_and_organisers_become_organisations():
    old = migrate(BEFORE_ORGANISATIONS)
    users = old.get_model("participants", "User").objects
    staff, mentor_user = (
        users.create(email="s@example.org", full_name="S"),
        users.create(email="m@example.org", full_name="M"),
    )
    person = users.create(email="p@example.org", full_name="P")
    cohorts = old.get_model("participants", "Cohort").objects
    first = cohorts.create(
        name="Angkatan I",
        slug="a1",
        training_title="Diklat",
        organiser="BKDPSDM Kota Medan",
        start_date=AT,
        end_date=AT,
    )
    cohorts.create(
        name="Angkatan II",
        slug="a2",
        training_title="Diklat",
        organiser="BKDPSDM Kota Medan",
        start_date=AT,
        end_date=AT,
    )
    other = cohorts.create(
        name="PKP I", slug="p1", training_title="PKP", organiser="BPSDM Provinsi", start_date=AT, end_date=AT
    )
    first.staff_members.add(staff)
    other.staff_members.add(staff)
    kecamatan = old.get_model("participants", "Kecamatan").objects
    baru = kecamatan.create(name="Medan Baru", city="Kota Medan")
    selayang = kecamatan.create(name="MEDAN SELAYANG", city="Kota Medan")
    mentor = old.get_model("participants", "Mentor").objects.create(cohort=first, user=mentor_user, kecamatan=baru)
    old.get_model("participants", "Participant").objects.create(
        cohort=first, user=person, roll_number=1, work_unit="Kelurahan", kecamatan=selayang, mentor=mentor
    )

    new = migrate(AFTER_ORGANISATIONS)

    Cohort = new.get_model("participants", "Cohort")
    assert new.get_model("participants", "Mentor").objects.get().kecamatan_id == "12.71.17"  # Medan Baru
    assert new.get_model("participants", "Participant").objects.get().kecamatan_id == "12.71.21"  # Medan Selayang
    regions = {c.slug: (c.organisation.short_name, c.region_id) for c in Cohort.objects.select_related("organisation")}
    assert regions == {
        "a1": ("BKDPSDM Kota Medan", "12.71"),
        "a2": ("BKDPSDM Kota Medan", None),
        "p1": ("BPSDM Provinsi", None),
    }
    organisations = new.get_model("participants", "Organisation").objects.order_by("pk")
    assert [(o.short_name, o.region_id, o.place) for o in organisations] == [
        ("BKDPSDM Kota Medan", "12.71", "Medan"),
        ("BPSDM Provinsi", None, ""),
    ]
    assert [list(o.staff_members.values_list("email", flat=True)) for o in organisations] == [
        ["s@example.org"],
        ["s@example.org"],
    ]
    assert new.get_model("participants", "Region").objects.filter(parent_id="12.71").count() == 21


@pytest.mark.django_db(transaction=True)
def test_a_kecamatan_the_kemendagri_list_does_not_have_stops_the_migration_naming_it():
    old = migrate(BEFORE_ORGANISATIONS)
    kecamatan = old.get_model("participants", "Kecamatan").objects
    kecamatan.create(name="Medan Atlantis", city="Kota Medan")

    with pytest.raises(
        RuntimeError, match=r"These kecamatan are not in the Kemendagri list: Medan Atlantis \(Kota Medan\)"
    ):
        migrate(AFTER_ORGANISATIONS)

    kecamatan.all().delete()  # so that the database can go on to the latest migrations


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


@pytest.mark.django_db(transaction=True)
def test_sensitive_values_already_in_the_audit_log_are_masked():
    old = migrate([("participants", "0009_participant_withdrawal_and_versions")])
    events = old.get_model("participants", "AuditEvent").objects
    edit = events.create(
        verb="participant.edit", data={"phone": "0812 → 0813", "nip": "1975 → 1976", "grade": "III/a → III/b"}
    )
    plain = events.create(verb="roster.import", data={"new": 3})

    new = migrate([("participants", "0010_mask_sensitive_audit_data")])

    events = new.get_model("participants", "AuditEvent").objects
    assert events.get(pk=edit.pk).data == {"phone": "********", "nip": "********", "grade": "III/a → III/b"}
    assert events.get(pk=plain.pk).data == {"new": 3}
