"""Notifications: the row at once, the mail after commit; the row is the mail's outbox when the server fails."""

import pytest
from django.core import mail
from django.db import transaction

from innovations import workflow
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
