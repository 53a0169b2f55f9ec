"""The roster's preview: every row checked against the cohort's roster and the accounts that exist, and what
confirming would change. Writes nothing."""

from collections.abc import Iterable
from typing import cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.rules import person_path

from ..models import Cohort, Mentor, Participant, User
from ..roster_decisions import decisions_of, person_label, read_decided
from .cleaning import _clean_row
from .coaches import check_coaches
from .columns import ROSTER, _text
from .places import _kecamatan_lookup
from .reading import parse_sheet
from .rows import Change, ImportFileError, ImportPreview, ImportRow

PARTICIPANT_FIELDS = ["grade", "position", "work_unit", "kecamatan", "kelurahan", "roll_number", "superior"]
USER_FIELDS = ["full_name", "email", "phone", "birth_place"]
# What the preview calls each value a re-import may change.
FIELD_LABELS = {
    "full_name": gettext_lazy("Name"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "birth_place": gettext_lazy("Place of birth"),
    "grade": gettext_lazy("Pangkat/golongan"),
    "position": gettext_lazy("Position"),
    "work_unit": gettext_lazy("Work unit"),
    "kecamatan": gettext_lazy("Kecamatan"),
    "kelurahan": gettext_lazy("Kelurahan/desa"),
    "roll_number": gettext_lazy("NDH (roll number)"),
    "superior": gettext_lazy("Direct superior"),
    "institution": gettext_lazy("Institution"),
    "coach": gettext_lazy("Coach"),
}


def _shown(value) -> str:
    return "—" if value is None or value == "" else str(value)


def changes_of(obj, clean: dict, fields) -> list[Change]:
    """The fields of `obj` that the row gives a different value: a value the file leaves blank keeps what is
    stored, so it is no change."""
    return [
        Change(name, str(FIELD_LABELS[name]), _shown(getattr(obj, name)), _shown(clean[name]))
        for name in fields
        if clean.get(name) and clean[name] != getattr(obj, name)
    ]


def people_of(cleaned) -> tuple[dict[str, User], dict[str, str | None]]:
    """The accounts the rows' NIPs already have, and the NIP of the owner of each e-mail address the rows give,
    in a few queries whatever the file's size."""
    nips = [clean["nip"] for _row, clean in cleaned if clean.get("nip")]
    users = {}
    for start in range(0, len(nips), 2000):
        users.update(User.objects.in_bulk(nips[start : start + 2000], field_name="nip"))
    emails = [clean["email"] for _row, clean in cleaned if clean.get("email")]
    email_owners: dict[str, str | None] = {}  # a person with an address may have no NIP
    for start in range(0, len(emails), 2000):
        owners = User.objects.filter(email__in=emails[start : start + 2000]).values_list("email", "nip")
        email_owners.update(cast(dict[str, str | None], dict(owners)))  # filtered by address: the address is set
    return users, email_owners


def check_email(row: ImportRow, clean: dict, email_owners: dict[str, str | None]) -> None:
    email, nip = clean.get("email"), clean.get("nip")
    if email and nip and email in email_owners and email_owners[email] != nip:
        row.errors.append(_("The e-mail address %(email)s belongs to someone else.") % {"email": email})


def will_be_invited(row: ImportRow, users: dict[str, User]) -> bool:
    """Whether confirming invites this row's person: someone new to the role who has an e-mail address and has
    not chosen a password yet (what `welcome_to_cohort` does)."""
    if row.status != "new":
        return False
    user = users.get(row.values["nip"])
    email = row.values.get("email") or (user.email if user else None)
    return bool(email) and (user is None or not user.has_usable_password())


def missing_from(existing: dict, seen_nips: dict) -> list:
    """Who has the role in the cohort (`existing`, by NIP) but is not in the file, by name."""
    return sorted((role for nip, role in existing.items() if nip not in seen_nips), key=lambda r: r.user.full_name)


def read_roster(cohort: Cohort, data: bytes) -> ImportPreview:
    """Check every row against the rules and the cohort's current roster. Writes nothing."""
    sheet = parse_sheet(data, ROSTER)
    rows = sheet.rows
    if cohort.region is None and any(_text(row.values.get(c)) for row in rows for c in ("kecamatan", "kelurahan")):
        raise ImportFileError(
            _(
                "This cohort has no region yet, so its kecamatan cannot be looked up: choose its kabupaten/kota "
                "(or province) on the cohort's page, then import the file again."
            )
        )
    lookup = _kecamatan_lookup(cohort, villages="kelurahan" in sheet.columns)
    superior_rule = cohort.mentor_rule == Cohort.MentorRule.SUPERIOR
    seen_nips: dict[str, ImportRow] = {}
    seen_rolls: dict[int, ImportRow] = {}
    cleaned = [(row, _clean_row(row, lookup, seen_nips, seen_rolls, superior_rule=superior_rule)) for row in rows]
    check_coaches(cohort, cleaned)

    users, email_owners = people_of(cleaned)
    existing = {
        p.user.nip: p
        for p in Participant.objects.filter(cohort=cohort).select_related(
            "user", "kecamatan", "superior__user", person_path("mentor"), person_path("coach"), "replaced_superior"
        )
    }
    taken_rolls = {p.roll_number: p for p in existing.values()}
    next_roll = max(taken_rolls, default=0)
    names = _check_superiors(cohort, cleaned, users) if superior_rule else {}
    decided = read_decided(cohort) if superior_rule else None

    for row, clean in cleaned:
        nip = clean.get("nip")
        check_email(row, clean, email_owners)
        participant = existing.get(nip)
        roll = clean["roll_number"]
        holder = taken_rolls.get(roll) if roll else None
        if holder and holder.user.nip != nip and holder.user.nip not in seen_nips:
            row.errors.append(
                _("Number %(number)d is already %(name)s's roll number in this cohort.")
                % {"number": roll, "name": holder.user.full_name}
            )
        if row.errors:
            row.status = "error"
            continue
        if roll is None:
            if participant:
                clean["roll_number"] = participant.roll_number
            else:
                next_roll += 1
                while next_roll in taken_rolls or next_roll in seen_rolls:
                    next_roll += 1
                clean["roll_number"] = next_roll
        clean["full_name"] = clean.pop("name")
        row.values = clean
        # A str: a row without a NIP has an error, and was passed over above.
        _compare(row, participant, users.get(cast(str, nip)), names, decided)
    return ImportPreview(
        rows=rows,
        columns=sheet.columns,
        recognised=sheet.recognised,
        ignored=sheet.ignored,
        missing=missing_from(existing, seen_nips),
        invitations=sum(will_be_invited(row, users) for row in rows),
    )


def _compare(row: ImportRow, participant: Participant | None, user: User | None, names: dict, decided) -> None:
    """The row's status and changes against what is stored, and the decisions of staff it would undo (which it
    is read as keeping); every superior named by name and NIP."""
    clean = row.values
    row.status = "new" if participant is None else "updated"
    row.decisions = decisions_of(participant, clean, names, decided, superior_rule=decided is not None)
    if user is not None:
        row.changes = changes_of(user, clean, USER_FIELDS)
    if clean.get("mentor_nip"):
        clean["superior_label"] = person_label(names.get(clean["mentor_nip"], ""), clean["mentor_nip"])
    if participant is None:
        return
    row.changes += changes_of(participant, clean, PARTICIPANT_FIELDS)
    if (change := _superior_change(participant, clean, names)) is not None:
        row.changes.append(change)
    if (coach := clean.get("coach")) is not None and coach.pk != participant.coach_id:
        row.changes.append(_coach_change(participant, coach))
    for decision in row.decisions:
        if decision.kind == "replacement":
            decision.change = _superior_change(participant, {**clean, **decision.file_values}, names)
        elif decision.kind == "coach_choice":
            decision.change = _coach_change(participant, decision.file_values["coach"])
    if not row.changes:
        row.status = "unchanged"


def _coach_change(participant: Participant, coach) -> Change:
    before = participant.coach.user.full_name if participant.coach else None
    return Change("coach", str(FIELD_LABELS["coach"]), _shown(before), coach.user.full_name)


def _superior_change(participant: Participant, clean: dict, names: dict) -> Change | None:
    superior = participant.superior.user if participant.superior else None
    named = clean.get("mentor_nip")
    if not named or named == (superior.nip if superior else None):
        return None
    before = person_label(superior.full_name, superior.nip) if superior else None
    after = person_label(names.get(named) or clean.get("mentor_name") or "", named)
    return Change("superior", str(FIELD_LABELS["superior"]), _shown(before), after)


def _check_superiors(cohort: Cohort, cleaned, users: dict) -> dict[str, str]:
    """Resolve each row's direct superior to a NIP: given, or found by name among the cohort's mentors. A NIP
    nobody has yet makes a new account, and that needs the name. Returns the name behind each NIP named: the
    account's, or the file's for someone new."""
    nips = [clean["mentor_nip"] for _row, clean in cleaned if clean.get("mentor_nip")]
    # Filtered by NIP: the NIP is set.
    names = cast(dict[str, str], dict(User.objects.filter(nip__in=nips).values_list("nip", "full_name")))
    names |= {nip: user.full_name for nip, user in users.items()}
    known = set(names)
    by_name: dict[str, set[str]] = {}
    mentors = Mentor.objects.filter(cohort=cohort, user__nip__isnull=False).values_list("user__full_name", "user__nip")
    for name, nip in cast(Iterable[tuple[str, str]], mentors):  # filtered on user__nip__isnull=False
        by_name.setdefault(_person_key(name), set()).add(nip)
        names[nip] = name
    for row, clean in cleaned:
        # Checked whatever else is wrong with the row, so the preview names every error at once.
        if clean.get("superior_refused") or not (clean.get("mentor_nip") or clean.get("mentor_name")):
            continue
        if clean["mentor_nip"] is None:
            nips_named = by_name.get(_person_key(clean["mentor_name"]), set())
            if len(nips_named) == 1:
                clean["mentor_nip"] = next(iter(nips_named))
            else:
                row.errors.append(
                    _(
                        "No mentor of this cohort is called “%(name)s”: give the direct superior's NIP "
                        "(NIP ATASAN) so their account can be made."
                    )
                    % {"name": clean["mentor_name"]}
                    if not nips_named
                    else _("More than one mentor is called “%(name)s”: give the direct superior's NIP (NIP ATASAN).")
                    % {"name": clean["mentor_name"]}
                )
        elif clean["mentor_nip"] not in known and not clean["mentor_name"]:
            row.errors.append(
                _("Nobody has the NIP %(nip)s yet: give the direct superior's name too (NAMA ATASAN).")
                % {"nip": clean["mentor_nip"]}
            )
        else:
            known.add(clean["mentor_nip"])
            names.setdefault(clean["mentor_nip"], clean["mentor_name"])
        if row.errors:
            row.status = "error"
    return names


def _person_key(name: str) -> str:
    return " ".join(name.lower().split())
