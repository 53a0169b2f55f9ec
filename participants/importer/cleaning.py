"""Checking one row: every value normalised, every problem found put in `row.errors` at once."""

import functools
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ..civil_service import clean_grade, clean_nip
from ..models import User
from .columns import _text
from .places import _clean_places
from .rows import ImportRow

# What the database holds, checked in the preview so that confirming never fails on a value the preview accepted.
# Both are text fields with a max_length, so the lengths are never None.
NAME_LENGTH = cast(int, User._meta.get_field("full_name").max_length)
EMAIL_LENGTH = cast(int, User._meta.get_field("email").max_length)

# A roster repeats a few dozen ranks and kecamatan thousands of times; each is read once.
_grade = functools.lru_cache(maxsize=1024)(clean_grade)


def _clean_superior(raw: dict, clean: dict, errors: list) -> None:
    """The direct superior the row names, by NIP (and name, for a new account) or by name alone."""
    clean["mentor_nip"], clean["mentor_name"] = None, _text(raw.get("mentor_name"))[:200]
    clean["mentor_position"] = _text(raw.get("mentor_position"))[:200]
    value = raw.get("mentor_nip")
    if not _text(value):
        return
    try:
        clean["mentor_nip"] = clean_nip(value if not isinstance(value, str) else _text(value))
    except ValidationError as error:
        errors.extend(
            _("The direct superior's NIP (NIP ATASAN) “%(value)s”: %(error)s")
            % {"value": _text(value), "error": message}
            for message in error.messages
        )
        clean["superior_refused"] = True  # said once: no search for them by name
        return
    if clean["mentor_nip"] == clean.get("nip"):
        errors.append(_("A participant cannot be their own direct superior: check NIP ATASAN."))
        clean["superior_refused"] = True


def _clean_phone(value, errors: list) -> str:
    """A phone number as the row writes it. A spreadsheet that stored it as a number dropped its leading 0: an
    Indonesian mobile number (8…) gets it back, one with the country code (62…) its "+"; any other number is
    refused, saying how to keep the 0."""
    text = _text(value)[:30]
    stored_as_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not text.isdigit() or text.startswith("0"):
        return text
    if text.startswith("8") and 9 <= len(text) <= 12:
        return "0" + text
    if text.startswith("62") and 10 <= len(text) <= 14:
        return "+" + text
    if stored_as_number:
        errors.append(
            _(
                "The phone number %(value)s was stored as a number, so its leading 0 is lost: format the NO. HP "
                "column as text and type it again."
            )
            % {"value": text}
        )
        return ""
    return text


def clean_person(row: ImportRow, seen_nips: dict) -> dict:
    """Normalise what every list has (name, NIP, golongan, position, e-mail, phone); fill row.errors with every
    problem found. A NIP seen in an earlier row of the file is refused."""
    raw = row.values
    clean: dict[str, Any] = {}
    errors = row.errors

    clean["name"] = _text(raw.get("name"))
    if not clean["name"]:
        errors.append(_("The name (NAMA) is missing."))
    elif len(clean["name"]) > NAME_LENGTH:
        errors.append(_("The name is longer than %(count)d characters.") % {"count": NAME_LENGTH})

    try:
        clean["nip"] = clean_nip(raw.get("nip") if not isinstance(raw.get("nip"), str) else _text(raw.get("nip")))
    except ValidationError as error:
        errors.extend(error.messages)
    else:
        if clean["nip"] in seen_nips:
            earlier = seen_nips[clean["nip"]]
            errors.append(_("This NIP repeats row %(line)d (%(name)s).") % {"line": earlier.line, "name": earlier.name})
        else:
            seen_nips[clean["nip"]] = row

    if "grade" in raw:
        try:
            clean["grade"] = _grade(raw.get("grade"))
        except ValidationError as error:
            errors.append(error.messages[0])

    clean["position"] = _text(raw.get("position"))[:200]
    clean["phone"] = _clean_phone(raw.get("phone"), errors)
    clean["email"] = _text(raw.get("email")).lower() or None
    # "Pematangsiantar, 01-01-1980" where the roster joins the place and the date: the NIP gives the date already.
    clean["birth_place"] = _text(raw.get("birth_place")).split(",")[0].strip()[:100]
    if clean["email"]:
        try:
            validate_email(clean["email"])
            if len(clean["email"]) > EMAIL_LENGTH:
                raise ValidationError("too long")
        except ValidationError:
            errors.append(_("“%(value)s” is not an e-mail address.") % {"value": clean["email"][:100]})
    return clean


def _clean_row(row: ImportRow, kecamatan_lookup, seen_nips, seen_rolls, *, superior_rule: bool = False) -> dict:
    """Normalise one roster row; fill row.errors with every problem found."""
    raw = row.values
    clean = clean_person(row, seen_nips)
    errors = row.errors
    clean["work_unit"] = _text(raw.get("work_unit"))[:200]
    _clean_places(raw, clean, errors, kecamatan_lookup)
    if superior_rule:
        _clean_superior(raw, clean, errors)

    roll_text = _text(raw.get("roll_number"))
    clean["roll_number"] = None
    if roll_text.isdigit() and int(roll_text) > 0:
        clean["roll_number"] = int(roll_text)
        if clean["roll_number"] in seen_rolls:
            errors.append(
                _("Number %(number)d repeats row %(line)d.")
                % {"number": clean["roll_number"], "line": seen_rolls[clean["roll_number"]].line}
            )
        else:
            seen_rolls[clean["roll_number"]] = row
    return clean
