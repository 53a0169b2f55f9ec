"""The follow-up a year later: twelve months after a cohort ends, its alumni and their mentors are asked, on the
short questionnaire its organiser set (1–5 scales and text), how far each innovation's change has gone. Sent once
per person and plan by `send_follow_ups` (the housekeeping timer, or `manage.py send_follow_ups`), by notification
and mail; the answers join the innovation's record and the cohort's dashboard.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovations.models import ActionPlan
from participants import audit
from participants.housekeeping import step
from participants.models import Cohort, User
from participants.notifications import notify
from participants.rules import person_path

from .models import Answer, FollowUp, Question, Questionnaire
from .record import RECORDABLE

AFTER_MONTHS = 12
Respondent = FollowUp.Respondent
# What a new questionnaire offers, for the organiser to keep, change or add to.
DEFAULT_QUESTIONS = [
    (gettext_lazy("How far has the change gone in your unit?"), Question.Kind.SCALE),
    (gettext_lazy("How much better is the service for the public?"), Question.Kind.SCALE),
    (gettext_lazy("Does the unit keep it going without the innovator's push?"), Question.Kind.SCALE),
    (gettext_lazy("What has changed since the training, and what stands in the way?"), Question.Kind.TEXT),
]


def months_after(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th


def due_on(cohort: Cohort) -> datetime.date:
    return months_after(cohort.end_date, AFTER_MONTHS)


@transaction.atomic
def save_questionnaire(cohort: Cohort, *, by: User, form, questions) -> Questionnaire:
    """Staff set the cohort's questionnaire (`form` and the `questions` formset, both valid). Refused once it has
    been sent: what people were asked stays as it was. Audited."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if FollowUp.objects.filter(cohort=cohort).exists():
        raise ValidationError(_("The follow-up has been sent: its questions can no longer change."), code="sent")
    questionnaire = form.save(commit=False)
    questionnaire.cohort = cohort
    questionnaire.save()
    questions.instance = questionnaire
    questions.save()
    texts = list(questionnaire.questions.values_list("text", flat=True))
    audit.record(audit.Verb.FOLLOWUP_EDIT, cohort=cohort, actor=by, target=questionnaire, data={"questions": texts})
    return questionnaire


def _asked(cohort: Cohort):
    """(plan, respondent, person) for each alumnus with an innovation and for their mentor."""
    plans = (
        ActionPlan.objects.filter(
            participant__cohort=cohort, participant__withdrawn_at__isnull=True, state__in=RECORDABLE
        )
        .select_related(person_path("owner", "participant"), person_path("mentor", "participant"))
        .order_by("participant__roll_number")
    )
    for plan in plans:
        yield plan, Respondent.ALUMNUS, plan.participant.user
        if plan.participant.mentor:
            yield plan, Respondent.MENTOR, plan.participant.mentor.user


def send_cohort(cohort: Cohort) -> int:
    """Ask everyone of one cohort not yet asked; returns how many were asked now. Safe to run twice, at once too:
    each person and plan is asked once (a unique constraint), in its own transaction."""
    sent = {(plan_id, who) for plan_id, who in FollowUp.objects.filter(cohort=cohort).values_list("plan", "respondent")}
    count = 0
    for plan, respondent, person in _asked(cohort):
        if (plan.pk, respondent) in sent:
            continue
        try:
            with transaction.atomic():
                follow_up = FollowUp.objects.create(cohort=cohort, plan=plan, respondent=respondent, user=person)
                _tell(follow_up)
        except IntegrityError:
            continue  # another run asked them meanwhile
        count += 1
    if count:
        audit.record(audit.Verb.FOLLOWUP_SEND, cohort=cohort, actor=None, data={"count": count})
    return count


def _tell(follow_up: FollowUp) -> None:
    cohort, title = follow_up.cohort, follow_up.plan.title
    ended = date_format(cohort.end_date, "j F Y")
    mentor = follow_up.respondent == Respondent.MENTOR
    notify(
        follow_up.user,
        lambda: (
            (
                _("A year after the training: how far has the change of “%(title)s” gone? Your mentee's answer counts.")
                if mentor
                else _("A year after the training: how far has the change of “%(title)s” gone?")
            )
            % {"title": title}
        ),
        cohort=cohort,
        url=reverse("impact:follow_up", args=[follow_up.pk]),
        detail=_("%(cohort)s ended on %(date)s. A few questions, a minute or two.") % {"cohort": cohort, "date": ended},
    )


@step("follow-ups sent")
def send_follow_ups(*, today: datetime.date | None = None) -> int:
    """Ask the alumni and mentors of every cohort that ended twelve months ago or more and whose organiser set a
    questionnaire, once each; returns how many were asked."""
    today = today or timezone.localdate()
    cutoff = months_after(today, -AFTER_MONTHS)
    cohorts = Cohort.objects.filter(end_date__lte=cutoff, follow_up_questionnaire__isnull=False).order_by("pk")
    return sum(send_cohort(cohort) for cohort in cohorts)


@transaction.atomic
# Each answer is a form's cleaned value: an int for a scale, a str for a text.
def answer(follow_up: FollowUp, *, by: User, answers: list[tuple[Question, Any]]) -> FollowUp:
    """Keep a respondent's answers (`answers` from a valid AnswersForm), once: a second sending of the form (two
    tabs, a double click) is refused and the first answers stand. Audited."""
    follow_up = FollowUp.objects.answerable_by(by).select_for_update(of=("self",)).filter(pk=follow_up.pk).first()
    if follow_up is None:
        raise ValidationError(_("Only the person asked answers this follow-up."), code="not_allowed")
    if follow_up.answered_at is not None:
        raise ValidationError(_("This follow-up is already answered: your first answers stand."), code="answered")
    Answer.objects.bulk_create(
        Answer(
            follow_up=follow_up,
            question=question,
            question_text=question.text,
            kind=question.kind,
            score=value if question.kind == Question.Kind.SCALE else None,
            text=value.strip() if question.kind == Question.Kind.TEXT else "",
        )
        for question, value in answers
    )
    follow_up.answered_at = timezone.now()
    follow_up.save(update_fields=["answered_at"])
    audit.record(
        audit.Verb.FOLLOWUP_ANSWER,
        cohort=follow_up.cohort,
        actor=by,
        target=follow_up,
        data={"respondent": follow_up.respondent},
    )
    return follow_up


@dataclass
class ScaleFigure:
    question: str
    mean: float | None
    counts: list[int]  # how many answered 1, 2, 3, 4, 5


@dataclass
class Figures:
    due_on: datetime.date | None
    asked: int = 0
    answered: int = 0
    scales: list[ScaleFigure] = field(default_factory=list)
    texts: list[Answer] = field(default_factory=list)


def figures(cohort: Cohort) -> Figures:
    """The follow-up on the cohort's dashboard: how many were asked and answered, each scale's mean and spread,
    and the written answers (the latest 20). Three queries."""
    questionnaire = Questionnaire.objects.filter(cohort=cohort).first()
    counts = FollowUp.objects.filter(cohort=cohort).aggregate(
        asked=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    result = Figures(due_on=due_on(cohort) if questionnaire else None, **counts)
    answers = Answer.objects.filter(follow_up__cohort=cohort)
    spread: defaultdict[str, list[int]] = defaultdict(lambda: [0] * 5)
    means = {}
    for text, score, n in (
        answers.filter(kind=Question.Kind.SCALE)
        .values_list("question_text", "score")
        .annotate(n=Count("pk"))
        .order_by("question__order", "question_text", "score")
    ):
        spread[text][score - 1] = n
    for text, counts_of_text in spread.items():
        total = sum(counts_of_text)
        means[text] = sum((i + 1) * n for i, n in enumerate(counts_of_text)) / total if total else None
    result.scales = [ScaleFigure(text, means[text], spread[text]) for text in spread]
    result.texts = list(
        answers.filter(kind=Question.Kind.TEXT)
        .exclude(text="")
        .select_related(person_path("owner", "follow_up__plan__participant"))
        .order_by("-follow_up__answered_at", "pk")[:20]
    )
    return result


def answered_for(plan: ActionPlan) -> list[FollowUp]:
    """The plan's answered follow-ups with their answers, for its record's page."""
    return list(
        FollowUp.objects.filter(plan=plan, answered_at__isnull=False).prefetch_related("answers").order_by("respondent")
    )


def waiting_for(user: User):
    """The follow-ups a person has still to answer, for their home page."""
    return (
        FollowUp.objects.answerable_by(user)
        .filter(answered_at__isnull=True)
        .select_related("plan", "cohort", person_path("owner", "plan__participant"))
        .order_by("sent_at", "pk")
    )
