"""Reminders of milestones due within 7 days and overdue: one digest a day per person, in-app and by mail, and
never the same reminder twice. `send_reminders` is what the daily command (`send_reminders`, on its timer) or a
background task calls; `remind_person` sends one person's digest, so a task can also send them one by one.

Each digest is a notification: in the person's list at once, and mailed by the worker from the notification's
outbox (with its retries), so the daily run only writes rows and never waits for the mail server.
"""

import datetime
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.links import absolute_url
from participants.models import User
from participants.notifications import notify
from participants.rules import person_path

from .models import ActionPlan, Milestone, MilestoneReminder, ReminderLog
from .progress import DUE_SOON_DAYS, MilestoneProgress, milestone_progress

Kind = MilestoneReminder.Kind


def due_reminders(*, today: datetime.date) -> dict[User, list[tuple[MilestoneProgress, str]]]:
    """Per person (the participant, their mentor, the cohort's staff): each milestone of an agreed plan not yet
    achieved that is due within 7 days or overdue, with the kind of reminder it needs, unless already sent."""
    milestones = (
        Milestone.objects.filter(
            plan__state=ActionPlan.State.AGREED, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
        )
        .select_related(
            person_path("owner", "plan__participant"),
            person_path("mentor", "plan__participant"),
            "plan__participant__cohort",
        )
        .prefetch_related("reports", "plan__participant__cohort__organisation__staff_members")
        .order_by("due_date", "pk")
    )
    rows = [row for row in milestone_progress(milestones, today=today) if not row.achieved]
    sent = set(
        MilestoneReminder.objects.filter(milestone__in=[row.milestone for row in rows]).values_list(
            "user", "milestone", "kind"
        )
    )
    items: defaultdict[User, list[tuple[MilestoneProgress, str]]] = defaultdict(list)
    for row in rows:
        kind = Kind.OVERDUE if row.overdue else Kind.DUE_SOON
        participant = row.milestone.plan.participant
        people = [participant.user, *participant.cohort.organisation.staff_members.all()]
        if participant.mentor:
            people.append(participant.mentor.user)
        for person in dict.fromkeys(people):
            if (person.pk, row.milestone.pk, kind) not in sent:
                items[person].append((row, kind))
    return items


def _line(row: MilestoneProgress, kind: str) -> str:
    milestone = row.milestone
    state = _("overdue") if kind == Kind.OVERDUE else _("due soon")
    link = absolute_url(reverse("innovations:progress", args=[milestone.plan_id]) + f"#milestone-{milestone.pk}")
    return (
        f"- {milestone.plan.participant.user.full_name}: {milestone.deliverable} "
        f"({date_format(milestone.due_date, 'j F Y')}, {state})\n  {link}"
    )


def remind_person(person: User, items: list[tuple[MilestoneProgress, str]], *, today: datetime.date) -> bool:
    """Send one person today's digest: one notification (mailed after commit) listing each milestone once.
    False when they already had today's digest, or another run is sending it."""
    soon = sum(kind == Kind.DUE_SOON for _row, kind in items)
    late = len(items) - soon
    plans = {row.milestone.plan_id for row, _kind in items}
    url = reverse("innovations:progress", args=[plans.pop()]) if len(plans) == 1 else reverse("portal:home")
    with translation.override(person.language):
        detail = "\n".join(_line(row, kind) for row, kind in items)
    cohorts = {row.milestone.plan.participant.cohort for row, _kind in items}
    try:
        with transaction.atomic():
            ReminderLog.objects.create(user=person, date=today)
            MilestoneReminder.objects.bulk_create(
                MilestoneReminder(user=person, milestone=row.milestone, kind=kind, sent_on=today) for row, kind in items
            )
            notify(
                person,
                lambda: (
                    _("Reminder: %(soon)s, %(late)s.")
                    % {
                        "soon": ngettext(
                            "%(count)d milestone due within 7 days", "%(count)d milestones due within 7 days", soon
                        )
                        % {"count": soon},
                        "late": ngettext("%(count)d overdue", "%(count)d overdue", late) % {"count": late},
                    }
                ),
                cohort=cohorts.pop() if len(cohorts) == 1 else None,
                url=url,
                detail=detail,
            )
    except IntegrityError:
        return False
    return True


def send_reminders(*, today: datetime.date | None = None) -> int:
    """Each person's digest of what is due soon or overdue and not yet reminded; a second run sends nothing.
    Returns how many digests were sent."""
    today = today or timezone.localdate()
    return sum(remind_person(person, items, today=today) for person, items in due_reminders(today=today).items())
