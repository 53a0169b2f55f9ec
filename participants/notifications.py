"""Telling people: a notification in their list at once, and an e-mail once the transaction has committed.

The notification row is also the mail's outbox: the mail is built from it by a background task, so a mail that
cannot be built or sent never undoes the change it reports, and `send_pending_mail` tries it again later.
"""

import datetime
import functools
import logging
from collections.abc import Callable, Iterable
from typing import cast

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from core.links import absolute_url
from core.tasks import enqueue_later, retry_delay

from .audit import Verb, record
from .models import Cohort, Notification, User

logger = logging.getLogger(__name__)
MAX_MAIL_ATTEMPTS = 5


def notify(
    user: User,
    message: Callable[[], str],
    *,
    cohort: Cohort | None,
    url: str,
    detail: str = "",
    calendar: str = "",
) -> Notification:
    """Tell one person. `message` is called in each language of the site, the person's own first (their mail is in
    it); `url` is a path on this site; `calendar`, an iCalendar file the mail carries."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(message())[:300]
    notification = Notification.objects.create(
        user=user,
        cohort=cohort,
        message=texts.get(user.language) or texts[settings.LANGUAGE_CODE],
        texts=texts,
        detail=detail,
        url=url,
        calendar=calendar,
        mail=Notification.Mail.PENDING if user.email else Notification.Mail.NONE,
    )
    if user.email:
        transaction.on_commit(lambda: send_notification_mail.enqueue(notification.pk))
    return notification


def notify_all(users: Iterable[User | None], message: Callable[[], str], **kwargs) -> None:
    """Tell each person once, however many of their roles the event concerns."""
    seen = set()
    for user in users:
        if user is not None and user.pk not in seen:
            seen.add(user.pk)
            notify(user, message, **kwargs)


def one_line(text: str) -> str:
    """Text fit for a mail subject: a line break in a plan's title must not break the mail's headers."""
    return " ".join(text.split())


def notification_mail(notification: Notification) -> EmailMessage:
    """The mail of one notification: what happened, in which cohort, the detail, the link; and its calendar file."""
    cohort = notification.cohort
    parts = [
        notification.message,
        f"{cohort.name} · {cohort.training_title}" if cohort else "",
        notification.detail,
        absolute_url(notification.url) if notification.url else "",
    ]
    body = "\n\n".join(filter(None, [*parts, "Inovasi"]))
    # Not None: a notification is mailed only to someone with an address (`notify` sets its mail so).
    to = [cast(str, notification.user.email)]
    mail = EmailMessage(one_line(f"Inovasi: {notification.message}")[:200], body, to=to)
    if notification.calendar:
        mail.attach("jadwal-seminar.ics", notification.calendar, "text/calendar; charset=utf-8; method=PUBLISH")
    return mail


@task()
def send_notification_mail(notification_id: int) -> str:
    """Send one notification's mail, once; a failure is kept on the row for `send_pending_mail` to retry."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("user", "cohort")
            .filter(pk=notification_id, mail=Notification.Mail.PENDING)
            .first()
        )
        if notification is None:
            return "nothing to send"
        notification.mail_attempts += 1
        try:
            notification_mail(notification).send()
        except Exception as error:  # any failure of the mail server or of building the mail: keep it, retry later
            logger.warning(
                "Notification %s not mailed (attempt %s): %s", notification.pk, notification.mail_attempts, error
            )
            notification.mail_error = str(error)[:300]
            if notification.mail_attempts >= MAX_MAIL_ATTEMPTS:
                notification.mail = Notification.Mail.FAILED
            else:
                when = timezone.now() + retry_delay(notification.mail_attempts)
                transaction.on_commit(lambda: enqueue_later(send_notification_mail, when, notification_id))
        else:
            notification.mail, notification.mail_error = Notification.Mail.SENT, ""
        notification.save(update_fields=["mail", "mail_attempts", "mail_error"])
        return notification.mail


def send_pending_mail(*, older_than: datetime.timedelta = datetime.timedelta(0)) -> int:
    """Try again every mail not sent yet (housekeeping passes `older_than`, to leave fresh ones to the worker);
    returns how many are now sent."""
    pending = Notification.objects.filter(
        mail=Notification.Mail.PENDING, created_at__lte=timezone.now() - older_than
    ).values_list("pk", flat=True)
    return sum(send_notification_mail.call(pk) == Notification.Mail.SENT for pk in list(pending))


def retry_failed_mail(cohort: Cohort, *, by: User) -> int:
    """Staff try again every mail of a cohort that could not be sent after every attempt; returns how many."""
    with transaction.atomic():
        failed = list(
            Notification.objects.select_for_update()
            .filter(cohort=cohort, mail=Notification.Mail.FAILED)
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=failed).update(mail=Notification.Mail.PENDING, mail_attempts=0)
        record(Verb.MAIL_RETRY, cohort=cohort, actor=by, data={"count": len(failed)})
        for pk in failed:
            transaction.on_commit(functools.partial(send_notification_mail.enqueue, pk))
    return len(failed)


def mark_read(user: User) -> int:
    return user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
