"""Rules for Indonesian civil-servant data: the NIP and the pangkat/golongan.

Every place that accepts a NIP or a golongan (forms, the roster import, the
model fields, the demo loader) goes through these functions, so a rule is
written once and tested once.
"""

import datetime
import re
from typing import cast

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NIP_LENGTH = 18

# (golongan/ruang, pangkat) from the lowest to the highest.
GRADES = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tk. I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tk. I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tk. I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tk. I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tk. I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tk. I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tk. I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
GRADE_CHOICES = [(code, f"{rank} ({code})") for code, rank in GRADES]
RANK_BY_GRADE = dict(GRADES)

_SPACES = re.compile(r"\s+")
_GRADE_CODE = re.compile(r"\b(IV|III|II|I)\s*[/.\-\s]\s*([a-e])\b", re.IGNORECASE)


def _rank_key(rank: str) -> str:
    """'Penata Muda Tk.I', 'penata muda tingkat i' and 'Penata Muda Tk. I' compare equal."""
    key = _SPACES.sub(" ", rank.lower().replace("tingkat", "tk.")).strip()
    return key.replace("tk. ", "tk.").replace("tk ", "tk.")


GRADE_BY_RANK_KEY = {_rank_key(rank): code for code, rank in GRADES}

_NUMBER_MESSAGE = _(
    "The NIP was stored as a number, so its last digits are lost. Format the NIP column as text and type the NIP again."
)


def clean_nip(value: object, *, today: datetime.date | None = None) -> str:
    """Return the NIP as 18 digits, or raise ValidationError saying which part is wrong.

    Spaces (also non-breaking ones) may group the digits. A number rather than
    text is refused: spreadsheets keep only 15 significant digits of a number.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValidationError(_NUMBER_MESSAGE, code="nip_number")
    text = _SPACES.sub("", str(value or "").replace("\u00a0", " "))
    if not text:
        raise ValidationError(_("Enter the NIP."), code="nip_required")
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d+", text):
        raise ValidationError(_NUMBER_MESSAGE, code="nip_number")
    if not text.isdigit():
        raise ValidationError(_("A NIP has only digits."), code="nip_digits")
    if len(text) != NIP_LENGTH:
        raise ValidationError(
            _("A NIP has 18 digits; this one has %(count)d.") % {"count": len(text)},
            code="nip_length",
        )

    # Every wrong part is named, not only the first: a clerk corrects the number once.
    problems = []
    try:
        birth = datetime.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        birth = None
        problems.append(
            ValidationError(
                _("Digits 1–8 of the NIP must be the birth date (YYYYMMDD); %(digits)s is not a date.")
                % {"digits": text[0:8]},
                code="nip_birth_date",
            )
        )

    year, month = int(text[8:12]), int(text[12:14])
    today = today or timezone.localdate()
    if not 1 <= month <= 12:
        problems.append(
            ValidationError(
                _("Digits 9–14 of the NIP must be the appointment year and month (YYYYMM); %(digits)s is not a month.")
                % {"digits": text[8:14]},
                code="nip_appointment_date",
            )
        )
    elif birth is not None and (year, month) < (birth.year + 18, birth.month):
        problems.append(
            ValidationError(
                _("The appointment date in the NIP (%(digits)s) is before the 18th birthday.") % {"digits": text[8:14]},
                code="nip_appointment_date",
            )
        )
    elif (year, month) > (today.year, today.month):
        problems.append(
            ValidationError(
                _("The appointment date in the NIP (%(digits)s) is in the future.") % {"digits": text[8:14]},
                code="nip_appointment_date",
            )
        )
    if text[14] not in "12":
        problems.append(
            ValidationError(
                _("Digit 15 of the NIP is the sex and must be 1 or 2, not %(digit)s.") % {"digit": text[14]},
                code="nip_sex",
            )
        )
    if text[15:18] == "000":
        problems.append(
            ValidationError(
                _("Digits 16–18 of the NIP are a sequence number that starts at 001, not 000."),
                code="nip_sequence",
            )
        )
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ValidationError(problems)
    return text


def validate_nip(value: str) -> None:
    """Model-field validator: the stored value must already be a clean NIP."""
    clean_nip(value)


def format_nip(nip: str | None) -> str:
    """Group a NIP 8-6-1-3 for display: 19800101 200501 1 001."""
    if nip is None or len(nip) != NIP_LENGTH:
        return nip or ""
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"


def birth_date_of(nip: str | None) -> datetime.date | None:
    """The date of birth a NIP begins with (YYYYMMDD), or None for a missing or malformed one."""
    if nip is None or len(nip) != NIP_LENGTH or not nip.isdigit():
        return None
    try:
        return datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return None


def clean_grade(value: object) -> str:
    """Return the golongan as 'III/b' from 'III/b', 'iii.b', 'Penata Muda Tk. I (III/b)' or the
    pangkat alone, or raise ValidationError. A pangkat that contradicts the golongan is refused."""
    text = _SPACES.sub(" ", str(value or "").replace("\u00a0", " ")).strip()
    if not text:
        raise ValidationError(_("Enter the rank (pangkat/golongan)."), code="grade_required")
    match = _GRADE_CODE.search(text)
    code = f"{match[1].upper()}/{match[2].lower()}" if match else None
    rank_text = (_GRADE_CODE.sub("", text) if match else text).strip(" ()-,/")
    rank_code = GRADE_BY_RANK_KEY.get(_rank_key(rank_text)) if rank_text else None
    if rank_text and rank_code is None:
        raise ValidationError(
            _("Unknown rank “%(value)s”: write the golongan as III/b or the pangkat as Penata Muda Tk. I.")
            % {"value": text},
            code="grade_unknown",
        )
    if code and rank_code and code != rank_code:
        raise ValidationError(
            _("The pangkat %(rank)s belongs to golongan %(expected)s, not %(given)s.")
            % {"rank": RANK_BY_GRADE[rank_code], "expected": rank_code, "given": code},
            code="grade_mismatch",
        )
    # Not None: a text without a golongan is a pangkat, and an unknown pangkat was refused above.
    return cast(str, code or rank_code)


def validate_grade(value: str) -> None:
    if value not in RANK_BY_GRADE:
        raise ValidationError(_("Unknown golongan %(value)s.") % {"value": value}, code="grade_unknown")


def describe_grade(code: str) -> str:
    """'III/b' -> 'Penata Muda Tk. I (III/b)', the way official documents write it."""
    rank = RANK_BY_GRADE.get(code)
    return f"{rank} ({code})" if rank else code
