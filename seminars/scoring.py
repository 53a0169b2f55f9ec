"""Scoring the exposés: rubrics, score sheets and the results they add up to."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovations.models import ActionPlan
from participants.models import Cohort, Examiner, User

from .models import (
    DEFAULT_BANDS,
    DEFAULT_CRITERIA,
    Criterion,
    PredicateBand,
    Rubric,
    Score,
    ScoreEvent,
    ScoreSheet,
    Seminar,
)

SPREAD_LIMIT = Decimal(15)
TWO_PLACES = Decimal("0.01")


def ensure_rubric(cohort: Cohort) -> Rubric:
    """The cohort's rubric; a cohort without one gets the defaults of DESIGN.md."""
    rubric, created = Rubric.objects.get_or_create(cohort=cohort)
    if created:
        Criterion.objects.bulk_create(
            Criterion(rubric=rubric, aspect=aspect, name=name, weight=weight, order=order)
            for order, (aspect, name, weight) in enumerate(DEFAULT_CRITERIA, start=1)
        )
        PredicateBand.objects.bulk_create(
            PredicateBand(rubric=rubric, above=above, label=label) for above, label in DEFAULT_BANDS
        )
    return rubric


def panel_examiners(plan: ActionPlan) -> list[Examiner]:
    slot = getattr(plan, "slot", None)
    if slot is None or not hasattr(slot.room, "panel"):
        return []
    return list(slot.room.panel.examiners.all())


def weighted_total(values: dict[int, Decimal], criteria) -> Decimal:
    return (sum(values[c.pk] * c.weight for c in criteria) / Decimal(100)).quantize(TWO_PLACES, ROUND_HALF_UP)


def _write_scores(sheet: ScoreSheet, values: dict[int, Decimal | None], note: str) -> None:
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
    sheet.save(update_fields=["note", "updated_at"])


@transaction.atomic
def save_sheet(sheet: ScoreSheet, *, values: dict[int, Decimal | None], note: str, by: User) -> ScoreSheet:
    """Keep an examiner's draft scores. A submitted sheet is locked."""
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.examiner.user_id != by.pk:
        raise ValidationError(_("Only the examiner who owns this score sheet can change it."))
    if sheet.is_submitted:
        raise ValidationError(_("This score sheet is submitted and locked. Ask the organiser to reopen it."))
    _write_scores(sheet, values, note)
    return sheet


@transaction.atomic
def submit_sheet(sheet: ScoreSheet, *, values: dict[int, Decimal | None], note: str, by: User) -> ScoreSheet:
    """Submit a complete score sheet. When it is the panel's last, the plan becomes `examined`, once.

    The plan's row is locked first, so two examiners submitting at the same moment are taken one after
    the other and only the second moves the plan.
    """
    plan = ActionPlan.objects.select_for_update().get(pk=sheet.plan_id)
    sheet = save_sheet(sheet, values=values, note=note, by=by)
    criteria = list(sheet.plan.participant.cohort.rubric.criteria.all())
    given = {score.criterion_id: score.value for score in sheet.scores.all()}
    missing = [c.name for c in criteria if c.pk not in given]
    if missing:
        raise ValidationError(
            _("Score every criterion before submitting: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    sheet.total = weighted_total(given, criteria)
    sheet.state = ScoreSheet.State.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.save(update_fields=["total", "state", "submitted_at"])
    ScoreEvent.objects.create(sheet=sheet, actor=by, action=ScoreEvent.Action.SUBMITTED, total=sheet.total)

    panel = {examiner.pk for examiner in panel_examiners(plan)}
    submitted = set(
        plan.score_sheets.filter(state=ScoreSheet.State.SUBMITTED, examiner__in=panel).values_list(
            "examiner", flat=True
        )
    )
    if panel and submitted == panel and plan.state == ActionPlan.State.APPROVED:
        from innovations.workflow import transition

        transition(plan, to=ActionPlan.State.EXAMINED, by=by, note=_("Every examiner on the panel has submitted."))
    return sheet


@transaction.atomic
def reopen_sheet(sheet: ScoreSheet, *, reason: str, by: User) -> ScoreSheet:
    """Staff give a submitted sheet back to its examiner, for a reason that is kept."""
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if not sheet.is_submitted:
        raise ValidationError(_("Only a submitted score sheet can be reopened."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for reopening the score sheet."))
    sheet.state = ScoreSheet.State.DRAFT
    sheet.total = None
    sheet.submitted_at = None
    sheet.save(update_fields=["state", "total", "submitted_at"])
    ScoreEvent.objects.create(sheet=sheet, actor=by, action=ScoreEvent.Action.REOPENED, reason=reason.strip())
    return sheet


@transaction.atomic
def publish_results(seminar: Seminar) -> Seminar:
    seminar = Seminar.objects.select_for_update().get(pk=seminar.pk)
    if seminar.results_published_at is None:
        seminar.results_published_at = timezone.now()
        seminar.save(update_fields=["results_published_at"])
    return seminar


# Results ---------------------------------------------------------------------------------------


@dataclass
class ResultRow:
    plan: ActionPlan
    panel: list[Examiner]
    totals: list[Decimal | None]  # one per panel examiner, in panel order; None until submitted
    notes: list[tuple[str, str]] = field(default_factory=list)  # (examiner, note) of submitted sheets
    final: Decimal | None = None
    band: str = ""
    rank_in_cluster: int | None = None
    rank_overall: int | None = None

    @property
    def complete(self) -> bool:
        return bool(self.totals) and None not in self.totals

    @property
    def spread(self) -> Decimal | None:
        given = [t for t in self.totals if t is not None]
        return max(given) - min(given) if len(given) > 1 else None

    @property
    def needs_moderation(self) -> bool:
        return self.spread is not None and self.spread > SPREAD_LIMIT


def _competition_ranks(rows: list[ResultRow]) -> dict[int, int]:
    """1, 2, 2, 4: equal finals share a rank."""
    ranks, previous, rank = {}, None, 0
    for position, row in enumerate(sorted(rows, key=lambda r: -r.final), start=1):
        if row.final != previous:
            rank, previous = position, row.final
        ranks[row.plan.pk] = rank
    return ranks


def seminar_results(seminar: Seminar) -> list[ResultRow]:
    """Every scheduled plan with its examiners' totals, final score, band and ranks, in a fixed number of queries."""
    rubric = ensure_rubric(seminar.cohort)
    bands = list(rubric.bands.all())
    slots = list(
        seminar.slots.exclude(plan__state=ActionPlan.State.WITHDRAWN)
        .select_related("plan__participant__user", "plan__cluster", "room")
        .prefetch_related("room__panel__examiners__user")
        .order_by("plan__participant__roll_number")
    )
    sheets = defaultdict(dict)
    for sheet in ScoreSheet.objects.filter(plan__slot__seminar=seminar).select_related("examiner__user"):
        sheets[sheet.plan_id][sheet.examiner_id] = sheet
    rows = []
    for slot in slots:
        panel = list(slot.room.panel.examiners.all()) if hasattr(slot.room, "panel") else []
        mine = sheets[slot.plan_id]
        totals = [mine[e.pk].total if e.pk in mine and mine[e.pk].is_submitted else None for e in panel]
        notes = [(e.user.full_name, mine[e.pk].note) for e in panel if e.pk in mine and mine[e.pk].is_submitted]
        row = ResultRow(plan=slot.plan, panel=panel, totals=totals, notes=notes)
        if row.complete:
            row.final = (sum(totals) / len(totals)).quantize(TWO_PLACES, ROUND_HALF_UP)
            row.band = next((b.label for b in bands if b.above is None or row.final > b.above), "")
        rows.append(row)
    complete = [row for row in rows if row.complete]
    overall = _competition_ranks(complete)
    by_cluster = defaultdict(list)
    for row in complete:
        by_cluster[row.plan.cluster_id].append(row)
    in_cluster = {}
    for members in by_cluster.values():
        in_cluster |= _competition_ranks(members)
    for row in complete:
        row.rank_overall, row.rank_in_cluster = overall[row.plan.pk], in_cluster[row.plan.pk]
    return rows
