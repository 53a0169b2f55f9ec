"""The seminar's results: what the score sheets add up to, and their publication (one lifecycle)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import issuing
from core.lifecycle import Publication
from core.models import IssuedDocument
from innovations.models import ActionPlan
from participants.lifecycle import Lifecycle
from participants.models import Cohort, Examiner, User
from participants.notifications import notify
from participants.organisations import issue_document
from participants.rules import person_path

from .models import ScoreSheet, Seminar
from .scoring import TWO_PLACES, ensure_rubric

SPREAD_LIMIT = Decimal(15)


LIFECYCLE = Lifecycle(
    Publication,
    model=Seminar,
    kind="results",
    route=Seminar.ROUTE,
    noun=gettext_lazy("results"),
    field="results_state",
    related=["cohort__organisation"],
)


@transaction.atomic
def transition(seminar: Seminar, *, to: str, by: User, note: str = "") -> Seminar:
    """Publish the results (each participant then sees their own score and notes), or withdraw them with a reason.

    Publishing issues the minutes (berita acara) as the results stand (participants.organisations.issue_document):
    the first publication gives them the organisation's next number; publishing again results that changed while
    they were withdrawn makes a new revision of the minutes, with a new number, that names the one it replaces.
    Results that did not change keep their minutes and number. Audited; every participant with an exposé is told.
    """
    with LIFECYCLE.moving(seminar, to=to, by=by, note=note) as change:
        seminar = change.obj
        change.set(results_published_at=timezone.now() if to == Publication.PUBLISHED else None)
        if to == Publication.PUBLISHED:
            minutes, _created = issue_minutes(seminar, by=by)
            if minutes.number != seminar.minutes_number:
                change.set(minutes_number=minutes.number)
                change.data = {"number": seminar.minutes_number}
    published = to == Publication.PUBLISHED
    url = reverse("seminars:my_result", args=[seminar.cohort.slug, seminar.stage])
    for slot in seminar.slots.exclude(plan__state=ActionPlan.State.WITHDRAWN).select_related(
        person_path("owner", "plan__participant")
    ):
        notify(
            slot.plan.participant.user,
            lambda: (
                _("The results of the seminar are published: see your score and the examiners' notes.")
                if published
                else _("The organiser withdrew the results of the seminar.")
            ),
            cohort=seminar.cohort,
            url=url,
            detail=note,
        )
    return seminar


def issue_minutes(seminar: Seminar, *, by: User | None) -> tuple[IssuedDocument, bool]:
    """The minutes of the results as they stand: their latest revision, or a new one with a new number. A seminar
    published before minutes had revisions gives its first revision the number it already had."""
    organisation = seminar.cohort.organisation
    first = not issuing.revisions(IssuedDocument.Kind.MINUTES, seminar).exists()
    if first and seminar.minutes_number:
        return issuing.issue(
            IssuedDocument.Kind.MINUTES,
            seminar,
            content=minutes_content(seminar),
            dated=seminar.date,
            number=lambda: seminar.minutes_number,
            by=by,
        )
    return issue_document(
        organisation,
        IssuedDocument.Kind.MINUTES,
        seminar,
        cohort=seminar.cohort,
        content=minutes_content(seminar),
        on=seminar.date,
        by=by,
    )


def publish_results(seminar: Seminar, *, by: User) -> Seminar:
    return transition(seminar, to=Publication.PUBLISHED, by=by)


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
    for position, row in enumerate(sorted(rows, key=lambda r: -cast(Decimal, r.final)), start=1):  # complete rows
        if row.final != previous:
            rank, previous = position, row.final
        ranks[row.plan.pk] = rank
    return ranks


def seminar_results(seminar: Seminar) -> list[ResultRow]:
    """Every scheduled plan with its examiners' totals, final score, band and ranks, in a fixed number of queries."""
    rubric = ensure_rubric(seminar.cohort, seminar.stage)
    bands = list(rubric.bands.all())
    slots = list(
        seminar.slots.exclude(plan__state=ActionPlan.State.WITHDRAWN)
        .select_related(person_path("owner", "plan__participant"), "plan__cluster", "room")
        .prefetch_related(person_path("examiner", "room__panel__examiners"))
        .order_by("plan__participant__roll_number")
    )
    sheets: defaultdict[int, dict[int, ScoreSheet]] = defaultdict(dict)
    for sheet in ScoreSheet.objects.filter(seminar=seminar).select_related(person_path("examiner", "examiner")):
        sheets[sheet.plan_id][sheet.examiner_id] = sheet
    rows = []
    for slot in slots:
        panel = list(slot.room.panel.examiners.all()) if hasattr(slot.room, "panel") else []
        mine = sheets[slot.plan_id]
        totals = [mine[e.pk].total if e.pk in mine and mine[e.pk].is_submitted else None for e in panel]
        notes = [(e.user.full_name, mine[e.pk].note) for e in panel if e.pk in mine and mine[e.pk].is_submitted]
        row = ResultRow(plan=slot.plan, panel=panel, totals=totals, notes=notes)
        if row.complete:
            given = cast(list[Decimal], totals)  # complete: every examiner's total is given
            row.final = (sum(given, Decimal(0)) / len(given)).quantize(TWO_PLACES, ROUND_HALF_UP)
            row.band = next((b.label for b in bands if b.above is None or row.final > b.above), "")
        rows.append(row)
    complete = [row for row in rows if row.complete]
    overall = _competition_ranks(complete)
    by_cluster = defaultdict(list)
    for row in complete:
        by_cluster[row.plan.cluster_id].append(row)
    in_cluster: dict[int, int] = {}
    for members in by_cluster.values():
        in_cluster |= _competition_ranks(members)
    for row in complete:
        row.rank_overall, row.rank_in_cluster = overall[row.plan.pk], in_cluster[row.plan.pk]
    return rows


def stage_results(cohort: Cohort, stage: str) -> dict[int, Decimal]:
    """{participant id: final score} of the cohort's seminar that judges `stage` (its programme's "design" or
    "report"), for the participants whose every examiner has submitted; empty while there is no such seminar."""
    seminar = cohort.seminars.filter(stage=stage).first()
    if seminar is None:
        return {}
    return {row.plan.participant_id: row.final for row in seminar_results(seminar) if row.final is not None}


def combined_results(cohort: Cohort) -> dict[int, Decimal]:
    """{participant id: the seminars' combined result}: each seminar's final score (kept by `stage_results`) by its
    weight in the cohort's programme (`seminar.weight`, adding up to 100), for the participants with a final score
    at every seminar the programme holds."""
    judged = [(stage.key, stage.seminar.weight) for stage in cohort.programme_spec.seminars if stage.seminar]
    finals = {key: stage_results(cohort, key) for key, _weight in judged}
    everywhere = set.intersection(*(set(scores) for scores in finals.values())) if finals else set()
    return {
        participant: (sum(finals[key][participant] * weight for key, weight in judged) / Decimal(100)).quantize(
            TWO_PLACES, ROUND_HALF_UP
        )
        for participant in everywhere
    }


@dataclass
class PublicationWarnings:
    """What staff should know before publishing: plans flagged for moderation, score sheets not submitted yet, and
    plans whose room has no panel."""

    flagged: list[ResultRow] = field(default_factory=list)
    missing: list[tuple[ActionPlan, Examiner]] = field(default_factory=list)
    without_panel: list[ActionPlan] = field(default_factory=list)
    early: datetime.date | None = None  # the seminar's first day, while it is still to come

    def __bool__(self) -> bool:
        return bool(self.flagged or self.missing or self.without_panel or self.early)


def publication_warnings(rows: list[ResultRow], seminar: Seminar | None = None) -> PublicationWarnings:
    warnings = PublicationWarnings()
    if seminar is not None and timezone.localdate() < seminar.date:
        warnings.early = seminar.date
    for row in rows:
        if row.needs_moderation:
            warnings.flagged.append(row)
        if not row.panel:
            warnings.without_panel.append(row.plan)
        pairs = zip(row.panel, row.totals, strict=True)
        warnings.missing += [(row.plan, examiner) for examiner, total in pairs if total is None]
    return warnings


def minutes_content(seminar: Seminar) -> dict:
    """The minutes' facts: the seminar, the results of every scheduled plan, the examiners who sign."""
    return {
        "cohort": {"name": seminar.cohort.name, "training_title": seminar.cohort.training_title},
        "seminar": {"title": seminar.title, "venue": seminar.venue, "date": seminar.date.isoformat()},
        "rows": [
            {
                "roll_number": row.plan.participant.roll_number,
                "name": row.plan.participant.user.full_name,
                "nip": row.plan.participant.user.nip_display,
                "title": row.plan.title,
                "cluster": row.plan.cluster.name if row.plan.cluster else "",
                "final": str(row.final) if row.final is not None else None,
                "band": row.band,
                "rank": row.rank_overall,
            }
            for row in seminar_results(seminar)
        ],
        "examiners": [
            {
                "name": examiner.user.full_name,
                "nip": examiner.user.nip_display,
                "grade": examiner.grade_display,
                "position": examiner.position,
                "institution": examiner.institution,
            }
            for examiner in seminar.cohort.examiners.select_related("user")
        ],
    }
