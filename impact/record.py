"""The innovation's record after the cohort (innovations.records): the participant keeps it up to date, their mentor
confirms it. One lifecycle (draft → submitted → confirmed / returned; sent again once more has changed), and the
participant's writes, each under the record's lock so that a confirmation covers exactly what the mentor read.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.editing import EditConflict, bump, check_fresh
from core.responses import safe_filename
from innovations.models import ActionPlan
from innovations.records import Evaluation, Indicator, InnovationRecord, Measurement, Stage
from participants.lifecycle import Lifecycle
from participants.models import User
from participants.notifications import notify
from participants.rules import person_path

State = InnovationRecord.State
# An innovation has a record once its mentor approved the plan: from then on it is an initiative of its unit
# (`ActionPlan.is_recordable`).
RECORDABLE = ActionPlan.State.APPROVED_OR_LATER  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
PROFILE = ["stage", "trial_date", "implementation_date", "initiator", "digital", "form", "decree_number", "decree_date"]

LIFECYCLE = Lifecycle(
    State,
    model=InnovationRecord,
    kind="record",
    route=InnovationRecord.ROUTE,
    noun=gettext_lazy("innovation record"),
    related=[
        person_path("owner", "plan__participant"),
        person_path("mentor", "plan__participant"),
        "plan__participant__cohort",
    ],
    touch=["updated_at"],
)


def record_of(plan: ActionPlan) -> InnovationRecord:
    """The plan's record, or a new one (not saved) whose texts start from the plan's own words."""
    try:
        return plan.record
    except InnovationRecord.DoesNotExist:
        record = InnovationRecord(plan=plan)
        for name, sources in InnovationRecord.FROM_PLAN.items():
            setattr(record, name, "\n\n".join(filter(None, (getattr(plan, source).strip() for source in sources))))
        return record


def allowed_moves(record: InnovationRecord, user: User) -> dict[str, str]:
    return LIFECYCLE.allowed(record, user)


def _locked_record(plan: ActionPlan, *, by: User) -> InnovationRecord:
    """The plan's record, locked (made first if it has none), for its owner while the plan may have one."""
    plan = ActionPlan.objects.select_for_update(of=("self",)).select_related("participant").get(pk=plan.pk)
    if not plan.held_by(by, "owner"):
        raise ValidationError(_("Only the participant keeps their innovation's record."), code="not_allowed")
    if plan.state not in RECORDABLE:
        raise ValidationError(
            _("An innovation has a record once its mentor has approved the plan, and not after a withdrawal."),
            code="not_recordable",
        )
    record = InnovationRecord.objects.select_for_update(of=("self",)).filter(plan=plan).first()
    if record is None:
        record = record_of(plan)
        record.save()
    return record


def _changed(record: InnovationRecord, fields: list[str]) -> None:
    record.save(update_fields=[*fields, *bump(record), "updated_at"])


@transaction.atomic
def save_profile(plan: ActionPlan, *, by: User, fields: dict, version: int | None, decree=None) -> InnovationRecord:
    """The owner saves the record's profile and texts (and the decree's file, checked by the form). Raises
    EditConflict when the record changed since the page was opened; nothing is written then."""
    record = _locked_record(plan, by=by)
    if version is not None:
        check_fresh(record, version=version)
    for name, value in fields.items():
        setattr(record, name, value)
    names = list(fields)
    if decree is not None:
        decree.name = safe_filename(decree.name, decree.detected_type)
        record.decree.save(decree.name, decree, save=False)
        record.decree_name, record.decree_type = decree.name, decree.detected_type
        names += ["decree", "decree_name", "decree_type"]
    _changed(record, names)
    return record


@transaction.atomic
def add_indicator(
    plan: ActionPlan, *, by: User, name: str, unit: str, baseline, baseline_on: datetime.date, lower_is_better: bool
) -> Indicator:
    record = _locked_record(plan, by=by)
    indicator = Indicator.objects.create(
        record=record,
        name=name,
        unit=unit,
        baseline=baseline,
        baseline_on=baseline_on,
        lower_is_better=lower_is_better,
        order=record.indicators.count() + 1,
    )
    _changed(record, [])
    return indicator


@transaction.atomic
def add_measurement(
    indicator: Indicator, *, by: User, value, measured_on: datetime.date, note: str, evidence
) -> Measurement:
    """A measured value of an indicator with its evidence (an upload the form checked). A value measured before
    the indicator's baseline is refused, and nothing is kept."""
    record = _locked_record(indicator.record.plan, by=by)
    if measured_on < indicator.baseline_on:
        raise ValidationError(
            _("A measure cannot come before its baseline: “%(indicator)s” was first measured on %(date)s.")
            % {"indicator": indicator.name, "date": date_format(indicator.baseline_on, "j F Y")},
            code="before_baseline",
        )
    evidence.name = safe_filename(evidence.name, evidence.detected_type)
    measurement = Measurement.objects.create(
        indicator=indicator,
        value=value,
        measured_on=measured_on,
        note=note,
        file=evidence,
        file_name=evidence.name,
        content_type=evidence.detected_type,
        size=evidence.size,
        created_by=by,
    )
    _changed(record, [])
    return measurement


@transaction.atomic
def add_evaluation(
    plan: ActionPlan, *, by: User, kind: str, evaluator: str, evaluated_on: datetime.date, findings: str, report
) -> Evaluation:
    """An internal or external evaluation with its report (an upload the form checked)."""
    record = _locked_record(plan, by=by)
    report.name = safe_filename(report.name, report.detected_type)
    evaluation = Evaluation.objects.create(
        record=record,
        kind=kind,
        evaluator=evaluator,
        evaluated_on=evaluated_on,
        findings=findings,
        file=report,
        file_name=report.name,
        content_type=report.detected_type,
        size=report.size,
        created_by=by,
    )
    _changed(record, [])
    return evaluation


@transaction.atomic
def transition(record: InnovationRecord, *, to: str, by: User, note: str = "", version: int | None = None):
    """Move the record: the owner sends what changed to the mentor, who confirms it (as they read it: `version`) or
    returns it with a note. A confirmation makes the profile, and the measures and evaluations that came with it,
    public. Audited; the other party is told."""
    with LIFECYCLE.moving(record, to=to, by=by, note=note) as change:
        record = change.obj
        if to == State.SUBMITTED and not record.has_changes:
            raise ValidationError(
                _("Nothing has changed since your mentor confirmed the record."), code="nothing_changed"
            )
        if to in (State.CONFIRMED, State.RETURNED) and version is not None:
            try:
                check_fresh(record, version=version)
            except EditConflict:
                raise ValidationError(
                    _("The participant changed the record since you opened it: read it again first."),
                    code="changed",
                ) from None
        if to == State.CONFIRMED:
            change.data = _confirm(record, change)
    _tell(record, to=to, by=by, note=note)
    return record


def _confirm(record: InnovationRecord, change) -> dict:
    now = timezone.now()
    change.set(
        confirmed_stage=record.stage,
        confirmed_trial_date=record.trial_date if record.stage != Stage.INITIATIVE else None,
        confirmed_implementation_date=record.implementation_date if record.stage == Stage.IMPLEMENTATION else None,
        confirmed_at=now,
        confirmed_version=record.version,
    )
    measures = Measurement.objects.filter(indicator__record=record, confirmed_at__isnull=True).update(confirmed_at=now)
    evaluations = Evaluation.objects.filter(record=record, confirmed_at__isnull=True).update(confirmed_at=now)
    return {"stage": record.stage, "measurements": measures, "evaluations": evaluations}


def _tell(record: InnovationRecord, *, to: str, by: User, note: str) -> None:
    participant = record.plan.participant
    title, url = record.plan.title, reverse("impact:record", args=[record.plan_id])
    if to == State.SUBMITTED:
        if participant.mentor is None:
            return
        name = by.full_name
        notify(
            participant.mentor.user,
            lambda: _("%(name)s asks you to confirm the record of “%(title)s”.") % {"name": name, "title": title},
            cohort=participant.cohort,
            url=url,
        )
        return
    confirmed = to == State.CONFIRMED
    notify(
        participant.user,
        lambda: (
            (
                _("Your mentor confirmed the record of “%(title)s”.")
                if confirmed
                else _("Your mentor returned the record of “%(title)s”.")
            )
            % {"title": title}
        ),
        cohort=participant.cohort,
        url=url,
        detail=note,
    )
