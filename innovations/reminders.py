"""The daily digest of milestones due soon and overdue, for participants, their mentors and staff."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import ActionPlan, Milestone, ReminderLog
from .progress import DUE_SOON_DAYS, milestone_progress


def send_reminders(*, today: datetime.date | None = None) -> int:
    """Mail one digest per person per day; a second run on the same day sends nothing. Returns how many."""
    today = today or timezone.localdate()
    milestones = (
        Milestone.objects.filter(
            plan__state=ActionPlan.State.AGREED, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
        )
        .select_related("plan__participant__user", "plan__participant__mentor__user", "plan__participant__cohort")
        .prefetch_related("reports", "plan__participant__cohort__organisation__staff_members")
        .order_by("due_date")
    )
    items = defaultdict(list)
    for row in milestone_progress(milestones, today=today):
        if row.achieved:
            continue
        participant = row.milestone.plan.participant
        people = [participant.user, *participant.cohort.organisation.staff_members.all()]
        if participant.mentor:
            people.append(participant.mentor.user)
        for person in people:
            items[person].append(row)
    sent = 0
    for person, rows in items.items():
        if not person.email:
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(user=person, date=today)
                with translation.override(person.language):
                    body = render_to_string(
                        "innovations/reminder_email.txt",
                        {"person": person, "rows": rows, "today": today, "site": settings.SITE_URL},
                    )
                    subject = render_to_string("innovations/reminder_subject.txt", {"count": len(rows)}).strip()
                mail.send_mail(subject, body, None, [person.email])
        except IntegrityError:
            continue  # this person already had today's digest
        sent += 1
    return sent
