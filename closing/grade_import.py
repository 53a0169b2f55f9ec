"""Importing grade components from a spreadsheet (the academic test from LAN's e-learning, attitude scores kept in
Excel), read and checked as the roster is (participants.importer): the same file limits, header recognition,
preview with row errors, and matching by NIP. `read_grades` writes nothing; `import_grades` writes the valid rows
in one transaction, with one audit event."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.editing import bump
from participants.audit import Verb, record
from participants.civil_service import clean_nip
from participants.importer import (
    NAME,
    NIP,
    ROW_NUMBER,
    Change,
    Column,
    ImportFileError,
    ImportPreview,
    Sheet,
    _header_key,
    _text,
    parse_sheet,
)
from participants.models import Cohort, Participant, User

from .grades import _locked_book, entered_components, write_scores
from .models import Certificate, ComponentScore

# How a score column is headed in an export of e-learning results, or a plain list: read as the component staff
# chose on the upload page.
SCORE_SPELLINGS = ("NILAI", "NILAIAKHIR", "SKOR", "SKORAKHIR", "NILAIUJIAN", "NILAITES", "NILAIEVALUASI", "SCORE")


def grade_sheet(cohort: Cohort, *, score_column: str | None = None) -> Sheet:
    """The columns of a cohort's grade list: NIP, the name (only read, never stored), and one column per component
    staff enter, headed by its label or key; a NILAI column fills `score_column`."""
    columns = [ROW_NUMBER, NIP, Column("name", NAME.label, NAME.printed, NAME.spellings, stored=False)]
    for component in entered_components(cohort.programme_spec):
        spellings = {_header_key(component.label), _header_key(component.key)}
        if component.key == score_column:
            spellings |= set(SCORE_SPELLINGS)
        columns.append(
            Column(
                component.key,
                component.label,
                component.label.upper(),
                tuple(sorted(spellings - {""})),
                gettext_lazy("A score from 0 to 100, e.g. 85 or 85,5; a blank cell keeps what is stored."),
            )
        )
    return Sheet(tuple(columns), required=("nip",))


def _score(value) -> Decimal | None:
    """A cell as a score: 85, 85.5, "85,5"; None for a blank cell; raises ValueError for anything else."""
    if value is None or _text(value) == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = _text(value).replace(",", ".") if "." not in _text(value) else _text(value)
    try:
        score = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not score.is_finite():
        raise ValueError(text)
    return score.quantize(Decimal("0.01"))


def _check_row(row, keys, participants, holders, stored, seen) -> dict:
    """The row's scores by component, checked: its NIP names a participant of the cohort, once in the file; each
    score is from 0 to 100; a participant holding a certificate keeps their grades."""
    raw, errors = row.values, row.errors
    scores: dict[str, Decimal] = {}
    try:
        nip = clean_nip(raw.get("nip") if not isinstance(raw.get("nip"), str) else _text(raw.get("nip")))
    except ValidationError as error:  # in the rule's own words
        errors.append(error.messages[0])
        return scores
    if nip in seen:
        errors.append(_("This NIP repeats row %(line)d.") % {"line": seen[nip]})
    seen.setdefault(nip, row.line)
    participant = participants.get(nip)
    if participant is None:
        errors.append(_("No participant of this cohort has the NIP %(nip)s.") % {"nip": nip})
    for key, label in keys.items():
        try:
            value = _score(raw.get(key))
        except ValueError as error:
            errors.append(_("%(column)s: “%(value)s” is not a number.") % {"column": label, "value": str(error)[:40]})
            continue
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            errors.append(_("%(column)s: a score is from 0 to 100, not %(value)s.") % {"column": label, "value": value})
        elif value is not None:
            scores[key] = value
    changes_grades = (
        any(stored.get((participant.pk, key)) != value for key, value in scores.items()) if participant else False
    )
    if participant is not None and participant.pk in holders and changes_grades:
        errors.append(
            _("%(name)s holds certificate %(number)s: revoke it before changing their grades.")
            % {"name": participant.user.full_name, "number": holders[participant.pk]}
        )
    row.values = {"nip": nip, "full_name": participant.user.full_name if participant else _text(raw.get("name"))}
    return scores


def read_grades(cohort: Cohort, data: bytes, *, score_column: str | None = None) -> ImportPreview:
    """Check a list of scores: each row as new (no score stored yet), updated, unchanged or error. Writes nothing.
    Raises ImportFileError for a file that cannot be read, or that has no column of a component staff enter."""
    sheet = grade_sheet(cohort, score_column=score_column)
    parsed = parse_sheet(data, sheet)
    entered = {component.key for component in entered_components(cohort.programme_spec)}
    keys = {c.key: str(c.label) for c in sheet.columns if c.key in parsed.columns and c.key in entered}
    if not keys:
        raise ImportFileError(
            _("The file has no column of scores. Head it with a component's name (%(names)s) or NILAI.")
            % {"names": ", ".join(str(c.label) for c in sheet.columns[3:]) or "—"}
        )
    participants = {
        p.user.nip: p
        for p in Participant.objects.filter(
            cohort=cohort, withdrawn_at__isnull=True, user__nip__isnull=False
        ).select_related("user")
    }
    holders = dict(
        Certificate.objects.filter(participant__cohort=cohort, state=Certificate.State.ISSUED).values_list(
            "participant_id", "number"
        )
    )
    stored = {
        (score.participant_id, score.key): score.value
        for score in ComponentScore.objects.filter(participant__cohort=cohort)
    }
    seen: dict[str, int] = {}
    for row in parsed.rows:
        scores = _check_row(row, keys, participants, holders, stored, seen)
        if row.errors:
            row.status = "error"
            continue
        participant = participants[row.values["nip"]]
        row.values |= {"participant": participant.pk, "scores": scores}
        row.changes = [
            Change(key, keys[key], str(stored.get((participant.pk, key), "—")), str(value))
            for key, value in scores.items()
            if stored.get((participant.pk, key)) != value
        ]
        known = [key for key in scores if (participant.pk, key) in stored]
        row.status = "updated" if row.changes and known else ("new" if row.changes else "unchanged")
    missing = sorted(
        (p for nip, p in participants.items() if nip not in seen), key=lambda p: (p.roll_number, p.user.full_name)
    )
    return ImportPreview(
        rows=parsed.rows, columns=parsed.columns, recognised=parsed.recognised, ignored=parsed.ignored, missing=missing
    )


def import_grades(
    cohort: Cohort, data: bytes, *, by: User, score_column: str | None = None, dry_run: bool = False
) -> ImportPreview:
    """Read and, unless dry_run, write the valid rows' scores (a blank cell keeps what is stored), raising the grade
    book's version so that a grid opened before is refused. One audit event with the counts."""
    if dry_run:
        return read_grades(cohort, data, score_column=score_column)
    with transaction.atomic():
        # Read again under the grade book's lock: a certificate issued since the preview keeps its holder's grades.
        book = _locked_book(cohort)
        preview = read_grades(cohort, data, score_column=score_column)
        values = {
            row.values["participant"]: row.values["scores"] for row in preview.rows if row.status in ("new", "updated")
        }
        changed = write_scores(values, by=by)
        if changed:
            book.save(update_fields=bump(book))
        record(Verb.GRADES_IMPORT, cohort=cohort, actor=by, target=book, data={**preview.counts, "changed": changed})
    return preview
