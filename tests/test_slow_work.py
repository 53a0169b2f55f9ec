"""No request in the suite sends mail or renders a multi-plan PDF itself: tests/guards.py holds it for every test.

These tests show that the guard catches both, lets tasks do them, and that the pages which used to do the work in
the request now only ask for it.
"""

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory, TestCase
from django.urls import reverse
from django_tasks import task

from core.documents import html_to_pdf
from innovations.models import ActionPlan
from participants.models import Job
from seminars import agreements
from tests import guards
from tests.factories import PASSWORD, ParticipantFactory, complete_plan, examined_plan


def through_a_request(path, work):
    """Run `work` as the view of a request to `path`, behind the guard's middleware."""
    middleware = guards.MarkRequests(lambda request: work() or HttpResponse("ok"))
    return middleware(RequestFactory().get(path))


@task()
def mail_in_a_task() -> str:
    mail.send_mail("Inovasi", "Dari worker.", None, ["a@example.org"])
    return "sent"


def test_the_guard_refuses_mail_sent_by_a_request_itself(cohort, mailoutbox):
    path = reverse("portal:cohort_detail", args=[cohort.slug])

    with pytest.raises(guards.SlowWorkInRequest, match="sent mail itself"):
        through_a_request(path, lambda: mail.send_mail("Inovasi", "Langsung.", None, ["a@example.org"]))

    assert mailoutbox == []


def test_the_guard_refuses_a_pdf_rendered_by_a_request_for_many_plans(cohort):
    path = reverse("innovations:booklet", args=[cohort.slug])

    with pytest.raises(guards.SlowWorkInRequest, match="rendered a PDF itself"):
        through_a_request(path, lambda: html_to_pdf("<p>Buku</p>"))


def test_the_guard_lets_a_task_mail_and_one_plan_render_in_a_request(cohort, mailoutbox):
    plan = complete_plan(participant__cohort=cohort)

    through_a_request(reverse("portal:home"), mail_in_a_task.enqueue)  # tests run tasks at once
    through_a_request(reverse("innovations:pdf", args=[plan.pk]), lambda: html_to_pdf("<p>Satu rencana</p>"))

    assert [m.body for m in mailoutbox] == ["Dari worker."]


def test_the_heavy_buttons_only_ask_and_answer_at_once(client, cohort, staff_user, mailoutbox):
    complete_plan(participant__cohort=cohort, state=ActionPlan.State.APPROVED)
    waiting = ParticipantFactory(cohort=cohort, user__email="baru@example.org", mentor=None)
    plan, examiner = examined_plan(cohort)
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
    client.force_login(staff_user)
    slug = cohort.slug

    responses = [
        client.post(reverse("innovations:booklet", args=[slug])),
        client.post(reverse("seminars:results_pdf", args=[slug])),
        client.post(reverse("seminars:agreement_zip", args=[slug])),
        client.post(reverse("portal:invite", args=[slug, waiting.user.pk])),
        client.post(reverse("seminars:agreement_remind", args=[slug])),
    ]
    for user in (plan.participant.user, plan.participant.mentor.user, examiner.user):
        client.force_login(user)
        responses.append(client.post(reverse("seminars:agreement_sign", args=[plan.pk]), {"password": PASSWORD}))

    agreement.refresh_from_db()
    assert [r.status_code for r in responses] == [302] * 8
    assert mailoutbox == []  # the mails wait for the commit, and then for the worker
    assert (agreement.is_sealed, agreement.pdf.name) == (True, "")
    assert sorted(Job.objects.values_list("kind", flat=True)) == sorted(
        ["booklet", "minutes", "sealed_archive", "invitations", "sealed_pdf"]
    )
    assert set(Job.objects.values_list("state", flat=True)) == {"queued"}


def test_the_work_is_done_after_the_commit_by_the_tasks(client, cohort, staff_user, mailoutbox):
    complete_plan(participant__cohort=cohort, state=ActionPlan.State.APPROVED)
    waiting = ParticipantFactory(cohort=cohort, user__email="baru@example.org", mentor=None)
    client.force_login(staff_user)

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("innovations:booklet", args=[cohort.slug]))
        client.post(reverse("portal:invite", args=[cohort.slug, waiting.user.pk]))

    assert set(Job.objects.values_list("state", flat=True)) == {"done"}
    assert [m.to for m in mailoutbox if "/accounts/welcome/" in m.body] == [["baru@example.org"]]
