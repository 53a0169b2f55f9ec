"""What staff decided about a participant that a roster imported again must not silently undo: a direct superior
replaced (a Camat transferred), a mentor or a coach chosen by hand, a withdrawal.

The office's spreadsheet lags behind: a week after staff replaced a transferred Camat, it still names the old one.
Reading a roster (`importer.read_roster`) marks each row that would undo a decision with a `Decision`, and reads the
row as the decision says (a replaced superior's NIP as their successor's); the preview shows it, with a choice per
row. Staff may choose the file for a row (`choose`); otherwise the decision is kept, and `import_roster` says so.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import cast

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from .civil_service import format_nip
from .models import Cohort, Mentor, Participant


@dataclass
class Decision:
    """One decision of staff that a row of the file would undo: what it is, and the choice the preview offers."""

    kind: str  # "replacement", "hand_choice", "coach_choice" or "withdrawn"
    message: str
    keep: str = ""  # what keeping the decision does
    undo: str = ""  # what choosing the file does; empty when the import cannot undo it (a withdrawal)
    file_values: dict = field(default_factory=dict)  # the row as the file gives it, restored when staff choose it
    change: object = None  # the change the file makes once chosen (an importer.Change)
    replaced: int | None = None  # the account of the replaced superior, kept on the participant
    undone: bool = False


def person_label(name: str, nip: str | None) -> str:
    """A person as the preview names them: never a bare NIP."""
    return f"{name} ({format_nip(nip)})" if nip else name


@dataclass
class Decided:
    """What the cohort's staff decided about direct superiors: each replaced superior's NIP, with their account
    and the successor who took over (NIP, label)."""

    replaced: dict[str, tuple[int, str, str]] = field(default_factory=dict)


def read_decided(cohort: Cohort) -> Decided:
    """The superiors staff replaced in this cohort and who took over from each; one query."""
    successors: dict[tuple[str, int], Counter[tuple[str, str]]] = {}
    for replaced_nip, replaced_id, nip, name in Participant.objects.filter(
        cohort=cohort, replaced_superior__isnull=False, superior__isnull=False
    ).values_list("replaced_superior__nip", "replaced_superior_id", "superior__user__nip", "superior__user__full_name"):
        successors.setdefault((replaced_nip, replaced_id), Counter())[(nip, name)] += 1
    decided = Decided()
    for (replaced_nip, replaced_id), counted in successors.items():
        (nip, name), _count = counted.most_common(1)[0]
        decided.replaced[replaced_nip] = (replaced_id, nip, person_label(name, nip))
    return decided


def decisions_of(
    participant: Participant | None, clean: dict, names: dict[str, str], decided: Decided, *, superior_rule: bool
) -> list[Decision]:
    """The decisions this row of the file would undo. A replaced superior the row names is read as their successor
    (in `clean`); the file's own values wait in the decision, for staff to choose them."""
    decisions = []
    if participant is not None and participant.is_withdrawn:
        decisions.append(_withdrawn(participant))
    named = clean.get("mentor_nip")
    if superior_rule and named:
        replacement = _replacement(participant, clean, names, decided)
        if replacement is not None:
            decisions.append(replacement)
        elif participant is not None and participant.mentor_assigned_by_staff and participant.mentor:
            current = participant.superior.user.nip if participant.superior else None
            if named not in (current, participant.mentor.user.nip):
                target = person_label(names.get(named, ""), named)
                decisions.append(_hand_choice(participant, _("the file's direct superior would make it %s") % target))
    elif not superior_rule and participant is not None and participant.mentor_assigned_by_staff and participant.mentor:
        kecamatan = clean.get("kecamatan")
        if kecamatan is not None and kecamatan.pk != participant.kecamatan_id:
            decisions.append(
                _hand_choice(
                    participant,
                    _("the file moves them to %(kecamatan)s, whose Camat would become their mentor")
                    % {"kecamatan": kecamatan},
                )
            )
    if (coach_choice := _coach_choice(participant, clean)) is not None:
        decisions.append(coach_choice)
    return decisions


def _coach_choice(participant: Participant | None, clean: dict) -> Decision | None:
    """A row naming another coach than the one staff chose by hand: read as keeping theirs (`clean["coach"]`
    emptied); the file's coach waits in the decision."""
    named = clean.get("coach")
    if participant is None or named is None or not participant.coach_assigned_by_staff:
        return None
    if named.pk == participant.coach_id:
        return None
    clean["coach"] = None
    current = participant.coach.user.full_name if participant.coach else _("no coach")
    return Decision(
        "coach_choice",
        _("Staff chose %(coach)s as coach by hand; the file names %(name)s.")
        % {"coach": current, "name": named.user.full_name},
        keep=_("Keep %(name)s (staff's decision)") % {"name": current},
        undo=_("Apply the file: %(name)s") % {"name": named.user.full_name},
        file_values={"coach": named},
    )


def _withdrawn(participant: Participant) -> Decision:
    return Decision(
        "withdrawn",
        _(
            "Withdrawn on %(date)s (%(reason)s): stays withdrawn; the file only updates their data. Restore them on "
            "their page if they are back."
        )
        % {
            "date": date_format(localtime(participant.withdrawn_at), "j F Y"),
            "reason": participant.withdrawal_reason,
        },
    )


def _replacement(participant: Participant | None, clean: dict, names: dict, decided: Decided) -> Decision | None:
    """A row naming a superior staff replaced: for the participants who moved with the replacement, and for a new
    participant, as long as someone took over."""
    named = clean["mentor_nip"]
    if participant is not None:
        replaced = participant.replaced_superior
        if replaced is None or replaced.nip != named or participant.superior is None:
            return None
        replaced_id, successor = replaced.pk, participant.superior.user
        successor_nip, successor_label = successor.nip, person_label(successor.full_name, successor.nip)
    elif named in decided.replaced:
        replaced_id, successor_nip, successor_label = decided.replaced[named]
    else:
        return None
    old_name = names.get(named, "")
    file_values = {key: clean.get(key) for key in ("mentor_nip", "mentor_name", "mentor_position")}
    clean["mentor_nip"], clean["mentor_name"] = successor_nip, ""
    return Decision(
        "replacement",
        _("Staff replaced %(old)s with %(new)s as direct superior; the file still names %(name)s.")
        % {"old": person_label(old_name, named), "new": successor_label, "name": old_name},
        keep=_("Keep %(name)s (staff's decision)") % {"name": successor_label},
        undo=_("Apply the file: %(name)s") % {"name": person_label(old_name, named)},
        file_values=file_values,
        replaced=replaced_id,
    )


def _hand_choice(participant: Participant, what_the_file_does: str) -> Decision:
    # Not None: asked only for a participant whose mentor staff chose.
    mentor = cast(Mentor, participant.mentor).user.full_name
    return Decision(
        "hand_choice",
        _("Staff chose %(mentor)s as mentor by hand; %(file)s.") % {"mentor": mentor, "file": what_the_file_does},
        keep=_("Keep %(name)s (staff's decision)") % {"name": mentor},
        undo=_("Apply the file: the mentor of the cohort's rule"),
        file_values={"release_mentor": True},
    )


def choose(rows, undo: set[str]) -> None:
    """Staff's choices on the preview: the rows whose NIP is in `undo` take the file's values over the decisions
    it would undo; every other decision is kept."""
    for row in rows:
        if row.nip not in undo or row.status == "error":
            continue
        for decision in row.decisions:
            if not decision.undo:
                continue
            decision.undone = True
            row.values.update(decision.file_values)
            if decision.change is not None:
                row.changes.append(decision.change)
            if row.status == "unchanged":
                row.status = "updated"


def record_choices(cohort: Cohort, rows) -> None:
    """After an import has written its rows: a replacement kept stays on the participant (new ones too, so that
    the next import keeps it); one staff chose the file over is forgotten, and so is a hand choice let go."""
    for row in rows:
        for decision in row.decisions:
            people = Participant.objects.filter(cohort=cohort, user__nip=row.values["nip"])
            if decision.kind == "replacement":
                people.update(replaced_superior=None if decision.undone else decision.replaced)
            elif decision.kind == "hand_choice" and decision.undone:
                people.update(mentor_assigned_by_staff=False)
            elif decision.kind == "coach_choice" and decision.undone:
                people.update(coach_assigned_by_staff=False)


def kept(rows) -> list[tuple[object, Decision]]:
    """Every decision the import keeps, with its row."""
    return [
        (row, decision) for row in rows if row.status != "error" for decision in row.decisions if not decision.undone
    ]
