"""The consultation pages: who may open them, what a bad form gets, the coach's and mentor's buttons and to-do, and
the log's query count."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innovations import consultations
from innovations.models import Consultation
from tests.factories import ActionPlanFactory, ParticipantFactory, UserFactory

State = Consultation.State
TODAY = datetime.date(2017, 8, 10)
# The log page: the session, its user, the plan, the menu's roles, the consultations with their people.
LOG_QUERIES = 5


@pytest.fixture
def plan(db):
    return ActionPlanFactory(participant=ParticipantFactory(with_coach=True))


def form_data(**changes) -> dict:
    return {
        "consultant": "coach",
        "held_on": "2017-08-01",
        "mode": "in_person",
        "topic": "Ruang lingkup inovasi",
        "advice": "Batasi pada satu layanan.",
        "follow_up": "",
        **changes,
    }


def recorded(plan, **changes) -> Consultation:
    values = {
        "consultant": "coach",
        "held_on": datetime.date(2017, 8, 1),
        "mode": "online",
        "topic": "Tonggak capaian",
        "advice": "Rinci per minggu.",
        "follow_up": "",
        **changes,
    }
    return consultations.record_consultation(plan, by=plan.participant.user, values=values, today=TODAY)


def log_url(plan) -> str:
    return reverse("innovations:consultations", args=[plan.pk])


def test_the_log_sends_an_anonymous_visitor_to_sign_in(client, plan):
    response = client.get(log_url(plan))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("participants:login"))


def test_an_outsider_gets_404_on_the_log_the_form_and_the_buttons(client, plan):
    consultation = recorded(plan)
    client.force_login(UserFactory())

    answers = [
        client.get(log_url(plan)).status_code,
        client.post(reverse("innovations:consultation_add", args=[plan.pk]), form_data()).status_code,
        client.post(reverse("innovations:consultation_move", args=[consultation.pk, "confirm"])).status_code,
        client.get(reverse("innovations:consultation_edit", args=[consultation.pk])).status_code,
    ]

    assert answers == [404, 404, 404, 404]
    consultation.refresh_from_db()
    assert consultation.state == State.RECORDED


def test_someone_elses_plan_takes_no_consultation_from_a_participant(client, plan):
    other = ActionPlanFactory()
    client.force_login(other.participant.user)

    response = client.post(reverse("innovations:consultation_add", args=[plan.pk]), form_data())

    assert response.status_code == 404
    assert Consultation.objects.count() == 0


def test_the_participant_records_one_through_the_page(client, plan):
    client.force_login(plan.participant.user)

    response = client.post(reverse("innovations:consultation_add", args=[plan.pk]), form_data(), follow=True)

    consultation = Consultation.objects.get()
    assert (consultation.topic, consultation.state, consultation.mode) == (
        "Ruang lingkup inovasi",
        State.RECORDED,
        "in_person",
    )
    assert "The consultation is recorded and sent for confirmation." in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "files", "message"),
    [
        ({"topic": "   "}, {}, "Write the topic of the consultation."),
        ({"advice": ""}, {}, "Write the advice given."),
        ({"held_on": "2099-01-01"}, {}, "A consultation cannot be dated in the future."),
        ({"held_on": "2017-06-30"}, {}, "A consultation is dated within the training"),
        (
            {},
            {"attachment": SimpleUploadedFile("notulen.pdf", b"<html>not a pdf</html>")},
            "is not a PDF, an image or an office document",
        ),
        (
            {},
            {"attachment": SimpleUploadedFile("besar.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))},
            "The file is larger than 10 MB.",
        ),
    ],
)
def test_a_bad_consultation_comes_back_marked_and_nothing_is_kept(client, plan, changes, files, message):
    client.force_login(plan.participant.user)

    response = client.post(reverse("innovations:consultation_add", args=[plan.pk]), {**form_data(**changes), **files})

    assert response.status_code == 422
    page = response.content.decode()
    assert message in page.replace("&#x27;", "'")
    assert "The consultation is not recorded yet" in page
    assert Consultation.objects.count() == 0


def test_a_double_submit_through_the_page_records_once_and_says_so(client, plan):
    client.force_login(plan.participant.user)
    url = reverse("innovations:consultation_add", args=[plan.pk])

    client.post(url, form_data())
    second = client.post(url, form_data())

    assert second.status_code == 422
    assert "This consultation is already recorded." in second.content.decode()
    assert Consultation.objects.count() == 1


def test_the_coach_sees_the_log_and_confirms_only_on_post(client, plan):
    consultation = recorded(plan)
    client.force_login(plan.participant.coach.user)
    url = reverse("innovations:consultation_move", args=[consultation.pk, "confirm"])

    page = client.get(log_url(plan)).content.decode()
    on_get = client.get(url)
    client.post(url)

    assert url in page
    assert on_get.status_code == 405
    consultation.refresh_from_db()
    assert consultation.state == State.CONFIRMED


def test_the_mentor_gets_404_on_a_consultation_held_with_the_coach_and_sees_no_button(client, plan):
    consultation = recorded(plan)
    client.force_login(plan.participant.mentor.user)
    url = reverse("innovations:consultation_move", args=[consultation.pk, "confirm"])

    page = client.get(log_url(plan)).content.decode()
    response = client.post(url)

    assert url not in page
    assert response.status_code == 404
    consultation.refresh_from_db()
    assert consultation.state == State.RECORDED


def test_a_move_not_allowed_now_is_refused_with_a_message(client, plan):
    consultation = recorded(plan)
    consultations.confirm_consultation(consultation, by=plan.participant.coach.user)
    client.force_login(plan.participant.coach.user)

    response = client.post(
        reverse("innovations:consultation_move", args=[consultation.pk, "return"]), {"note": "Salah"}, follow=True
    )

    assert "This change to the consultation is not possible now." in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.state == State.CONFIRMED


def test_a_return_without_a_note_is_refused_with_a_message(client, plan):
    consultation = recorded(plan)
    client.force_login(plan.participant.coach.user)

    response = client.post(reverse("innovations:consultation_move", args=[consultation.pk, "return"]), follow=True)

    assert "Say why: write a note." in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.state == State.RECORDED


def test_the_participant_corrects_a_returned_consultation_and_sends_it_again(client, plan):
    consultation = recorded(plan)
    consultations.return_consultation(consultation, by=plan.participant.coach.user, note="Tanggalnya 2 Agustus.")
    client.force_login(plan.participant.user)
    url = reverse("innovations:consultation_edit", args=[consultation.pk])

    page = client.get(url).content.decode()
    response = client.post(url, form_data(held_on="2017-08-02", topic="Tonggak capaian"))

    assert "Tanggalnya 2 Agustus." in page
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.state, consultation.held_on) == (State.RECORDED, datetime.date(2017, 8, 2))


def test_the_plans_page_shows_the_log_with_who_when_and_state(client, plan):
    recorded(plan)
    client.force_login(plan.participant.coach.user)

    page = client.get(plan.get_absolute_url()).content.decode()

    assert "Tonggak capaian" in page
    assert "1 Aug 2017" in page
    assert "Waiting for confirmation" in page


def test_the_attachment_is_served_to_the_plans_readers_only(client, plan):
    upload = SimpleUploadedFile("notulen.pdf", b"%PDF-1.4\n%%EOF\n")
    upload.detected_type = "application/pdf"
    values = {"consultant": "coach", "held_on": datetime.date(2017, 8, 1), "mode": "online"}
    consultation = consultations.record_consultation(
        plan, by=plan.participant.user, values={**values, "topic": "A", "advice": "B", "follow_up": ""}, upload=upload
    )
    url = reverse("innovations:consultation_file", args=[consultation.pk])

    client.force_login(plan.participant.coach.user)
    coach = client.get(url)
    body = b"".join(coach.streaming_content)
    client.force_login(UserFactory())
    outsider = client.get(url)

    assert (coach.status_code, body, outsider.status_code) == (200, b"%PDF-1.4\n%%EOF\n", 404)


def test_the_coach_and_the_mentor_find_what_waits_for_them_on_their_home_page(client, plan):
    recorded(plan, topic="Dengan coach")
    recorded(plan, topic="Dengan mentor", consultant="mentor")

    client.force_login(plan.participant.coach.user)
    coach_home = client.get(reverse("portal:home")).content.decode()
    client.force_login(plan.participant.mentor.user)
    mentor_home = client.get(reverse("portal:home")).content.decode()

    name = plan.participant.user.full_name
    assert "1 consultation to confirm" in coach_home
    assert f"{name}: Dengan coach" in coach_home
    assert "Dengan mentor" not in coach_home
    assert "1 consultation to confirm" in mentor_home
    assert f"{name}: Dengan mentor" in mentor_home


def test_the_printed_log_is_a_pdf_for_the_plans_readers(client, plan):
    recorded(plan)
    client.force_login(plan.participant.coach.user)

    response = client.get(reverse("innovations:consultations_pdf", args=[plan.pk]))

    assert (response.status_code, response["Content-Type"], response.content[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )


@pytest.mark.parametrize("count", [1, 3])
def test_the_log_query_count_does_not_grow(client, plan, count, django_assert_num_queries):
    for day in range(1, count + 1):
        recorded(plan, held_on=datetime.date(2017, 8, day))
    client.force_login(plan.participant.coach.user)

    with django_assert_num_queries(LOG_QUERIES):
        response = client.get(log_url(plan))

    assert response.content.decode().count('id="consultation-') == count


def test_the_audit_trail_names_each_move_its_states_and_whom_the_participant_met(client, plan):
    consultation = recorded(plan)
    consultations.confirm_consultation(consultation, by=plan.participant.coach.user)
    staff = UserFactory(is_staff=True)
    plan.participant.cohort.organisation.staff_members.add(staff)
    client.force_login(staff)

    page = client.get(reverse("portal:audit", args=[plan.participant.cohort.slug])).content.decode()

    assert "Consultation recorded" in page
    assert "Consultation confirmed" in page
    assert "Waiting for confirmation" in page
    assert "with: Coach" in page
