"""The final grade of a cohort's participants, from its programme's components (programmes.spec): the seminars'
results (`seminars.results.stage_results`) and the scores staff enter or import; the band, passed or not, the ranks
and the best participants. And the two writes of the grid: the scores, and the rules staff adjust."""

import hashlib
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.editing import EditConflict, bump, check_fresh
from participants.audit import Verb, record
from participants.models import Cohort, Participant, User
from programmes.spec import ENTERED, SEMINAR, Component, ProgrammeSpec, parse
from seminars.results import stage_results

from .models import Certificate, ComponentScore, GradeBook

TWO_PLACES = Decimal("0.01")
BEST = 3  # the best participants the page and the recap name


@dataclass
class GradeRow:
    participant: Participant
    scores: dict[str, Decimal | None]  # by component key
    final: Decimal | None = None
    band: str = ""
    passed: bool | None = None  # None while a component is missing
    shortfalls: list[str] = field(default_factory=list)  # why a complete grade does not pass
    rank: int | None = None
    certificate: Certificate | None = None  # the valid one, if issued

    @property
    def complete(self) -> bool:
        return self.final is not None

    @property
    def missing(self) -> list[str]:
        return [key for key, value in self.scores.items() if value is None]


def entered_components(spec: ProgrammeSpec) -> list[Component]:
    return [component for component in spec.components if component.source == ENTERED]


def seminar_stage(component: Component) -> str | None:
    kind, _colon, stage = component.source.partition(":")
    return stage if kind == SEMINAR else None


def grade_book(cohort: Cohort) -> GradeBook:
    book, _created = GradeBook.objects.get_or_create(cohort=cohort)
    return book


def _competition_ranks(rows: list[GradeRow]) -> None:
    """1, 2, 2, 4: equal finals share a rank."""
    previous, rank = None, 0
    for position, row in enumerate(sorted(rows, key=lambda r: -cast(Decimal, r.final)), start=1):  # complete rows
        if row.final != previous:
            rank, previous = position, row.final
        row.rank = rank


def grade(spec: ProgrammeSpec, scores: dict[str, Decimal | None]) -> tuple[Decimal | None, bool | None, list[str]]:
    """(final, passed, shortfalls) of one participant's component scores under the programme's rules."""
    known = {key: value for key, value in scores.items() if value is not None}
    if not spec.components or any(c.key not in known for c in spec.components):
        return None, None, []
    total = sum(known[c.key] * c.weight for c in spec.components) / 100
    final = Decimal(total).quantize(TWO_PLACES, ROUND_HALF_UP)
    shortfalls = [
        _("%(component)s below its minimum of %(minimum)s") % {"component": c.label, "minimum": c.minimum}
        for c in spec.components
        if c.minimum is not None and known[c.key] < c.minimum
    ]
    if spec.pass_mark is not None and final < spec.pass_mark:
        shortfalls.insert(0, _("below the pass mark of %(mark)s") % {"mark": spec.pass_mark})
    return final, not shortfalls, shortfalls


def final_grades(cohort: Cohort) -> list[GradeRow]:
    """Every participant still in the cohort, by roll number, with their component scores, final grade, band,
    whether they passed, their rank and their valid certificate; in a fixed number of queries."""
    spec = cohort.programme_spec
    participants = list(
        Participant.objects.filter(cohort=cohort, withdrawn_at__isnull=True)
        .select_related("user")
        .order_by("roll_number")
    )
    stored: dict[int, dict[str, Decimal]] = {}
    for score in ComponentScore.objects.filter(participant__cohort=cohort):
        stored.setdefault(score.participant_id, {})[score.key] = score.value
    seminars = {stage: stage_results(cohort, stage) for stage in {seminar_stage(c) for c in spec.components} if stage}
    valid = {
        certificate.participant_id: certificate
        for certificate in Certificate.objects.filter(participant__cohort=cohort, state=Certificate.State.ISSUED)
    }
    rows = []
    for participant in participants:
        participant.cohort = cohort  # loaded once: the certificate's content reads its organisation and programme
        scores = {
            c.key: seminars[stage].get(participant.pk)
            if (stage := seminar_stage(c))
            else stored.get(participant.pk, {}).get(c.key)
            for c in spec.components
        }
        final, passed, shortfalls = grade(spec, scores)
        row = GradeRow(participant, scores, final, spec.band_for(final) if final is not None else "", passed)
        row.shortfalls, row.certificate = shortfalls, valid.get(participant.pk)
        rows.append(row)
    _competition_ranks([row for row in rows if row.complete])
    return rows


def best_of(rows: list[GradeRow]) -> list[GradeRow]:
    """The best participants who passed: those ranked in the first BEST places."""
    best = [row for row in rows if row.passed and row.rank is not None and row.rank <= BEST]
    return sorted(best, key=attrgetter("rank"))


def grades_started(cohort: Cohort) -> bool:
    """Whether the rules of the final grade are settled: once a score is entered or a certificate issued, the
    components, weights, pass mark and lesson hours stay as they are."""
    return (
        ComponentScore.objects.filter(participant__cohort=cohort).exists()
        or Certificate.objects.filter(participant__cohort=cohort).exists()
    )


# Entering scores ---------------------------------------------------------------------------------------------


def _locked_book(cohort: Cohort) -> GradeBook:
    grade_book(cohort)
    return GradeBook.objects.select_for_update().get(cohort=cohort)


def check_scores(cohort: Cohort, values: dict[int, dict[str, Decimal | None]]) -> dict[int, Participant]:
    """Refuse, naming each, scores for a participant not in the cohort (or withdrawn), for a component that is not
    entered by staff, out of 0–100, or for someone whose certificate is issued; return the participants by id."""
    keys = {c.key for c in entered_components(cohort.programme_spec)}
    participants = Participant.objects.select_related("user").in_bulk(list(values))
    holders = dict(
        Certificate.objects.filter(participant__in=list(values), state=Certificate.State.ISSUED).values_list(
            "participant_id", "number"
        )
    )
    problems = []
    for pk, scores in values.items():
        participant = participants.get(pk)
        if participant is None or participant.cohort_id != cohort.pk or participant.is_withdrawn:
            problems.append(_("Participant %(id)s is not in this cohort.") % {"id": pk})
            continue
        for key, value in scores.items():
            if key not in keys:
                problems.append(_("“%(key)s” is not a component staff enter in this cohort.") % {"key": key})
            elif value is not None and not Decimal(0) <= value <= Decimal(100):
                problems.append(
                    _("%(name)s: a score is from 0 to 100, not %(value)s.")
                    % {"name": participant.user.full_name, "value": value}
                )
        if pk in holders:
            stored = dict(ComponentScore.objects.filter(participant=participant).values_list("key", "value"))
            if any(stored.get(key) != value for key, value in scores.items()):
                problems.append(
                    _("%(name)s holds certificate %(number)s: revoke it before changing their grades.")
                    % {"name": participant.user.full_name, "number": holders[pk]}
                )
    if problems:
        raise ValidationError(problems)
    return participants


def write_scores(values: dict[int, dict[str, Decimal | None]], *, by: User) -> int:
    """Store the checked scores (None clears one); returns how many changed."""
    stored = {
        (score.participant_id, score.key): score
        for score in ComponentScore.objects.select_for_update().filter(participant__in=list(values))
    }
    changed, new, updated, gone = 0, [], [], []
    for pk, scores in values.items():
        for key, value in scores.items():
            score = stored.get((pk, key))
            if score is None and value is not None:
                new.append(ComponentScore(participant_id=pk, key=key, value=value, updated_by=by))
            elif score is not None and value is None:
                gone.append(score.pk)
            elif score is not None and score.value != value:
                score.value, score.updated_by = value, by
                updated.append(score)
            else:
                continue
            changed += 1
    ComponentScore.objects.bulk_create(new)
    for score in updated:
        score.save(update_fields=["value", "updated_by", "updated_at"])
    ComponentScore.objects.filter(pk__in=gone).delete()
    return changed


@transaction.atomic
def save_scores(cohort: Cohort, *, version: int, values: dict[int, dict[str, Decimal | None]], by: User) -> int:
    """Staff save the grid of entered components: {participant id: {component key: score or None}}. The grid was
    opened at the grade book's `version` (an older one raises EditConflict); any refusal (check_scores) writes
    nothing. Returns how many scores changed; one audit event when any did."""
    book = _locked_book(cohort)
    check_fresh(book, version=version)
    check_scores(cohort, values)
    changed = write_scores(values, by=by)
    if changed:
        book.save(update_fields=bump(book))
        record(Verb.GRADES_ENTER, cohort=cohort, actor=by, target=book, data={"changed": changed})
    return changed


# Adjusting the rules ---------------------------------------------------------------------------------------------

GRADING_KEYS = ("components", "pass_mark", "lesson_hours", "bands")


def rules_fingerprint(cohort: Cohort) -> str:
    """What the grading page was opened at: a hash of the cohort's rules of the final grade."""
    part = {key: cohort.spec.get(key) for key in GRADING_KEYS}
    return hashlib.sha256(json.dumps(part, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def adjust_grading(cohort: Cohort, *, fingerprint: str, rules: dict, training_type: str, by: User) -> Cohort:
    """Staff adjust the cohort's own rules of the final grade (`rules`: components, pass_mark, lesson_hours, bands,
    as the spec writes them), checked by programmes.spec.parse. The components and pass mark stay once a grade is
    entered or a certificate issued; the lesson hours once a certificate is issued; the bands and the type of
    training may change until then (a certificate keeps what it printed). Raises EditConflict for a page opened
    before another save, ValidationError naming each problem; one audit event."""
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if rules_fingerprint(locked) != fingerprint:
        raise EditConflict
    # Compared as parse() writes them: a template's JSON may spell the same rules another way.
    old, new = locked.programme_spec.to_json(), parse({**locked.spec, **rules}).to_json()
    if grades_started(locked) and any(new.get(key) != old.get(key) for key in ("components", "pass_mark")):
        raise ValidationError(
            _("Grades are entered or certificates issued already: the components, weights and pass mark stay.")
        )
    issued = Certificate.objects.filter(participant__cohort=locked).exists()
    if issued and new.get("lesson_hours") != old.get("lesson_hours"):
        raise ValidationError(_("Certificates are issued already: the lesson hours they print stay."))
    changed = {key: new.get(key) for key in GRADING_KEYS if new.get(key) != old.get(key)}
    locked.spec = new
    locked.save(update_fields=["spec"])
    book = _locked_book(locked)
    if book.training_type != training_type:
        book.training_type = training_type
        book.save(update_fields=["training_type"])
        changed["training_type"] = training_type
    if changed:
        record(Verb.GRADING_EDIT, cohort=locked, actor=by, target=book, data=changed)
    return locked
