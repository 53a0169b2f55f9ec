"""Notifications: the row at once, the mail after commit; the row is the mail's outbox when the server fails."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from innovations import workflow
from innovations.models import ActionPlan
from participants.models import Notification
from participants.notifications import notify, send_pending_mail
from tests.factories import UserFactory, complete_plan


class Refusing:
    """A mail backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = f"{__name__}.Refusing"


def test_a_notification_is_mailed_only_after_commit(db, django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(user, lambda: "Rencana disetujui", cohort=None, url="/plans/1/")
    assert mailoutbox == []
    for callback in callbacks:
        callback()

    assert [(m.subject, m.to) for m in mailoutbox] == [("Inovasi: Rencana disetujui", [user.email])]
    assert Notification.objects.get().mail == "sent"


def test_a_line_break_in_a_title_never_breaks_the_mail(cohort, django_capture_on_commit_callbacks, mailoutbox):
    plan = complete_plan(participant__cohort=cohort, title="Arsip\r\ndigital")

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_plan(plan, by=plan.participant.user)

    [message] = mailoutbox
    name = plan.participant.user.full_name
    # In the mentor's own language, which is Indonesian unless they chose otherwise.
    assert message.subject == f"Inovasi: {name} mengajukan rencana aksi “Arsip digital” untuk Anda telaah."


def test_a_refused_mail_keeps_the_transition_and_waits_to_be_sent(
    cohort, smtp_down, settings, django_capture_on_commit_callbacks, mailoutbox
):
    plan = complete_plan(participant__cohort=cohort)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_plan(plan, by=plan.participant.user)

    plan.refresh_from_db()
    notification = Notification.objects.get()
    assert (plan.state, notification.mail, notification.mail_attempts) == ("submitted", "pending", 1)
    assert notification.mail_error == "SMTP server down"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending_mail() == 1
    notification.refresh_from_db()
    assert (notification.mail, len(mail.outbox)) == ("sent", 1)
    assert send_pending_mail() == 0  # never twice


def test_a_mail_that_keeps_failing_is_given_up_after_five_tries(db, smtp_down):
    with transaction.atomic():
        notify(UserFactory(), lambda: "x", cohort=None, url="")
    for _ in range(6):
        send_pending_mail()

    notification = Notification.objects.get()
    assert (notification.mail, notification.mail_attempts) == ("failed", 5)


def test_a_person_without_an_address_gets_the_notification_but_no_mail(db, mailoutbox):
    user = UserFactory(email=None)

    notify(user, lambda: "x", cohort=None, url="")

    assert (Notification.objects.get().mail, mailoutbox) == ("none", [])


def test_send_pending_mail_command_sends_each_waiting_mail_once_and_says_how_it_went(
    db, smtp_down, settings, mailoutbox
):
    for _ in range(2):
        with transaction.atomic():
            notify(UserFactory(), lambda: "Rencana disetujui", cohort=None, url="/plans/1/")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = io.StringIO()

    call_command("send_pending_mail", stdout=out)
    call_command("send_pending_mail", stdout=out)

    assert out.getvalue().splitlines() == [
        "2 mails sent, 0 still waiting, 0 given up.",
        "0 mails sent, 0 still waiting, 0 given up.",
    ]
    assert len(mailoutbox) == 2


def test_send_pending_mail_command_counts_what_still_fails(db, smtp_down):
    with transaction.atomic():
        notify(UserFactory(), lambda: "x", cohort=None, url="")
    out = io.StringIO()

    call_command("send_pending_mail", stdout=out)

    assert out.getvalue() == "0 mails sent, 1 still waiting, 0 given up.\n"


def test_a_title_with_line_breaks_submitted_and_approved_through_the_pages_is_told_and_mailed(
    client, cohort, django_capture_on_commit_callbacks, mailoutbox
):
    plan = complete_plan(participant__cohort=cohort, title="Arsip digital")
    owner, mentor = plan.participant.user, plan.participant.mentor.user
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("innovations:autosave", args=[plan.pk]),
            {
                **{name: getattr(plan, name) for name in ActionPlan.SECTIONS},
                "title": "Arsip\r\ndigital\nkelurahan",
                "cluster": plan.cluster_id,
                "version": plan.version,
            },
        )
        submitted = client.post(reverse("innovations:submit", args=[plan.pk]))
    client.force_login(mentor)
    with django_capture_on_commit_callbacks(execute=True):
        approved = client.post(reverse("innovations:approve", args=[plan.pk]), {"note": ""})

    plan.refresh_from_db()
    assert (submitted.status_code, approved.status_code, plan.state) == (302, 302, "approved")
    assert plan.title == "Arsip\r\ndigital\nkelurahan"
    told = Notification.objects.order_by("pk")
    assert [(n.user, n.mail) for n in told] == [(mentor, "sent"), (owner, "sent")]
    assert [m.to for m in mailoutbox] == [[mentor.email], [owner.email]]
    assert all("\n" not in m.subject and "\r" not in m.subject for m in mailoutbox)
    assert "Arsip digital kelurahan" in mailoutbox[1].subject
