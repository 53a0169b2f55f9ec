"""Consultations (bimbingan, the "form pengendalian"): the participant records each meeting with their coach or their
mentor about their work; the one they met confirms it, or returns it with a note, and the participant corrects it
and sends it again (its one lifecycle). Confirmed consultations count toward the seminar of the stage they were
held in, where the cohort's programme asks for a minimum (`Stage.min_consultations`)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from participants.audit import Verb, record
from participants.lifecycle import Lifecycle
from participants.models import User
from participants.notifications import notify
from participants.rules import person_path
from programmes.spec import ProgrammeSpec

from .models import ActionPlan, Consultation
from .services import keep_upload

State = Consultation.State
With = Consultation.With
# The plan's states in which the participant consults about the report stage's work: after the design's seminar.
REPORT_STAGE = ActionPlan.State.EXAMINED_OR_LATER  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
# What the participant writes: the same on recording and on correcting a returned consultation.
FIELDS = ("consultant", "held_on", "mode", "topic", "advice", "follow_up")

LIFECYCLE = Lifecycle(
    State,
    model=Consultation,
    kind="consultation",
    route=Consultation.ROUTE,
    related=[
        "plan__participant__cohort",
        person_path("owner", "plan__participant"),
        person_path("mentor", "plan__participant"),
        person_path("coach", "plan__participant"),
    ],
    noun=gettext_lazy("consultation"),
    not_allowed=gettext_lazy("Only the coach or mentor the participant met confirms or returns a consultation."),
)


def allowed_moves(consultation: Consultation, user, *, roles=None) -> dict[str, str]:
    return LIFECYCLE.allowed(consultation, user, roles=roles)


def stage_of(plan: ActionPlan) -> str:
    """The stage whose seminar a consultation held now counts toward: the report's once the design is examined
    (where the programme has a report stage), the design's before."""
    if plan.state in REPORT_STAGE and plan.participant.cohort.programme_spec.stage("report") is not None:
        return "report"
    return "design"


def _consultant_user(plan: ActionPlan, consultant: str) -> User:
    person = plan.participant.coach if consultant == With.COACH else plan.participant.mentor
    if person is None:
        raise ValidationError(
            {
                "consultant": _("You have no coach yet: record this consultation once the organiser names one.")
                if consultant == With.COACH
                else _("You have no mentor yet: record this consultation once the organiser names one.")
            },
            code="no_consultant",
        )
    return person.user


def _check(plan: ActionPlan, values: dict, *, today: datetime.date) -> None:
    """Refuse what cannot be a meeting of this training: a date to come, or outside the cohort's dates; no topic."""
    cohort = plan.participant.cohort
    held_on = values["held_on"]
    if held_on > today:
        raise ValidationError({"held_on": _("A consultation cannot be dated in the future.")}, code="future")
    if not cohort.start_date <= held_on <= cohort.end_date:
        raise ValidationError(
            {
                "held_on": _("A consultation is dated within the training, from %(start)s to %(end)s.")
                % {"start": date_format(cohort.start_date, "j F Y"), "end": date_format(cohort.end_date, "j F Y")}
            },
            code="outside_training",
        )
    if not values["topic"].strip() or not values["advice"].strip():
        raise ValidationError(_("Write the topic and the advice given."), code="empty")


def _tell_consultant(consultation: Consultation, *, again: bool) -> None:
    plan = consultation.plan
    name, topic = plan.participant.user.full_name, consultation.topic
    notify(
        _consultant_user(plan, consultation.consultant),
        lambda: (
            (
                _("%(name)s corrected a consultation on “%(topic)s”: confirm it or return it.")
                if again
                else _("%(name)s recorded a consultation on “%(topic)s”: confirm it or return it.")
            )
            % {"name": name, "topic": topic}
        ),
        cohort=plan.participant.cohort,
        url=reverse("innovations:consultations", args=[plan.pk]),
    )


def _locked_plan(plan: ActionPlan) -> ActionPlan:
    return (
        ActionPlan.objects.select_for_update(of=("self",))
        .select_related(
            "participant__cohort",
            person_path("owner", "participant"),
            person_path("mentor", "participant"),
            person_path("coach", "participant"),
        )
        .get(pk=plan.pk)
    )


@transaction.atomic
def record_consultation(plan: ActionPlan, *, by: User, values: dict, upload=None, today=None) -> Consultation:
    """The participant records a meeting with their coach or mentor (`values`: FIELDS), with an attachment the form
    checked; the one they met is told. The plan's row is locked, so a double click records it once and the second is
    refused in words. Audited."""
    plan = _locked_plan(plan)
    if not plan.held_by(by, "owner"):
        raise ValidationError(_("Only the participant records their consultations."), code="not_allowed")
    if plan.state == ActionPlan.State.WITHDRAWN:
        raise ValidationError(_("This plan is withdrawn: it takes no more consultations."), code="withdrawn")
    _consultant_user(plan, values["consultant"])
    _check(plan, values, today=today or timezone.localdate())
    same = {name: values[name] for name in ("consultant", "held_on", "topic")}
    if plan.consultations.filter(**same).exists():
        raise ValidationError(_("This consultation is already recorded."), code="duplicate")
    consultation = Consultation(plan=plan, stage=stage_of(plan), **{name: values[name] for name in FIELDS})
    try:
        with transaction.atomic():
            if upload is not None:
                keep_upload(consultation, upload)
            else:
                consultation.save()
    except IntegrityError:
        raise ValidationError(_("This consultation is already recorded."), code="duplicate") from None
    record(
        Verb.CONSULTATION_RECORD,
        cohort=plan.participant.cohort,
        actor=by,
        target=consultation,
        to_state=consultation.state,
        data={"with": consultation.consultant, "held_on": str(consultation.held_on)},
    )
    _tell_consultant(consultation, again=False)
    return consultation


@transaction.atomic
def transition(
    consultation: Consultation, *, to: str, by: User, note: str = "", values=None, upload=None, today=None
) -> Consultation:
    """Move a consultation, or refuse with a clear message and change nothing.

    Confirmed (the one it was held with) or returned with a note: the participant is told. Recorded again (the
    participant, with the corrected `values` and perhaps a new attachment): the one they met is told. Each move
    writes one audit event.
    """
    with LIFECYCLE.moving(consultation, to=to, by=by, note=note) as change:
        consultation = change.obj
        if to == State.RECORDED:
            if values is None:
                raise ValidationError(_("Correct the consultation on its own page."), code="no_values")
            _consultant_user(consultation.plan, values["consultant"])
            _check(consultation.plan, values, today=today or timezone.localdate())
            clash = consultation.plan.consultations.exclude(pk=consultation.pk)
            if clash.filter(**{name: values[name] for name in ("consultant", "held_on", "topic")}).exists():
                raise ValidationError(_("This consultation is already recorded."), code="duplicate")
            change.set(**{name: values[name] for name in FIELDS})
            if upload is not None:
                for name in keep_upload(consultation, upload, save=False):
                    change.set(**{name: getattr(consultation, name)})
        else:
            change.set(note=note.strip(), reviewed_by=by, reviewed_at=timezone.now())
        change.data = {"with": consultation.consultant, "held_on": str(consultation.held_on)}
    if to == State.RECORDED:
        _tell_consultant(consultation, again=True)
        return consultation
    participant, topic = consultation.plan.participant, consultation.topic
    confirmed = to == State.CONFIRMED
    notify(
        participant.user,
        lambda: (
            (
                _("Your consultation on “%(topic)s” is confirmed.")
                if confirmed
                else _("Your consultation on “%(topic)s” is returned: correct it and send it again.")
            )
            % {"topic": topic}
        ),
        cohort=participant.cohort,
        url=reverse("innovations:consultations", args=[consultation.plan_id]),
        detail=consultation.note if not confirmed else "",
    )
    return consultation


def confirm_consultation(consultation: Consultation, *, by: User) -> Consultation:
    return transition(consultation, to=State.CONFIRMED, by=by)


def return_consultation(consultation: Consultation, *, by: User, note: str) -> Consultation:
    return transition(consultation, to=State.RETURNED, by=by, note=note)


def correct_consultation(consultation: Consultation, *, by: User, values: dict, upload=None, today=None):
    return transition(consultation, to=State.RECORDED, by=by, values=values, upload=upload, today=today)


# Readiness for a seminar -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shortfall:
    """A plan short of the confirmed consultations its stage's seminar asks for."""

    confirmed: int
    needed: int

    def reason(self) -> str:
        return ngettext(
            "%(confirmed)d of the %(needed)d confirmed consultation the programme asks for before the seminar",
            "%(confirmed)d of the %(needed)d confirmed consultations the programme asks for before the seminar",
            self.needed,
        ) % {"confirmed": self.confirmed, "needed": self.needed}


def shortfalls(plans, *, spec: ProgrammeSpec, stage: str = "design") -> dict[int, Shortfall]:
    """{plan id: Shortfall} for the plans of one cohort (whose programme is `spec`) short of the confirmed
    consultations their stage's seminar asks for; one query for the counts, none when the stage asks for none."""
    found = spec.stage(stage)
    needed = found.min_consultations if found is not None else 0
    ids = [plan.pk for plan in plans]
    if not needed or not ids:
        return {}
    confirmed = dict(
        ActionPlan.objects.filter(pk__in=ids)
        .annotate(n=Count("consultations", filter=Q(consultations__state=State.CONFIRMED, consultations__stage=stage)))
        .values_list("pk", "n")
    )
    return {pk: Shortfall(confirmed[pk], needed) for pk in ids if confirmed[pk] < needed}


def shortfall(plan: ActionPlan) -> Shortfall | None:
    """What the plan still lacks in confirmed consultations before its next seminar, if anything."""
    spec = plan.participant.cohort.programme_spec
    return shortfalls([plan], spec=spec, stage=stage_of(plan)).get(plan.pk)


def log_of(plan: ActionPlan):
    """The plan's consultations, oldest meeting first, with who recorded and who reviewed them."""
    return plan.consultations.select_related(
        "reviewed_by",
        person_path("owner", "plan__participant"),
        person_path("mentor", "plan__participant"),
        person_path("coach", "plan__participant"),
    ).order_by("held_on", "pk")
