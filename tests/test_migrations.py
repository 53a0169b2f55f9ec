"""Data migrations keep what an installation that ran the version before them holds: every event moved into the
one audit log; every kecamatan, cohort and staff member moved onto Kemendagri regions and organisations."""

import datetime
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from PIL import Image

from tests.core.test_images import png_bomb

BEFORE = [
    ("participants", "0002_add_invitations_and_mentor_choice"),
    ("innovations", "0006_add_catalogue_search_index"),
    ("seminars", "0005_add_score_event_total"),
]
AT = datetime.datetime(2017, 8, 21, 9, 0, tzinfo=datetime.timezone.utc)


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


BEFORE_SHARED_KECAMATAN = [("participants", "0009_participant_withdrawal_and_versions")]
AFTER_SHARED_KECAMATAN = [("participants", "0010_mentors_share_kecamatan_outside_camat_rule")]


@pytest.mark.django_db(transaction=True)
def test_mentors_of_direct_superior_cohorts_may_share_a_kecamatan_after_the_migration():
    old = migrate(BEFORE_SHARED_KECAMATAN)
    region = old.get_model("participants", "Region").objects
    city = region.create(code="61.71", name="Kota Pontianak", level=2, kind="kota")
    selatan = region.create(code="61.71.02", name="Pontianak Selatan", level=3, kind="kecamatan", parent=city)
    organisation = old.get_model("participants", "Organisation").objects.create(
        name="BKPSDM", short_name="BKPSDM Kota Pontianak", place="Pontianak"
    )
    cohorts = old.get_model("participants", "Cohort").objects
    camat, superior = (
        cohorts.create(
            name=name,
            slug=name,
            training_title="PKP",
            organisation=organisation,
            region=city,
            mentor_rule=rule,
            start_date=AT,
            end_date=AT,
        )
        for name, rule in (("camat", "camat"), ("superior", "superior"))
    )
    users = old.get_model("participants", "User").objects
    mentors = old.get_model("participants", "Mentor").objects
    for cohort in (camat, superior):
        mentors.create(
            cohort=cohort, user=users.create(email=f"{cohort.slug}@example.org", full_name="M"), kecamatan=selatan
        )

    new = migrate(AFTER_SHARED_KECAMATAN)

    mentors = new.get_model("participants", "Mentor").objects
    assert dict(mentors.values_list("cohort__slug", "is_camat")) == {"camat": True, "superior": False}
    users = new.get_model("participants", "User").objects
    mentors.create(
        cohort_id=superior.pk,
        user=users.create(email="sekcam@example.org", full_name="S"),
        kecamatan_id=selatan.pk,
        is_camat=False,
    )
    assert mentors.filter(cohort_id=superior.pk, kecamatan_id=selatan.pk).count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        mentors.create(
            cohort_id=camat.pk,
            user=users.create(email="kedua@example.org", full_name="K"),
            kecamatan_id=selatan.pk,
            is_camat=True,
        )


@pytest.mark.django_db(transaction=True)
def test_system_notes_already_written_in_indonesian_become_marked_english_sources():
    old = migrate([("participants", "0011_participant_replaced_superior")])
    events = old.get_model("participants", "AuditEvent").objects
    system = events.create(verb="plan.complete", note="Semua tonggak capaian terverifikasi selesai.", at=AT)
    person = events.create(verb="plan.return", note="Perjelas indikator.", at=AT)

    new = migrate([("participants", "0012_mark_system_notes")])
    events = new.get_model("participants", "AuditEvent").objects

    assert events.get(pk=system.pk).note == "Every milestone is verified done."
    assert events.get(pk=system.pk).data == {"system_note": True}
    assert (events.get(pk=person.pk).note, events.get(pk=person.pk).data) == ("Perjelas indikator.", {})


@pytest.mark.django_db(transaction=True)
def test_regions_loaded_before_get_the_names_offices_write():
    old = migrate([("participants", "0012_mark_system_notes")])
    regions = old.get_model("participants", "Region").objects
    regions.create(code="61.71.03.1002", name="Sungaijawi Dalam", level=4, kind="kelurahan")
    regions.create(code="61.71.02.1002", name="Banjar Serasan", level=4, kind="kelurahan")

    new = migrate([("participants", "0013_region_common_name")])
    regions = new.get_model("participants", "Region").objects

    assert dict(regions.values_list("name", "common_name")) == {
        "Sungaijawi Dalam": "Sungai Jawi Dalam",
        "Banjar Serasan": "",
    }


@pytest.mark.django_db(transaction=True)
def test_documents_a_double_click_asked_for_twice_keep_the_first_job_when_the_rule_arrives():
    old = migrate([("participants", "0013_region_common_name")])
    person = old.get_model("participants", "User").objects.create(email="s@example.org", full_name="S")
    jobs = old.get_model("participants", "Job").objects
    first, twice = (jobs.create(kind="minutes", requested_by=person, params={"seminar": 1}) for _ in range(2))
    other = jobs.create(kind="minutes", requested_by=person, params={"seminar": 2})
    invitations = [jobs.create(kind="invitations", requested_by=person, params={"users": [1]}) for _ in range(2)]

    new = migrate([("participants", "0014_add_job_lease_and_one_open_job_per_request")])

    states = dict(new.get_model("participants", "Job").objects.values_list("pk", "state"))
    assert states == {
        first.pk: "queued",
        twice.pk: "failed",
        other.pk: "queued",
        invitations[0].pk: "queued",
        invitations[1].pk: "queued",
    }


@pytest.mark.django_db(transaction=True)
def test_a_large_stored_logo_is_shrunk_and_a_pixel_bomb_let_go():
    old = migrate([("participants", "0015_add_organisation_and_cohort_versions")])
    organisations = old.get_model("participants", "Organisation").objects
    large, bomb = (organisations.create(name=name, short_name=name, place="Medan") for name in ("Besar", "Bom"))
    picture = io.BytesIO()
    Image.new("RGB", (3000, 1500), "navy").save(picture, "PNG")
    large.logo.save("besar.png", ContentFile(picture.getvalue()))
    bomb.logo.save("bom.png", ContentFile(png_bomb(11_000, 11_000)))
    stored = (large.logo.path, bomb.logo.path)

    new = migrate([("participants", "0016_shrink_stored_logos")])

    shrunk, let_go = new.get_model("participants", "Organisation").objects.order_by("pk")
    with shrunk.logo.open("rb") as logo, Image.open(logo) as read:
        assert read.size == (600, 300)
    assert let_go.logo.name == ""
    assert [os.path.exists(path) for path in stored] == [False, False]


@pytest.mark.django_db(transaction=True)
def test_sensitive_values_already_in_the_audit_log_are_masked():
    old = migrate([("participants", "0016_shrink_stored_logos")])
    events = old.get_model("participants", "AuditEvent").objects
    edit = events.create(
        verb="participant.edit", data={"phone": "0812 → 0813", "nip": "1975 → 1976", "grade": "III/a → III/b"}
    )
    plain = events.create(verb="roster.import", data={"new": 3})

    new = migrate([("participants", "0017_mask_sensitive_audit_data")])

    events = new.get_model("participants", "AuditEvent").objects
    assert events.get(pk=edit.pk).data == {"phone": "********", "nip": "********", "grade": "III/a → III/b"}
    assert events.get(pk=plain.pk).data == {"new": 3}


@pytest.mark.django_db(transaction=True)
def test_score_sheets_of_the_one_seminar_flow_move_to_the_cohorts_design_seminar():
    old = migrate(
        [
            ("participants", "0023_add_coach_chosen_by_staff"),
            ("innovations", "0016_store_catalogue_search_vector"),
            ("seminars", "0013_add_seminar_stage"),
        ]
    )
    users = old.get_model("participants", "User").objects
    organisation = old.get_model("participants", "Organisation").objects.create(
        name="BKPSDM Kota Medan", short_name="BKPSDM", place="Medan", kind="organiser"
    )
    cohorts = old.get_model("participants", "Cohort").objects
    scheduled, unscheduled, bare = (
        cohorts.create(
            name=name, slug=name, training_title="Diklat", organisation=organisation, start_date=AT, end_date=AT
        )
        for name in ("a1", "a2", "a3")
    )
    seminars = old.get_model("seminars", "Seminar").objects
    seminar = seminars.create(cohort=scheduled, title="Seminar", date=AT, venue="Aula")
    other = seminars.create(cohort=unscheduled, title="Seminar", date=AT, venue="Aula")
    room = old.get_model("seminars", "Room").objects.create(seminar=seminar, name="Ruang 1")
    sheets = []
    for cohort in (scheduled, unscheduled, bare):
        person = users.create(email=f"p-{cohort.slug}@example.org", full_name="P")
        examiner = old.get_model("participants", "Examiner").objects.create(
            cohort=cohort, user=users.create(email=f"e-{cohort.slug}@example.org", full_name="E")
        )
        participant = old.get_model("participants", "Participant").objects.create(
            cohort=cohort, user=person, roll_number=1
        )
        plan = old.get_model("innovations", "ActionPlan").objects.create(
            participant=participant, title="Arsip", state="examined"
        )
        if cohort == scheduled:
            old.get_model("seminars", "Slot").objects.create(
                seminar=seminar, room=room, plan=plan, starts_at=AT, ends_at=AT + datetime.timedelta(minutes=20)
            )
        sheets.append(old.get_model("seminars", "ScoreSheet").objects.create(plan=plan, examiner=examiner))
    old.get_model("seminars", "Rubric").objects.create(cohort=scheduled)

    new = migrate(
        [
            ("participants", "0023_add_coach_chosen_by_staff"),
            ("innovations", "0016_store_catalogue_search_vector"),
            ("seminars", "0017_require_score_sheet_seminar"),
        ]
    )

    moved = new.get_model("seminars", "ScoreSheet").objects
    made = new.get_model("seminars", "Seminar").objects.get(cohort=bare.pk)
    assert [moved.get(pk=sheet.pk).seminar_id for sheet in sheets] == [seminar.pk, other.pk, made.pk]
    assert (made.stage, made.title, made.date) == ("design", "Diklat", AT.date())
    assert new.get_model("seminars", "Rubric").objects.get().stage == "design"
    assert new.get_model("seminars", "Slot").objects.get().plan.slots.count() == 1
