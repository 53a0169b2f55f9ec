"""Consultations' lifecycle: recorded by the participant, confirmed or returned by the coach or mentor they met,
corrected and sent again; refused in words when it cannot be; counted before the seminar; printed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innovations import consultations, documents
from innovations.models import ActionPlan, Consultation
from participants.models import AuditEvent, Notification
from programmes.models import Programme
from seminars.services import schedule_seminar
from tests.downloads import pdf_text
from tests.factories import (
    ActionPlanFactory,
    CohortFactory,
    ExaminerFactory,
    PanelFactory,
    ParticipantFactory,
    SeminarFactory,
    UserFactory,
)

State = Consultation.State
TODAY = datetime.date(2017, 8, 10)  # within the factory cohort's training, 24 July to 21 August 2017


def values(**changes) -> dict:
    return {
        "consultant": "coach",
        "held_on": datetime.date(2017, 8, 1),
        "mode": "online",
        "topic": "Tonggak capaian jangka pendek",
        "advice": "Rinci kegiatan per minggu.",
        "follow_up": "Kirim draf Jumat.",
        **changes,
    }


@pytest.fixture
def plan(db):
    return ActionPlanFactory(participant=ParticipantFactory(with_coach=True))


def record(plan, **changes) -> Consultation:
    return consultations.record_consultation(plan, by=plan.participant.user, values=values(**changes), today=TODAY)


def test_a_recorded_consultation_waits_for_the_coach_who_is_told(plan):
    consultation = record(plan)

    assert (consultation.state, consultation.consultant, consultation.stage) == (State.RECORDED, "coach", "design")
    assert list(AuditEvent.objects.filter(target_id=consultation.pk).values_list("verb", "to_state")) == [
        ("consultation.record", "recorded")
    ]
    notice = Notification.objects.get(user=plan.participant.coach.user)
    assert notice.url == f"/plans/{plan.pk}/consultations/"


def test_the_coach_confirms_it_and_the_participant_is_told(plan):
    consultation = record(plan)
    coach = plan.participant.coach.user

    consultations.confirm_consultation(consultation, by=coach)

    consultation.refresh_from_db()
    assert (consultation.state, consultation.reviewed_by) == (State.CONFIRMED, coach)
    assert AuditEvent.objects.filter(verb="consultation.confirm", actor=coach).count() == 1
    assert Notification.objects.filter(user=plan.participant.user).count() == 1


def test_the_mentor_may_not_confirm_a_consultation_held_with_the_coach(plan):
    consultation = record(plan)

    with pytest.raises(ValidationError) as refused:
        consultations.confirm_consultation(consultation, by=plan.participant.mentor.user)

    assert refused.value.messages == [
        "Only the coach or mentor the participant met confirms or returns a consultation."
    ]
    consultation.refresh_from_db()
    assert consultation.state == State.RECORDED


def test_the_mentor_confirms_one_held_with_the_mentor(plan):
    consultation = record(plan, consultant="mentor")

    consultations.confirm_consultation(consultation, by=plan.participant.mentor.user)

    consultation.refresh_from_db()
    assert consultation.state == State.CONFIRMED


def test_a_returned_consultation_is_corrected_and_sent_again(plan):
    consultation = record(plan)
    coach = plan.participant.coach.user

    with pytest.raises(ValidationError, match="write a note"):
        consultations.return_consultation(consultation, by=coach, note=" ")
    consultations.return_consultation(consultation, by=coach, note="Tanggalnya 2 Agustus.")
    consultations.correct_consultation(
        consultation, by=plan.participant.user, values=values(held_on=datetime.date(2017, 8, 2)), today=TODAY
    )

    consultation.refresh_from_db()
    assert (consultation.state, consultation.held_on, consultation.note) == (
        State.RECORDED,
        datetime.date(2017, 8, 2),
        "Tanggalnya 2 Agustus.",
    )
    verbs = AuditEvent.objects.filter(target_id=consultation.pk).order_by("pk").values_list("verb", flat=True)
    assert list(verbs) == ["consultation.record", "consultation.return", "consultation.record"]


def test_a_confirmed_consultation_is_neither_returned_nor_corrected(plan):
    consultation = record(plan)
    consultations.confirm_consultation(consultation, by=plan.participant.coach.user)

    with pytest.raises(ValidationError) as returned:
        consultations.return_consultation(consultation, by=plan.participant.coach.user, note="Salah")
    with pytest.raises(ValidationError) as corrected:
        consultations.correct_consultation(consultation, by=plan.participant.user, values=values(), today=TODAY)

    assert (returned.value.code, corrected.value.code) == ("illegal_transition", "illegal_transition")
    assert consultations.allowed_moves(consultation, plan.participant.user) == {}


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (datetime.date(2017, 8, 11), "A consultation cannot be dated in the future."),
        (
            datetime.date(2017, 7, 1),
            "A consultation is dated within the training, from 24 July 2017 to 21 August 2017.",
        ),
    ],
)
def test_a_date_in_the_future_or_outside_the_training_is_refused_and_nothing_is_kept(plan, held_on, message):
    with pytest.raises(ValidationError) as refused:
        record(plan, held_on=held_on)

    assert refused.value.message_dict == {"held_on": [message]}
    assert (Consultation.objects.count(), AuditEvent.objects.filter(verb="consultation.record").count()) == (0, 0)


def test_a_correction_dated_in_the_future_changes_nothing(plan):
    consultation = record(plan)
    consultations.return_consultation(consultation, by=plan.participant.coach.user, note="Tanggal?")

    with pytest.raises(ValidationError):
        consultations.correct_consultation(
            consultation, by=plan.participant.user, values=values(held_on=datetime.date(2017, 9, 1)), today=TODAY
        )

    consultation.refresh_from_db()
    assert (consultation.state, consultation.held_on) == (State.RETURNED, datetime.date(2017, 8, 1))


def test_a_double_submit_records_the_consultation_once(plan):
    record(plan)

    with pytest.raises(ValidationError) as refused:
        record(plan)

    assert refused.value.messages == ["This consultation is already recorded."]
    assert Consultation.objects.count() == 1


def test_a_consultation_with_a_coach_the_participant_lacks_is_refused(db):
    plan = ActionPlanFactory()  # no coach

    with pytest.raises(ValidationError) as refused:
        record(plan)

    assert refused.value.message_dict == {
        "consultant": ["You have no coach yet: record this consultation once the organiser names one."]
    }


def test_only_the_participant_records_their_consultations(plan):
    with pytest.raises(ValidationError, match="Only the participant"):
        consultations.record_consultation(plan, by=plan.participant.coach.user, values=values(), today=TODAY)

    assert Consultation.objects.count() == 0


def test_an_attachment_is_kept_under_a_safe_name_with_its_checked_type(plan):
    upload = SimpleUploadedFile("notulen rapat.pdf", b"%PDF-1.4\n%%EOF\n")
    upload.detected_type = "application/pdf"

    consultation = consultations.record_consultation(
        plan, by=plan.participant.user, values=values(), upload=upload, today=TODAY
    )

    consultation.refresh_from_db()
    with consultation.file.open("rb") as stored:
        content = stored.read()
    assert (consultation.name, consultation.content_type, content) == (
        "notulen rapat.pdf",
        "application/pdf",
        b"%PDF-1.4\n%%EOF\n",
    )


# Readiness for the seminar ---------------------------------------------------------------------------------------


def latsar_plan(state=ActionPlan.State.APPROVED) -> ActionPlan:
    latsar = Programme.objects.get(code="latsar-cpns")
    cohort = CohortFactory(programme=latsar, spec=latsar.spec)
    return ActionPlanFactory.create(participant=ParticipantFactory(cohort=cohort, with_coach=True), state=state)


def confirmed(plan, count):
    for day in range(1, count + 1):
        consultation = record(plan, held_on=datetime.date(2017, 8, day))
        consultations.confirm_consultation(consultation, by=plan.participant.coach.user)


def seminar_with_a_panel(cohort):
    seminar = SeminarFactory(cohort=cohort)
    PanelFactory(room__seminar=seminar, examiners=[ExaminerFactory(cohort=cohort)])
    return seminar


def test_a_plan_short_of_confirmed_consultations_is_not_scheduled_and_the_schedule_says_why(db):
    plan = latsar_plan()
    confirmed(plan, 1)
    record(plan, topic="Belum dikonfirmasi", held_on=datetime.date(2017, 8, 5))  # waiting: does not count
    seminar = seminar_with_a_panel(plan.participant.cohort)

    schedule = schedule_seminar(seminar, by=UserFactory())

    assert schedule.placements == {}
    assert schedule.problems == [
        f"{plan.participant.user.full_name} ({plan.title}) is not scheduled: 1 of the 2 confirmed consultations "
        "the programme asks for before the seminar."
    ]


def test_a_plan_with_enough_confirmed_consultations_is_scheduled(db):
    plan = latsar_plan()
    confirmed(plan, 2)
    seminar = seminar_with_a_panel(plan.participant.cohort)

    schedule = schedule_seminar(seminar, by=UserFactory())

    assert list(schedule.placements) == [plan.pk]
    assert consultations.shortfall(plan) is None


def test_the_2017_flow_asks_for_no_consultation(plan):
    assert consultations.shortfall(plan) is None


def test_consultations_after_the_design_seminar_count_toward_the_report(db):
    plan = latsar_plan(state=ActionPlan.State.EXAMINED)

    consultation = record(plan)

    assert consultation.stage == "report"
    assert consultations.shortfall(plan) == consultations.Shortfall(confirmed=0, needed=2)


# The printed log -------------------------------------------------------------------------------------------------


def test_the_printed_log_lists_each_meeting_under_the_letterhead_in_indonesian(plan):
    confirmed(plan, 1)
    record(plan, topic="Rencana survei kepuasan", held_on=datetime.date(2017, 8, 3))

    words = " ".join(pdf_text(documents.consultations_pdf(plan)).split())

    assert "LOG KONSULTASI" in words
    assert plan.participant.cohort.organisation.name.upper() in words
    assert words.count("Tonggak capaian jangka pendek") == 1
    assert "Rencana survei kepuasan" in words
    assert "Dikonfirmasi" in words
    assert "Menunggu konfirmasi" in words
    assert plan.participant.coach.user.full_name in words


def test_the_schedule_page_lists_the_plans_not_ready_and_why(client, db):
    plan = latsar_plan()
    confirmed(plan, 1)
    seminar_with_a_panel(plan.participant.cohort)
    staff = UserFactory(is_staff=True)
    plan.participant.cohort.organisation.staff_members.add(staff)
    client.force_login(staff)

    page = client.get(reverse("seminars:schedule", args=[plan.participant.cohort.slug])).content.decode()

    assert "Not ready for the seminar yet:" in page
    assert (
        f"{plan.participant.user.full_name} ({plan.title}): 1 of the 2 confirmed consultations the programme asks "
        "for before the seminar"
    ) in page
    assert "ready for this seminar is not in the schedule yet" not in page
