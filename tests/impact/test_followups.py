"""The follow-up a year later: set by the organiser, sent once twelve months after the cohort ends to its alumni and
their mentors (mail and home page), answered once, shown on the record and the dashboard."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from impact import followups
from impact.models import Answer, FollowUp, Question, Questionnaire
from innovations.models import ActionPlan
from participants.audit import events_of
from participants.models import AuditEvent
from tests.factories import complete_plan

State = ActionPlan.State
ENDED = datetime.date(2017, 8, 21)  # the factories' cohorts end then


@pytest.fixture
def questionnaire(cohort):
    found = Questionnaire.objects.create(cohort=cohort, introduction="Setahun kemudian.")
    found.questions.create(text="Sejauh mana perubahan berjalan?", kind=Question.Kind.SCALE, order=1)
    found.questions.create(text="Apa hambatannya?", kind=Question.Kind.TEXT, order=2)
    return found


def questionnaire_data(rows, **extra):
    data = {"introduction": "", "questions-TOTAL_FORMS": str(len(rows)), "questions-INITIAL_FORMS": "0"}
    for n, (text, kind) in enumerate(rows):
        data |= {f"questions-{n}-order": str(n + 1), f"questions-{n}-text": text, f"questions-{n}-kind": kind}
    return data | extra


def test_the_organiser_sets_the_questionnaire_starting_from_the_usual_questions(client, cohort, staff_user):
    client.force_login(staff_user)

    page = client.get(reverse("impact:questionnaire", args=[cohort.slug]))
    response = client.post(
        reverse("impact:questionnaire", args=[cohort.slug]),
        questionnaire_data([("Sejauh mana perubahan berjalan?", "scale"), ("Apa hambatannya?", "text")]),
    )

    offered = [form.initial.get("text") for form in page.context["questions"].forms if form.initial]
    assert offered == [str(text) for text, _kind in followups.DEFAULT_QUESTIONS]
    assert response.url == reverse("impact:questionnaire", args=[cohort.slug])
    questionnaire = Questionnaire.objects.get(cohort=cohort)
    assert list(questionnaire.questions.values_list("text", "kind")) == [
        ("Sejauh mana perubahan berjalan?", "scale"),
        ("Apa hambatannya?", "text"),
    ]
    assert [e.verb for e in events_of(questionnaire)] == ["followup.edit"]


def test_a_questionnaire_without_a_question_is_refused(client, cohort, staff_user):
    client.force_login(staff_user)

    response = client.post(reverse("impact:questionnaire", args=[cohort.slug]), questionnaire_data([]))

    assert response.status_code == 422
    assert response.context["questions"].non_form_errors() == ["Ask at least one question."]
    assert Questionnaire.objects.count() == 0


def test_nobody_is_asked_before_twelve_months_have_passed(cohort, questionnaire):
    complete_plan(participant__cohort=cohort, state=State.AGREED)

    assert followups.send_follow_ups(today=datetime.date(2018, 8, 20)) == 0
    assert FollowUp.objects.count() == 0


def test_alumni_and_their_mentors_are_asked_once_by_mail_and_on_their_home_page(client, cohort, questionnaire):
    plan = complete_plan(participant__cohort=cohort, state=State.COMPLETED, title="Bank Sampah")
    complete_plan(participant__cohort=cohort, title="Masih draf")  # no innovation yet: not asked
    withdrawn = complete_plan(participant__cohort=cohort, state=State.AGREED)
    withdrawn.participant.withdrawn_at = datetime.datetime(2017, 8, 1, tzinfo=datetime.UTC)
    withdrawn.participant.save()

    with TestCase.captureOnCommitCallbacks(execute=True):
        first = followups.send_follow_ups(today=datetime.date(2018, 8, 21))
    again = followups.send_follow_ups(today=datetime.date(2018, 9, 1))

    assert (first, again) == (2, 0)
    assert sorted(FollowUp.objects.values_list("respondent", "user")) == sorted(
        [("alumnus", plan.participant.user.pk), ("mentor", plan.participant.mentor.user.pk)]
    )
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [plan.participant.user.email, plan.participant.mentor.user.email]
    )
    assert AuditEvent.objects.filter(verb="followup.send").values_list("data", flat=True).get() == {"count": 2}
    client.force_login(plan.participant.user)
    home = client.get(reverse("portal:home"))
    assert [f.plan for f in home.context["follow_ups"]] == [plan]


def test_housekeeping_and_the_command_send_them(cohort, questionnaire):
    complete_plan(participant__cohort=cohort, state=State.AGREED)
    out = io.StringIO()

    call_command("send_follow_ups", stdout=out)
    call_command("run_housekeeping", stdout=io.StringIO())

    assert out.getvalue() == "2 follow-ups sent.\n"
    assert FollowUp.objects.count() == 2


def test_the_alumnus_answers_once_and_the_answers_join_the_record_and_the_dashboard(
    client, cohort, questionnaire, staff_user
):
    plan = complete_plan(participant__cohort=cohort, state=State.AGREED)
    followups.send_cohort(cohort)
    asked = FollowUp.objects.get(respondent="alumnus")
    scale, text = questionnaire.questions.all()
    client.force_login(plan.participant.user)

    first = client.post(
        reverse("impact:follow_up", args=[asked.pk]), {f"q{scale.pk}": "4", f"q{text.pk}": "Anggaran."}, follow=True
    )
    twice = client.post(reverse("impact:follow_up", args=[asked.pk]), {f"q{scale.pk}": "1", f"q{text.pk}": "Lain."})

    assert list(Answer.objects.values_list("question_text", "score", "text")) == [
        ("Sejauh mana perubahan berjalan?", 4, ""),
        ("Apa hambatannya?", None, "Anggaran."),
    ]
    assert [str(m) for m in first.context["messages"]] == ["Thank you: your answers join the innovation's record."]
    assert [str(m) for m in twice.wsgi_request._messages] == [
        "This follow-up is already answered: your first answers stand."
    ]
    assert [e.verb for e in events_of(asked)] == ["followup.answer"]
    record = client.get(reverse("impact:record", args=[plan.pk]))
    assert [f.pk for f in record.context["follow_ups"]] == [asked.pk]
    client.force_login(staff_user)
    figures = client.get(reverse("portal:dashboard", args=[cohort.slug])).context["figures"]["follow_up"]
    assert (figures.asked, figures.answered) == (2, 1)
    assert [(s.question, s.mean, s.counts) for s in figures.scales] == [
        ("Sejauh mana perubahan berjalan?", 4.0, [0, 0, 0, 1, 0])
    ]
    assert [a.text for a in figures.texts] == ["Anggaran."]


def test_a_scale_answer_out_of_range_is_refused(client, cohort, questionnaire):
    plan = complete_plan(participant__cohort=cohort, state=State.AGREED)
    followups.send_cohort(cohort)
    asked = FollowUp.objects.get(respondent="alumnus")
    scale, _text = questionnaire.questions.all()
    client.force_login(plan.participant.user)

    response = client.post(reverse("impact:follow_up", args=[asked.pk]), {f"q{scale.pk}": "9"})

    assert response.status_code == 422
    assert response.context["form"].errors[f"q{scale.pk}"] == [
        "Select a valid choice. 9 is not one of the available choices."
    ]
    assert Answer.objects.count() == 0


def test_only_the_person_asked_answers(client, cohort, questionnaire):
    plan = complete_plan(participant__cohort=cohort, state=State.AGREED)
    followups.send_cohort(cohort)
    client.force_login(plan.participant.mentor.user)

    mentors = FollowUp.objects.get(respondent="mentor")
    alumnus = FollowUp.objects.get(respondent="alumnus")

    assert client.get(reverse("impact:follow_up", args=[mentors.pk])).status_code == 200
    assert client.get(reverse("impact:follow_up", args=[alumnus.pk])).status_code == 404


def test_a_sent_questionnaire_no_longer_changes(client, cohort, questionnaire, staff_user):
    complete_plan(participant__cohort=cohort, state=State.AGREED)
    followups.send_cohort(cohort)
    client.force_login(staff_user)

    client.post(reverse("impact:questionnaire", args=[cohort.slug]), questionnaire_data([("Baru?", "text")]))

    assert list(questionnaire.questions.values_list("text", flat=True)) == [
        "Sejauh mana perubahan berjalan?",
        "Apa hambatannya?",
    ]
