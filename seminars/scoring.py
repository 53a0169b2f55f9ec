"""Scoring the exposés: the rubric, and the score sheet's one lifecycle (draft → submitted ⇄ reopened)."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core.editing import bump, check_fresh
from innovations import reports, workflow
from innovations.models import ActionPlan
from participants.audit import SystemNote, Verb, record
from participants.lifecycle import Lifecycle
from participants.models import Cohort, Examiner, User
from participants.notifications import notify
from participants.rules import person_path

from .models import (
    DEFAULT_BANDS,
    DEFAULT_CRITERIA,
    Agreement,
    Criterion,
    PredicateBand,
    Rubric,
    Score,
    ScoreSheet,
    Seminar,
)

TWO_PLACES = Decimal("0.01")
State = ScoreSheet.State


def require_unpublished(seminar: Seminar | None, *, what: str) -> None:
    """Refuse a change that would alter results already published: their minutes are numbered and stand as
    issued. Staff withdraw the results first (with a reason); publishing them again numbers new minutes."""
    if seminar is not None and seminar.results_are_published:
        raise ValidationError(
            _(
                "The seminar's results are published and their minutes numbered (%(number)s), so %(what)s would "
                "change them. Withdraw the results first, with a reason; publishing them again gives the minutes a "
                "new number."
            )
            % {"number": seminar.minutes_number or "—", "what": what},
            code="results_published",
        )


def scoring_not_open(seminar: Seminar | None) -> str:
    """Why scoring is not open yet, or "": an exposé is scored on the seminar's day, never before its first."""
    if seminar is None or timezone.localdate() >= seminar.date:
        return ""
    return _("Scoring opens on the seminar's first day, %(date)s.") % {"date": date_format(seminar.date, "j F Y")}


def _require_seminar_day(seminar: Seminar) -> None:
    if message := scoring_not_open(seminar):
        raise ValidationError(message, code="before_seminar")


def ensure_rubric(cohort: Cohort, stage: str = Seminar.Stage.DESIGN) -> Rubric:
    """The rubric of the cohort's seminar of `stage`. A missing one is made from the cohort's programme: the
    criteria of the stage's seminar and the programme's bands (else the defaults of DESIGN.md)."""
    rubric, created = Rubric.objects.get_or_create(cohort=cohort, stage=stage)
    if created:
        spec = cohort.programme_spec
        judged = spec.stage(stage)
        criteria = (
            [(c.aspect, c.name, c.weight) for c in judged.seminar.criteria]
            if judged and judged.seminar
            else DEFAULT_CRITERIA
        )
        bands = [(band.above, band.label) for band in spec.bands] or DEFAULT_BANDS
        Criterion.objects.bulk_create(
            Criterion(rubric=rubric, aspect=aspect, name=name, weight=weight, order=order)
            for order, (aspect, name, weight) in enumerate(criteria, start=1)
        )
        PredicateBand.objects.bulk_create(
            PredicateBand(rubric=rubric, above=above, label=label) for above, label in bands
        )
    return rubric


def panel_examiners(plan: ActionPlan, seminar: Seminar) -> list[Examiner]:
    """The examiners of the panel that hears the plan at `seminar`; [] while it is not scheduled there."""
    slot = seminar.slots.filter(plan=plan).select_related("room__panel").first()
    if slot is None or not hasattr(slot.room, "panel"):
        return []
    return list(slot.room.panel.examiners.all())


def weighted_total(values: dict[int, Decimal], criteria) -> Decimal:
    return (sum(values[c.pk] * c.weight for c in criteria) / Decimal(100)).quantize(TWO_PLACES, ROUND_HALF_UP)


LIFECYCLE = Lifecycle(
    State,
    model=ScoreSheet,
    kind="sheet",
    route=ScoreSheet.ROUTE,
    noun=gettext_lazy("score sheet"),
    related=[person_path("examiner", "examiner"), "examiner__cohort", "seminar"],
)


@transaction.atomic
def save_rubric(rubric: Rubric, *, criteria, bands, version: int, by: User) -> Rubric:
    """Save the rubric editor's criteria and bands (valid formsets), if nobody saved the rubric since the page was
    opened at `version` and scoring has not begun; one audit event.

    Raises core.editing.EditConflict for an older copy, ValidationError once a score sheet exists. The rubric's
    row is locked first, and `open_sheet` takes the same lock, so no sheet is scored on a rubric that changes.
    """
    current = Rubric.objects.select_for_update().get(pk=rubric.pk)
    check_fresh(current, version=version)
    if ScoreSheet.objects.filter(seminar__cohort_id=current.cohort_id, seminar__stage=current.stage).exists():
        raise ValidationError(_("Scoring has started, so the rubric can no longer change."))
    criteria.save()
    bands.save()
    current.save(update_fields=bump(current))
    record(Verb.RUBRIC_EDIT, cohort=current.cohort, actor=by, target=current)
    return current


def open_sheet(plan: ActionPlan, examiner: Examiner, seminar: Seminar) -> ScoreSheet:
    """The examiner's sheet for the plan at `seminar`, made on their first save.

    The seminar's rubric row is locked while a sheet is made, and the rubric editor checks for sheets under the
    same lock: the rubric cannot change once scoring has begun, however close the two come.
    """
    with transaction.atomic():
        Rubric.objects.select_for_update().filter(cohort_id=seminar.cohort_id, stage=seminar.stage).first()
        return ScoreSheet.objects.get_or_create(seminar=seminar, plan=plan, examiner=examiner)[0]


def _criteria(sheet: ScoreSheet):
    """The criteria of the rubric the sheet is scored on: its seminar's."""
    return Criterion.objects.filter(rubric__cohort_id=sheet.seminar.cohort_id, rubric__stage=sheet.seminar.stage)


def _write_scores(sheet: ScoreSheet, values: dict[int, Decimal | None], note: str, *, tab: str = "") -> None:
    known = set(_criteria(sheet).values_list("pk", flat=True))
    if not set(values) <= known:
        # A page opened before the rubric last changed; the rubric cannot change once this sheet exists.
        raise ValidationError(_("The rubric changed after you opened this page. Reload it to score on the new one."))
    existing = {score.criterion_id: score for score in sheet.scores.all()}
    for criterion_id, value in values.items():
        if value is None:
            if criterion_id in existing:
                existing[criterion_id].delete()
        elif criterion_id in existing:
            if existing[criterion_id].value != value:
                existing[criterion_id].value = value
                existing[criterion_id].save(update_fields=["value"])
        else:
            Score.objects.create(sheet=sheet, criterion_id=criterion_id, value=value)
    sheet.note = note
    sheet.save(update_fields=["note", "updated_at", *bump(sheet, tab=tab)])


def _lock_plan(sheet: ScoreSheet) -> ActionPlan:
    """The plan's row, locked before the sheet's: every writer of a sheet takes them in this order."""
    return ActionPlan.objects.select_for_update(of=("self",)).get(pk=sheet.plan_id)


@transaction.atomic
def save_sheet(
    sheet: ScoreSheet,
    *,
    values: dict[int, Decimal | None],
    note: str,
    by: User,
    version: int | None = None,
    tab: str = "",
) -> ScoreSheet:
    """Keep an examiner's draft scores; not a move. A submitted sheet is locked.

    `version` is the sheet's version the page was opened at (None: not checked), `tab` the page's own token:
    a save from an older copy raises core.editing.EditConflict, unless that tab made the newer version itself.
    """
    _lock_plan(sheet)
    sheet = LIFECYCLE.lock(sheet)
    _require_seminar_day(sheet.seminar)
    if not sheet.held_by(by, "examiner"):
        raise ValidationError(_("Only the examiner who owns this score sheet can change it."))
    if not sheet.is_editable:
        raise ValidationError(_("This score sheet is submitted and locked. Ask the organiser to reopen it."))
    if version is not None:
        check_fresh(sheet, version=version, tab=tab)
    _write_scores(sheet, values, note, tab=tab)
    return sheet


@transaction.atomic
def transition(
    sheet: ScoreSheet,
    *,
    to: str,
    by: User,
    values: dict[int, Decimal | None] | None = None,
    note: str = "",
    version: int | None = None,
    tab: str = "",
) -> ScoreSheet:
    """Submit a complete score sheet, or (staff) reopen a submitted one with the reason in `note`.

    A submission from a page opened at an older `version` is refused as in `save_sheet`.

    Submitting the panel's last sheet makes the plan `examined`, once: the plan's row is locked first, so two
    examiners submitting at the same moment are taken one after the other. Reopening a sheet of an examined
    plan takes the plan back to scoring, and discards an agreement nobody has signed yet; once someone has
    signed, reopening is refused. The examiner is told of the reopening, with its reason.
    """
    plan = _lock_plan(sheet)
    with LIFECYCLE.moving(sheet, to=to, by=by, note=note) as change:
        sheet = change.obj
        seminar = sheet.seminar
        require_unpublished(
            seminar,
            what=_("submitting this score sheet") if to == State.SUBMITTED else _("reopening this score sheet"),
        )
        if to == State.SUBMITTED:
            _require_seminar_day(seminar)
            if version is not None:
                check_fresh(sheet, version=version, tab=tab)
            _write_scores(sheet, values or {}, note, tab=tab)
            criteria = list(_criteria(sheet))
            given = {score.criterion_id: score.value for score in sheet.scores.all()}
            missing = [c.name for c in criteria if c.pk not in given]
            if missing:
                raise ValidationError(
                    _("Score every criterion before submitting: %(missing)s.") % {"missing": ", ".join(missing)}
                )
            change.set(total=weighted_total(given, criteria), submitted_at=timezone.now())
            change.data = {"total": str(sheet.total)}
            change.note = ""  # the note is the examiner's to the participant, kept on the sheet
        else:
            if seminar.stage == Seminar.Stage.DESIGN:
                _reopen_plan(plan, by=by, reason=note)
            else:
                _reopen_report(plan, by=by, reason=note)
            change.set(total=None, submitted_at=None)
            change.fields += bump(sheet)  # an examiner's page opened before the reopening is out of date
    if to == State.SUBMITTED:
        # The panel's last sheet examines the plan at the design seminar, its report at the report seminar.
        _examine_when_complete(plan, seminar, by=by)
    else:
        title = plan.title
        notify(
            sheet.examiner.user,
            lambda: _("The organiser reopened your score sheet for “%(title)s”.") % {"title": title},
            cohort=plan.participant.cohort,
            url=reverse("seminars:score", args=[plan.participant.cohort.slug, seminar.stage, plan.pk]),
            detail=note,
        )
    return sheet


def _examine_when_complete(plan: ActionPlan, seminar: Seminar, *, by: User) -> None:
    panel = {examiner.pk for examiner in panel_examiners(plan, seminar)}
    submitted = set(
        plan.score_sheets.filter(seminar=seminar, state=State.SUBMITTED, examiner__in=panel).values_list(
            "examiner", flat=True
        )
    )
    if not panel or submitted != panel:
        return
    if seminar.stage == Seminar.Stage.DESIGN and plan.state == ActionPlan.State.APPROVED:
        workflow.transition(
            plan,
            to=ActionPlan.State.EXAMINED,
            by=by,
            note=SystemNote(gettext_noop("Every examiner on the panel has submitted.")),
        )
    elif seminar.stage == Seminar.Stage.REPORT and reports.is_approved(plan):
        # Its lembar pengesahan may now be prepared (seminars.report_sheets).
        reports.examine_report(plan, by=by)


def _reopen_plan(plan: ActionPlan, *, by: User, reason: str) -> None:
    """An examined plan goes back to scoring when one of its sheets is reopened."""
    if plan.state != ActionPlan.State.EXAMINED:
        if plan.state in ActionPlan.State.AGREED_OR_LATER:  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
            raise ValidationError(_("The agreement of this plan is sealed: its scores can no longer change."))
        return
    _discard_unsigned_sheet(plan, Seminar.Stage.DESIGN, by=by, reason=reason)
    workflow.transition(plan, to=ActionPlan.State.APPROVED, by=by, note=reason)


def _reopen_report(plan: ActionPlan, *, by: User, reason: str) -> None:
    """An examined report goes back to the report seminar's scoring when one of its sheets there is reopened; its
    lembar pengesahan goes as the design's agreement does, if nobody has signed it."""
    _discard_unsigned_sheet(plan, Seminar.Stage.REPORT, by=by, reason=reason)
    reports.reopen_report(plan, by=by, reason=reason)


def _discard_unsigned_sheet(plan: ActionPlan, stage: str, *, by: User, reason: str) -> None:
    sheet = Agreement.objects.select_for_update().filter(plan=plan, stage=stage).first()
    if sheet is None:
        return
    if sheet.signatures.exists():
        raise ValidationError(
            _("Someone has already signed this plan's agreement, so its score sheets can no longer be reopened.")
            if stage == Seminar.Stage.DESIGN
            else _(
                "Someone has already signed the report's approval sheet, so its score sheets can no longer be reopened."
            )
        )
    record(Verb.AGREEMENT_DISCARD, cohort=plan.participant.cohort, actor=by, target=sheet, note=reason)
    sheet.delete()


def submit_sheet(
    sheet: ScoreSheet,
    *,
    values: dict[int, Decimal | None],
    note: str,
    by: User,
    version: int | None = None,
    tab: str = "",
) -> ScoreSheet:
    return transition(sheet, to=State.SUBMITTED, by=by, values=values, note=note, version=version, tab=tab)


def reopen_sheet(sheet: ScoreSheet, *, reason: str, by: User) -> ScoreSheet:
    return transition(sheet, to=State.REOPENED, by=by, note=reason)
