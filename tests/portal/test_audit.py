"""The cohort's audit trail: one paged, filtered query over every event, and its spreadsheet."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook

from innovations import workflow
from participants.audit import MASKED, Verb, record
from participants.models import AuditEvent
from seminars.models import Seminar
from seminars.scoring import ensure_rubric
from tests.factories import ExaminerFactory, ParticipantFactory, complete_plan
from tests.participants.roster_files import person, roster, xlsx


def trail(client, cohort, **params):
    return client.get(reverse("portal:audit", args=[cohort.slug]), params)


@pytest.fixture
def plan(cohort):
    return complete_plan(participant__cohort=cohort)


def test_the_trail_shows_each_move_with_who_what_and_the_states(client, cohort, staff_user, plan):
    workflow.submit_plan(plan, by=plan.participant.user)
    workflow.return_plan(plan, by=plan.participant.mentor.user, note="Perjelas indikator")
    client.force_login(staff_user)

    rows = trail(client, cohort).context["rows"]

    assert [(row["event"].actor, row["what"], row["move"], row["details"]) for row in rows] == [
        (plan.participant.mentor.user, "Plan returned for revision", "Submitted → Revision", "Perjelas indikator"),
        (plan.participant.user, "Plan submitted", "Draft → Submitted", ""),
    ]
    assert rows[0]["plan_url"] == reverse("innovations:detail", args=[plan.pk])


def test_the_trail_filters_by_person_kind_and_date(client, cohort, staff_user, plan):
    with freeze_time("2017-08-01 09:00"):
        workflow.submit_plan(plan, by=plan.participant.user)
    with freeze_time("2017-08-03 09:00"):
        workflow.approve_plan(plan, by=plan.participant.mentor.user)
        record(Verb.RUBRIC_EDIT, cohort=cohort, actor=staff_user, target=ensure_rubric(cohort))
    client.force_login(staff_user)

    def verbs(**params):
        return [row["event"].verb for row in trail(client, cohort, **params).context["rows"]]

    assert verbs(actor=plan.participant.user.pk) == ["plan.submit"]
    assert verbs(kind="staff") == ["rubric.edit"]
    assert verbs(kind="plan") == ["plan.approve", "plan.submit"]
    assert verbs(after="2017-08-02") == ["rubric.edit", "plan.approve"]
    assert verbs(before="2017-08-02") == ["plan.submit"]


def test_the_trail_downloads_as_a_spreadsheet_with_its_filters(client, cohort, staff_user, plan):
    workflow.submit_plan(plan, by=plan.participant.user)
    workflow.approve_plan(plan, by=plan.participant.mentor.user)
    client.force_login(staff_user)

    response = trail(client, cohort, kind="plan", format="xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == f"Audit trail of {cohort.name}"
    assert rows[2] == ["When", "Who", "What", "On", "Change", "Note"]
    assert all(isinstance(row[0], datetime.datetime) for row in rows[3:])
    assert [row[1:5] for row in rows[3:]] == [
        [plan.participant.mentor.user.full_name, "Plan approved", plan.title, "Submitted → Approved"],
        [plan.participant.user.full_name, "Plan submitted", plan.title, "Draft → Submitted"],
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_the_trail_query_count_does_not_grow(client, cohort, staff_user, count, django_assert_num_queries):
    for _ in range(count):
        plan = complete_plan(participant__cohort=cohort)
        workflow.submit_plan(plan, by=plan.participant.user)
    client.force_login(staff_user)

    # Session, user, cohort, the filter's people, count, page of events, the menu (roles and unread count).
    with django_assert_num_queries(7):
        response = trail(client, cohort)

    assert len(response.context["rows"]) == count


def test_staff_actions_are_in_the_trail(client, cohort, staff_user, django_capture_on_commit_callbacks):
    Seminar.objects.create(cohort=cohort, title="Seminar", date=datetime.date(2017, 8, 21), venue="Aula")
    examiner = ExaminerFactory(cohort=cohort)
    client.force_login(staff_user)

    upload = client.post(
        reverse("participants:roster_upload", args=[cohort.slug]),
        {
            "file": SimpleUploadedFile(
                "peserta.xlsx", xlsx(roster(person(1, "Rina", "198001012005012001", kecamatan="")))
            )
        },
    )
    token = upload.url.rstrip("/").rsplit("/", 1)[-1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("participants:roster_confirm", args=[cohort.slug, token]))
    client.post(reverse("portal:examiner_remove", args=[cohort.slug, examiner.pk]))
    client.post(reverse("seminars:schedule_build", args=[cohort.slug]))

    events = AuditEvent.objects.filter(cohort=cohort, actor=staff_user).order_by("pk")
    assert [(e.verb, e.data) for e in events] == [
        (
            "roster.import",
            {"new": 1, "updated": 0, "unchanged": 0, "error": 0, "invitations": 0, "invite_later": False},
        ),
        ("examiner.remove", {}),
        (
            "schedule.build",
            {"placed": 0, "problems": 1, "pinned": 0, "discarded": 0},
        ),  # no plan is approved yet: said, and kept
    ]
    assert events[1].target_label == examiner.user.full_name


def test_the_trail_is_only_for_the_cohorts_staff(client, cohort, plan):
    for user in [plan.participant.user, plan.participant.mentor.user]:
        client.force_login(user)
        assert trail(client, cohort).status_code == 404


def test_a_phone_number_or_nip_staff_edit_stays_out_of_the_trail_and_its_spreadsheet(client, cohort, staff_user):
    participant = ParticipantFactory(cohort=cohort, grade="III/a", user__phone="081234567890")
    client.force_login(staff_user)
    data = {
        "full_name": participant.user.full_name,
        "nip": "19750204 200006 2 002",
        "email": participant.user.email,
        "phone": "081399998888",
        "grade": "III/b",
        "position": participant.position,
        "work_unit": participant.work_unit,
        "kecamatan": participant.kecamatan_id,
        "kelurahan": "",
        "roll_number": participant.roll_number,
        "version": participant.version,
    }
    client.post(reverse("portal:participant_edit", args=[cohort.slug, participant.pk]), data)

    event = AuditEvent.objects.get(verb="participant.edit")
    rows = trail(client, cohort).context["rows"]
    sheet = load_workbook(io.BytesIO(trail(client, cohort, format="xlsx").content)).active
    exported = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    assert event.data == {"nip": MASKED, "phone": MASKED, "grade": "III/a → III/b"}
    assert rows[0]["details"] == (
        "NIP: changed (not shown); phone number: changed (not shown); pangkat/golongan: III/a → III/b"
    )
    assert [number for number in ("0812", "0813", "19750204", participant.user.nip) if number in exported] == []


def test_sensitive_values_are_masked_at_any_depth_of_an_events_data(db):
    event = record(
        Verb.PARTICIPANT_EDIT,
        cohort=None,
        actor=None,
        data={"head_nip": "1968", "rows": [{"phone": "0812", "name": "Rina"}], "password": "x", "grade": "III/b"},
    )

    assert event.data == {
        "head_nip": MASKED,
        "rows": [{"phone": MASKED, "name": "Rina"}],
        "password": MASKED,
        "grade": "III/b",
    }
