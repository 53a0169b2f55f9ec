"""Read a list of people from the office's spreadsheet (XLSX or CSV) and apply it: a cohort's roster here, its
mentors and examiners in `people_import`, all through the same reading, checking and preview.

The flow is two-step: `read_roster` parses and checks every row and writes
nothing; `apply_roster` writes the valid rows in one transaction. People are
matched by NIP, so importing the same file again changes nothing.
"""

import csv
import functools
import io
import re
import secrets
import zipfile
import zlib
from dataclasses import dataclass, field

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import load_workbook

from .audit import Verb, record
from .civil_service import clean_grade, clean_nip
from .models import Cohort, Mentor, Participant, Region, User
from .regions import normalise_code
from .roster_decisions import choose, decisions_of, kept, person_label, read_decided, record_choices
from .services import assign_mentors, welcome_to_cohort

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 30
PARKED_ROLL_NUMBER = 1_000_000  # out of the way while roll numbers are swapped
# What the database holds, checked in the preview so that confirming never fails on a value the preview accepted.
NAME_LENGTH = User._meta.get_field("full_name").max_length
EMAIL_LENGTH = User._meta.get_field("email").max_length


# The columns a list may have --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column a list may have: what the preview calls it, the header the downloadable template prints (as
    offices write it, in Indonesian), the spellings recognised (compared after upper-casing and dropping
    everything but letters), and the template's note on what to write in it."""

    key: str
    label: str | Promise
    printed: str
    spellings: tuple[str, ...]
    note: Promise = gettext_lazy("Optional.")
    stored: bool = True  # a row number ("NO") is recognised, so it is not listed as ignored, but never stored


@dataclass(frozen=True)
class Sheet:
    """The columns of one kind of list; the first row with every required column is its header."""

    columns: tuple[Column, ...]
    required: tuple[str, ...] = ("name", "nip")

    @cached_property
    def by_spelling(self) -> dict[str, str]:
        return {spelling: column.key for column in self.columns for spelling in column.spellings}

    @cached_property
    def labels(self) -> dict[str, Promise]:
        return {column.key: column.label for column in self.columns}

    def printed(self, keys) -> str:
        return ", ".join(column.printed for column in self.columns if column.key in keys)


NAME = Column(
    "name",
    gettext_lazy("Name"),
    "NAMA",
    (
        "NAMA",
        "NAMALENGKAP",
        "NAMAPESERTA",
        "NAMAPEGAWAI",
        "NAMADANGELAR",
        "NAMALENGKAPDANGELAR",
        "NAMAMENTOR",
        "NAMAPENGUJI",
        "NAMACAMAT",
    ),
    gettext_lazy("Required: the full name with academic titles, e.g. Drs. Ahmad Siregar, M.Si."),
)
NIP = Column(
    "nip",
    gettext_lazy("NIP"),
    "NIP",
    ("NIP", "NIPBARU", "NOMORINDUKPEGAWAI", "NIPPESERTA", "NIPMENTOR", "NIPPENGUJI"),
    gettext_lazy("Required: 18 digits, with or without spaces. Keep this column formatted as text."),
)
GRADE = Column(
    "grade",
    gettext_lazy("Pangkat/golongan"),
    "PANGKAT/GOL. RUANG",
    (
        "PANGKATGOLRUANG",
        "PANGKATGOLONGANRUANG",
        "PANGKATGOLONGAN",
        "PANGKATGOL",
        "GOLONGAN",
        "GOL",
        "GOLRUANG",
        "GOLONGANRUANG",
        "PANGKAT",
        "PANGKATGOLRUANGTMT",
    ),
    gettext_lazy("III/b, III.b or Penata Muda Tk. I (III/b)."),
)
POSITION = Column("position", gettext_lazy("Position"), "JABATAN", ("JABATAN", "NAMAJABATAN", "JABATANSAATINI"))
KECAMATAN = Column(
    "kecamatan",
    gettext_lazy("Kecamatan"),
    "KECAMATAN",
    (
        "KECAMATAN",
        "KEC",
        "WILAYAHKECAMATAN",
        "KODEKECAMATAN",
        "DISTRIK",
        "NAMAKECAMATAN",
        "WILAYAH",
        "WILAYAHKERJA",
        "WILAYAHTUGAS",
        "KECAMATANTUGAS",
        "LOKASITUGAS",
        "TEMPATTUGAS",
    ),
    # The blank form's note names a kecamatan of the cohort's own region (kecamatan_note).
    gettext_lazy("The name or the Kemendagri code of a kecamatan of the cohort's region."),
)
EMAIL = Column(
    "email",
    gettext_lazy("E-mail"),
    "EMAIL",
    ("EMAIL", "SUREL", "ALAMATEMAIL", "ALAMATSUREL"),
    gettext_lazy("The invitation to choose a password is sent to this address."),
)
PHONE = Column(
    "phone",
    gettext_lazy("Phone"),
    "NO. HP",
    ("NOHP", "HP", "NOMORHP", "NOTELP", "TELEPON", "NOTELEPON", "NOMORTELEPON", "NOWA", "WHATSAPP", "TELP"),
)
# "No" numbers the rows of this sheet, nothing more: only a header that says NDH gives roll numbers.
ROW_NUMBER = Column(
    "row_number",
    gettext_lazy("Row number (not saved)"),
    "NO",
    ("NO", "NOMOR", "NOURUT", "NOMORURUT", "URUT"),
    stored=False,
)

ROSTER = Sheet(
    (
        ROW_NUMBER,
        Column(
            "roll_number",
            gettext_lazy("NDH (roll number)"),
            "NDH",
            ("NDH", "NOMORDAFTARHADIR", "NODAFTARHADIR", "NONDH", "NOMORNDH"),
            gettext_lazy("Optional: without it, new participants are numbered after the highest NDH."),
        ),
        NAME,
        NIP,
        GRADE,
        POSITION,
        Column(
            "work_unit",
            gettext_lazy("Work unit"),
            "UNIT KERJA",
            ("UNITKERJA", "SATUANKERJA", "SATKER", "INSTANSI", "SKPD", "OPD", "UNITORGANISASI"),
        ),
        KECAMATAN,
        Column(
            "kelurahan",
            gettext_lazy("Kelurahan/desa"),
            "KELURAHAN/DESA",
            ("KELURAHAN", "KEL", "DESA", "KELURAHANDESA", "DESAKELURAHAN", "KELDESA", "DESAKEL", "KODEDESA"),
        ),
        EMAIL,
        PHONE,
        Column(
            "birth_place",
            gettext_lazy("Place of birth"),
            "TEMPAT LAHIR",
            ("TEMPATLAHIR", "TMPLAHIR", "TEMPATLHR", "TMPTLAHIR", "TEMPATTGLLAHIR", "TEMPATTANGGALLAHIR", "TTL"),
            gettext_lazy("Printed on the certificate: the city or kabupaten; a date after a comma is left out."),
        ),
        Column(
            "mentor_nip",
            gettext_lazy("Direct superior's NIP"),
            "NIP ATASAN",
            ("NIPATASAN", "NIPATASANLANGSUNG", "NIPMENTOR", "NIPPEMBIMBING"),
            gettext_lazy("The direct superior, who becomes the mentor: their NIP, as text."),
        ),
        Column(
            "mentor_name",
            gettext_lazy("Direct superior's name"),
            "NAMA ATASAN",
            ("NAMAATASAN", "NAMAATASANLANGSUNG", "ATASANLANGSUNG", "ATASAN", "MENTOR", "NAMAMENTOR"),
        ),
        Column(
            "mentor_position",
            gettext_lazy("Direct superior's position"),
            "JABATAN ATASAN",
            ("JABATANATASAN", "JABATANATASANLANGSUNG", "JABATANMENTOR"),
        ),
    )
)
SUPERIOR_COLUMNS = ("mentor_nip", "mentor_name", "mentor_position")
# Lines of the signature block under the table: "Lubuk Pakam, 1 Agustus 2017", "Mengetahui,", "Kepala ...", "NIP. ..."
SIGNATURE = re.compile(
    r"^\s*([A-Za-z .]+,\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}"  # place, date
    r"|mengetahui|kepala\b|sekretaris\b|plt\.?\s|a\.?n\.?\s|ttd\b|nip\s*[.:])",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing is imported."""


@dataclass(frozen=True)
class Change:
    """One value a re-import changes, as the preview shows it: the column's label, the old and the new value."""

    field: str
    label: str
    old: str
    new: str


@dataclass
class ImportRow:
    line: int  # the row number the spreadsheet shows
    values: dict
    status: str = ""  # new, updated, unchanged or error
    errors: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    decisions: list = field(default_factory=list)  # what staff decided that the file would undo (roster_decisions)

    @property
    def name(self) -> str:
        return _text(self.values.get("full_name") or self.values.get("name"))

    @property
    def nip(self) -> str:
        return _text(self.values.get("nip"))

    @property
    def changed_fields(self) -> set[str]:
        return {change.field for change in self.changes}


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    columns: list[str]  # the keys of the columns read
    # (the file's header, what it is read as) for each column recognised; the headers of the columns ignored
    recognised: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    # Who is in the cohort in this role but not in the file: a re-import never removes them, the preview says so.
    missing: list = field(default_factory=list)
    invitations: int = 0  # how many people confirming would invite

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in ("new", "updated", "unchanged", "error")}

    @property
    def kept(self) -> list:
        """(row, decision) for every decision of staff the import keeps."""
        return kept(self.rows)

    @property
    def summary(self) -> str:
        counts = self.counts
        summary = _("%(new)d new, %(updated)d updated, %(unchanged)d unchanged, %(error)d rejected") % counts
        if kept_count := len(self.kept):
            summary += ngettext("; %(count)d staff decision kept", "; %(count)d staff decisions kept", kept_count) % {
                "count": kept_count
            }
        return summary


def _text(value) -> str:
    """A cell as text with stray and non-breaking spaces removed; numbers keep their type elsewhere."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    # Most cells have no whitespace but single spaces (any other is unprintable): no need for the regex.
    if text.isprintable() and "  " not in text:
        return text.strip()
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def example_kecamatan(cohort: Cohort) -> Region | None:
    """A kecamatan of the cohort's region, the first by its code, for the import's help to quote."""
    if cohort.region is None:
        return None
    return Region.objects.within(cohort.region).filter(level=Region.Level.DISTRICT).order_by("code").first()


def kecamatan_note(cohort: Cohort) -> str:
    """What the blank form says to write under KECAMATAN, with a kecamatan of the cohort's own region."""
    example = example_kecamatan(cohort)
    if example is None:
        return str(KECAMATAN.note)
    return _("The name (%(name)s, Kec. %(name)s) or the Kemendagri code (%(code)s).") % {
        "name": example.name,
        "code": example.code,
    }


def _header_key(value) -> str:
    return re.sub(r"[^A-Z]", "", _text(value).upper())


# Reading the file ---------------------------------------------------------------------------
#
# Every file under the upload cap is refused or read within seconds and a bounded amount of memory
# (bench/roster_files.py measures it): the workbook's unpacked size, its compression ratio, its number of cells
# and its declared size are checked before openpyxl parses a row, and every row read counts against the cap.

MAX_LINES = MAX_ROWS + HEADER_SEARCH_ROWS + 100  # the people, the title above them, blank lines and signatures
MAX_COLUMNS = 60
MAX_CELLS = 250_000  # a 20,000-row roster of 9 columns has 180,000
MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # a 20,000-row roster unpacks to about 13 MB
MAX_PART_BYTES = 4 * 1024 * 1024  # any part but a sheet or its strings: openpyxl makes an object of each style
MAX_RATIO = 100  # a roster's XML packs about 13 to 1; a bomb, thousands to 1
MAX_MEMBERS = 1000
# A cell, a shared string or a row, in one pass: rows without a cell count too, as openpyxl would walk two million
# of them to learn a sheet's size.
_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(c|si|row)[\s/>]")
TOO_MANY_ROWS = gettext_lazy("The file has more than 20,000 rows. Split it into smaller files.")


def _unreadable() -> ImportFileError:
    return ImportFileError(
        _("The file could not be read as an Excel workbook; it may be damaged. Save it again as .xlsx or CSV.")
    )


def _read_rows(data: bytes):
    """Yield the sheet's rows as lists of cell values, whatever the format, and stop at the row cap."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB. Remove other sheets or images and try again."))
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        rows = _read_xlsx(data)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(
            _("This is an old Excel 97–2003 (.xls) file. Open it in Excel or LibreOffice and save it as .xlsx.")
        )
    else:
        rows = _read_csv(data)
    return _capped(rows)


def _capped(rows):
    # Blank rows count too: a sheet of a million empty rows is refused at the cap, not read to its end.
    for count, row in enumerate(rows, start=1):
        if count > MAX_LINES:
            raise ImportFileError(TOO_MANY_ROWS)
        yield row


def _check_archive(data: bytes) -> None:
    """Refuse a workbook whose parts unpack too large or too far, or hold too many cells, before openpyxl reads it.

    The sizes a ZIP declares are checked first; then each XML part is unpacked as a stream, never all at once,
    counting its cells, shared strings and rows and stopping at the declared size.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _unreadable() from error
    too_large = ImportFileError(
        _("The workbook unpacks to far more than a list of people needs. Keep only the list's sheet, without images.")
    )
    parts = [m for m in members if m.filename.lower().endswith((".xml", ".rels", ".vml"))]
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in parts) > MAX_UNPACKED_BYTES:
        raise too_large
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise too_large
        name = member.filename.lower()
        if member.file_size > MAX_PART_BYTES and not name.startswith("xl/worksheets/") and "sharedstrings" not in name:
            raise too_large
    try:
        for member in parts:
            found, rows, tail = 0, 0, b""
            with archive.open(member) as stream:
                while chunk := stream.read(1024 * 1024):
                    # The tail carries an element cut in two by the chunk boundary into the next count.
                    window = tail + chunk
                    cut = max(len(window) - 32, 0)
                    elements = _ELEMENT.findall(window, 0, cut)
                    in_rows = elements.count(b"row")
                    rows, found = rows + in_rows, found + len(elements) - in_rows
                    tail = window[cut:]
                    if found > MAX_CELLS:
                        raise ImportFileError(
                            _("The sheet has more than %(count)s cells. Keep only the list's columns and rows.")
                            % {"count": f"{MAX_CELLS:,}"}
                        )
                    if rows > MAX_LINES:
                        raise ImportFileError(TOO_MANY_ROWS)
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError) as error:
        raise _unreadable() from error


def _read_xlsx(data: bytes):
    _check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # The size the sheet declares: a false one is caught by the row cap while reading.
        declared = sheet.max_row or 0
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 - whatever a damaged or hostile workbook makes openpyxl raise
        raise _unreadable() from error
    if declared > MAX_LINES:
        raise ImportFileError(TOO_MANY_ROWS)
    try:
        # At most MAX_COLUMNS columns: a sheet declared 16,384 columns wide is not padded to its width.
        yield from sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 - malformed sheet XML, a forbidden entity, a broken stream
        raise _unreadable() from error
    finally:
        workbook.close()


# What Windows-1252 turns another code page's letters into (Shift-JIS, GBK, EUC-KR, Cyrillic …), and no roster of
# Indonesian names holds: its rarer signs, or three accented letters or quotes in a row ("Èâàí", "—é–Ø").
_GARBLED = re.compile(
    "[\x80-\x9f\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2020\u2021\u2030\u2039"
    "\u203a\u2122\u00a1-\u00aa\u00ac-\u00af\u00b1\u00b3\u00b5\u00b6\u00b8-\u00ba\u00bc-\u00bf\u00d7\u00f7]"
    "|[\u00c0-\u00ff\u2013\u2014\u2018-\u201e\u2022\u2026]{3,}"
)


def _decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without Excel's mark), or the Windows text an Indonesian Excel saves, as
    long as it reads as Latin letters. Text from another alphabet's code page decodes as Windows text too, into
    nonsense: it is refused, with the line that shows it, rather than imported as garbled names."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(_("The file is not UTF-8 or Windows text. Save it from Excel as “CSV UTF-8”.")) from None
    for number, line in enumerate(text.splitlines(), start=1):
        if _GARBLED.search(line):
            raise ImportFileError(
                _(
                    "The file's text is not UTF-8 or Windows (Latin) text, so its names would come out garbled: "
                    "line %(number)d reads “%(line)s”. Save it from Excel as “CSV UTF-8” and upload it again."
                )
                % {"number": number, "line": line[:60]}
            )
    return text


def _read_csv(data: bytes):
    text = _decode(data)
    if "\x00" in text or not any(char in text for char in ",;\t"):
        raise ImportFileError(_("This file is not a spreadsheet. Upload the list as .xlsx or CSV."))
    # Excel writes ";" where the decimal mark is a comma, as in Indonesia; the commonest separator wins.
    sample = text[:8192]
    delimiter = max(",;\t", key=sample.count)
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            yield row[:MAX_COLUMNS]
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file could not be read: %(error)s. Save it again from Excel as CSV.") % {"error": error}
        ) from error


def _find_header(rows, sheet: Sheet) -> tuple[int, dict[int, str], list[tuple[str, str]], list[str]]:
    """The header's line, the column read from each index, and for the preview the headers recognised (with the
    label of what they are read as) and the headers ignored (unknown, or a second column for the same thing)."""
    for line, row in enumerate(rows, start=1):
        columns, recognised, ignored = {}, [], []
        for index, cell in enumerate(row):
            header = _text(cell)
            column = sheet.by_spelling.get(_header_key(cell))
            if column and column not in columns.values():
                columns[index] = column
                recognised.append((header, str(sheet.labels[column])))
            elif header:
                ignored.append(header)
        if all(required in columns.values() for required in sheet.required):
            return line, columns, recognised, ignored
        if line >= HEADER_SEARCH_ROWS:
            break
    required = set(sheet.required)
    raise ImportFileError(
        _(
            "No header row found in the first %(count)d rows. The list needs at least the columns %(required)s; "
            "the others may be %(others)s."
        )
        % {
            "count": HEADER_SEARCH_ROWS,
            "required": sheet.printed(required),
            "others": ", ".join(c.printed for c in sheet.columns if c.key not in required and c.stored),
        }
    )


@dataclass
class ParsedSheet:
    rows: list[ImportRow]
    columns: list[str]
    recognised: list[tuple[str, str]]
    ignored: list[str]


def parse_sheet(data: bytes, sheet: Sheet = ROSTER) -> ParsedSheet:
    """Split a file into raw rows under its header; raise ImportFileError for a file that is unusable."""
    rows = iter(_read_rows(data))
    header_line, columns, recognised, ignored = _find_header(rows, sheet)
    parsed = []
    for line, row in enumerate(rows, start=header_line + 1):
        values = {column: row[index] for index, column in columns.items() if index < len(row)}
        if not any(_text(values.get(c)) for c in ("name", "nip")):
            # A blank line inside the table, or a decoration: skipped. The signature block ends the table.
            if parsed and any(SIGNATURE.match(text) for text in map(_text, row) if text):
                break
            continue
        if parsed and SIGNATURE.match(_text(values.get("name"))) and not _text(values.get("grade")):
            break
        parsed.append(ImportRow(line=line, values=values))
        if len(parsed) > MAX_ROWS:
            raise ImportFileError(TOO_MANY_ROWS)
    if not parsed:
        raise ImportFileError(_("The header was found, but there are no people under it."))
    return ParsedSheet(parsed, list(columns.values()), recognised, ignored)


# Checking the rows ----------------------------------------------------------------------------


@dataclass
class RegionLookup:
    """The kecamatan and kelurahan/desa of one cohort's region, by code and by name. A name is looked up only
    within the region: 291 kecamatan names repeat across Indonesia. A name that repeats within the region (two
    kabupaten of a province) maps to None, and the row must give the code."""

    region: Region | None
    kecamatan: dict[str, Region | None] = field(default_factory=dict)
    villages: dict[tuple[str, str], Region | None] = field(default_factory=dict)  # (kecamatan code or "", key)
    by_code: dict[str, Region] = field(default_factory=dict)
    # A roster repeats a few dozen kecamatan thousands of times: each spelling is looked up once.
    found: dict[tuple, tuple] = field(default_factory=dict)


def _add(lookup: dict, key, region: Region) -> None:
    lookup[key] = None if key in lookup and lookup[key] != region else region


def _kecamatan_lookup(cohort: Cohort, *, villages: bool = False) -> RegionLookup:
    region = cohort.region
    lookup = RegionLookup(region=region)
    if region is None:
        return lookup
    places = Region.objects.within(region).filter(level__in=[Region.Level.DISTRICT, Region.Level.VILLAGE])
    if not villages:
        places = places.filter(level=Region.Level.DISTRICT)
    for place in places.select_related("parent").order_by("code"):
        lookup.by_code[place.code] = place
        if place.level == Region.Level.DISTRICT:
            _add(lookup.kecamatan, _kecamatan_key(place.name), place)
        else:
            key = _kecamatan_key(place.name)
            _add(lookup.villages, (place.parent_id, key), place)
            _add(lookup.villages, ("", key), place)
    return lookup


# A roster repeats a few dozen ranks and kecamatan thousands of times; each is read once.
_grade = functools.lru_cache(maxsize=1024)(clean_grade)


@functools.lru_cache(maxsize=4096)
def _kecamatan_key(value: str) -> str:
    """“Kec. Tanjung Morawa”, “TANJUNG MORAWA ” and “Tanjung-Morawa” alike; also for kelurahan and desa."""
    key = _text(value).lower()
    key = re.sub(r"^(kecamatan|kec|distrik|kelurahan|kel|desa|ds)\b\.?\s*", "", key)
    return re.sub(r"[^a-z0-9]", "", key)


def _find_place(lookup: RegionLookup, text: str, *, level: int, within: Region | None = None) -> tuple:
    """(region, error) for a kecamatan or kelurahan/desa as a row writes it: by Kemendagri code or by name."""
    key = (text, level, within.code if within else "")
    if key not in lookup.found:
        lookup.found[key] = _look_up(lookup, text, level=level, within=within)
    return lookup.found[key]


def _look_up(lookup: RegionLookup, text: str, *, level: int, within: Region | None) -> tuple:
    code = normalise_code(text)
    if code is not None:
        found = lookup.by_code.get(code)
        if found is not None and found.level == level and (within is None or within.contains(found)):
            return found, None
        found = False
    elif level == Region.Level.DISTRICT:
        found = lookup.kecamatan.get(_kecamatan_key(text), False)
    else:
        found = lookup.villages.get((within.code if within else "", _kecamatan_key(text)), False)
    if found is None:  # the name repeats within the region
        if level == Region.Level.DISTRICT:
            message = _(
                "“%(value)s” is the name of more than one kecamatan in %(region)s: write its Kemendagri code instead."
            )
        else:
            message = _(
                "“%(value)s” is the name of more than one kelurahan or desa in %(region)s: give its kecamatan too, "
                "or write its Kemendagri code."
            )
        return None, message % {"value": text, "region": lookup.region}
    if found:
        return found, None
    if level == Region.Level.DISTRICT:
        return None, _("“%(value)s” is not a kecamatan in %(region)s.") % {"value": text, "region": lookup.region}
    if within is not None:
        return None, _("“%(value)s” is not a kelurahan or desa in Kecamatan %(kecamatan)s.") % {
            "value": text,
            "kecamatan": within,
        }
    return None, _("“%(value)s” is not a kelurahan or desa in %(region)s.") % {"value": text, "region": lookup.region}


def _clean_places(raw: dict, clean: dict, errors: list, lookup: RegionLookup) -> None:
    """The row's kecamatan and kelurahan/desa, each looked up within the cohort's region; a kelurahan/desa
    without its kecamatan gives it."""
    kecamatan_text, village_text = _text(raw.get("kecamatan")), _text(raw.get("kelurahan"))
    clean["kecamatan"] = clean["kelurahan"] = None
    if kecamatan_text:
        clean["kecamatan"], error = _find_place(lookup, kecamatan_text, level=Region.Level.DISTRICT)
        if error:
            errors.append(error)
    if village_text and not (kecamatan_text and clean["kecamatan"] is None):
        clean["kelurahan"], error = _find_place(
            lookup, village_text, level=Region.Level.VILLAGE, within=clean["kecamatan"]
        )
        if error:
            errors.append(error)
        elif clean["kecamatan"] is None:
            clean["kecamatan"] = clean["kelurahan"].parent


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
    clean = {}
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


def people_of(cleaned) -> tuple[dict[str, User], dict[str, str]]:
    """The accounts the rows' NIPs already have, and the NIP of the owner of each e-mail address the rows give,
    in a few queries whatever the file's size."""
    nips = [clean["nip"] for _row, clean in cleaned if clean.get("nip")]
    users = {}
    for start in range(0, len(nips), 2000):
        users.update(User.objects.in_bulk(nips[start : start + 2000], field_name="nip"))
    emails = [clean["email"] for _row, clean in cleaned if clean.get("email")]
    email_owners = {}
    for start in range(0, len(emails), 2000):
        email_owners.update(
            dict(User.objects.filter(email__in=emails[start : start + 2000]).values_list("email", "nip"))
        )
    return users, email_owners


def check_email(row: ImportRow, clean: dict, email_owners: dict[str, str]) -> None:
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
    seen_nips, seen_rolls = {}, {}
    cleaned = [(row, _clean_row(row, lookup, seen_nips, seen_rolls, superior_rule=superior_rule)) for row in rows]

    users, email_owners = people_of(cleaned)
    existing = {
        p.user.nip: p
        for p in Participant.objects.filter(cohort=cohort).select_related(
            "user", "kecamatan", "superior__user", "mentor__user", "replaced_superior"
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
        _compare(row, participant, users.get(nip), names, decided)
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
    for decision in row.decisions:
        if decision.kind == "replacement":
            decision.change = _superior_change(participant, {**clean, **decision.file_values}, names)
    if not row.changes:
        row.status = "unchanged"


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
    names = dict(User.objects.filter(nip__in=nips).values_list("nip", "full_name"))
    names |= {nip: user.full_name for nip, user in users.items()}
    known = set(names)
    by_name = {}
    for name, nip in Mentor.objects.filter(cohort=cohort, user__nip__isnull=False).values_list(
        "user__full_name", "user__nip"
    ):
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


# Writing ---------------------------------------------------------------------------------------


def prepare_accounts(rows) -> tuple[dict[str, User], list[User], list[User]]:
    """The accounts of the rows' people, by NIP and locked: those that exist, with the changes the rows make to
    them, and new ones, not yet written. Returns (all by NIP, the new, the changed)."""
    nips = [row.values["nip"] for row in rows]
    users = {}
    for start in range(0, len(nips), 2000):
        users.update(User.objects.select_for_update().in_bulk(nips[start : start + 2000], field_name="nip"))
    created_users, changed_users = [], []
    for row in rows:
        values = row.values
        user = users.get(values["nip"])
        if user is None:
            user = User(**{name: values[name] for name in ["nip", *USER_FIELDS]})
            # What set_unusable_password() stores, from one call for randomness rather than forty: for a roster
            # of 10,000 new people, those calls took a third of the time of writing them.
            user.password = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
            users[user.nip] = created_users.append(user) or user
        elif changed := [name for name in USER_FIELDS if name in row.changed_fields]:
            for name in changed:
                setattr(user, name, values[name])
            changed_users.append(user)
    return users, created_users, changed_users


def save_accounts(created_users: list[User], changed_users: list[User]) -> None:
    User.objects.bulk_create(created_users, batch_size=1000)
    User.objects.bulk_update(changed_users, USER_FIELDS, batch_size=1000)


@transaction.atomic
def apply_roster(cohort: Cohort, preview: ImportPreview, *, by: User | None = None) -> tuple[list[User], list[User]]:
    """Write the valid rows of a preview in one transaction; return the people who are new to Inovasi, and those
    who had an account already and are new to this cohort.

    Rows in error are left out; a value the file leaves blank keeps what is stored. The direct superiors the
    rows name become mentors of the cohort; the decisions of staff stay as the preview says (roster_decisions);
    then every participant gets the mentor of the cohort's rule, each change told and in their history.
    """
    rows = [row for row in preview.rows if row.status in ("new", "updated")]
    users, created_users, changed_users = prepare_accounts(rows)
    superiors = _superior_accounts(rows, users, created_users)
    save_accounts(created_users, changed_users)
    _superior_mentors(cohort, rows, superiors)

    existing = {p.user_id: p for p in Participant.objects.select_for_update().filter(cohort=cohort)}
    new_participants, changed_participants, moving, added_users = [], [], [], []
    new_nips = {user.nip for user in created_users}
    for row in rows:
        values = row.values
        user = users[values["nip"]]
        participant = existing.get(user.pk)
        if participant is None:
            if user.nip not in new_nips:
                added_users.append(user)
            fields = {name: values[name] for name in PARTICIPANT_FIELDS if values.get(name) is not None}
            new_participants.append(Participant(cohort_id=cohort.pk, user_id=user.pk, **fields))
        elif changed := [name for name in PARTICIPANT_FIELDS if name in row.changed_fields]:
            for name in changed:
                setattr(participant, name, values[name])
            changed_participants.append(participant)
            if "roll_number" in changed:
                moving.append(participant.pk)
    # Numbers that move are parked first, so two people can swap roll numbers without a clash.
    for offset, pk in enumerate(moving):
        Participant.objects.filter(pk=pk).update(roll_number=PARKED_ROLL_NUMBER + offset)
    Participant.objects.bulk_update(changed_participants, PARTICIPANT_FIELDS, batch_size=1000)
    Participant.objects.bulk_create(new_participants, batch_size=1000)
    record_choices(cohort, rows)
    # A participant new in this import gets a first mentor: no change to tell.
    new_ids = [p.pk for p in new_participants if p.pk is not None]
    if len(new_ids) < len(new_participants):
        new_ids = Participant.objects.filter(cohort=cohort, user_id__in={u.pk for u in users.values()}).exclude(
            pk__in=[p.pk for p in existing.values()]
        )
    assign_mentors(cohort, by=by, why="import", quiet=new_ids)
    return created_users, added_users


def _superior_accounts(rows, users: dict, created_users: list) -> dict[str, User]:
    """The accounts of the direct superiors the rows name, by NIP; new ones join `created_users`, to be written
    and invited with the participants."""
    nips = {row.values["mentor_nip"] for row in rows if row.values.get("mentor_nip")}
    superiors = {nip: users[nip] for nip in nips if nip in users}
    superiors.update(User.objects.select_for_update().in_bulk(list(nips - superiors.keys()), field_name="nip"))
    for row in rows:
        nip = row.values.get("mentor_nip")
        if nip and nip not in superiors:
            user = User(nip=nip, full_name=row.values["mentor_name"])
            user.password = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
            superiors[nip] = user
            created_users.append(user)
    return superiors


def _superior_mentors(cohort: Cohort, rows, superiors: dict[str, User]) -> None:
    """Each direct superior becomes a mentor of the cohort (once), and each row's `superior` that mentor."""
    if not superiors:
        return
    mentors = {m.user_id: m for m in Mentor.objects.filter(cohort=cohort, user__in=superiors.values())}
    positions = {}
    for row in rows:
        if row.values.get("mentor_nip") and row.values["mentor_position"]:
            positions.setdefault(row.values["mentor_nip"], row.values["mentor_position"])
    new = [
        Mentor(cohort=cohort, user=user, position=positions.get(nip, ""), is_camat=cohort.mentors_are_camat)
        for nip, user in superiors.items()
        if user.pk not in mentors
    ]
    Mentor.objects.bulk_create(new)
    mentors.update({m.user_id: m for m in Mentor.objects.filter(cohort=cohort, user__in=[m.user for m in new])})
    for row in rows:
        nip = row.values.get("mentor_nip")
        if nip:
            row.values["superior"] = mentors[superiors[nip].pk]


def import_roster(
    cohort: Cohort,
    data: bytes,
    *,
    by: User | None = None,
    dry_run: bool = False,
    invite: bool = True,
    undo: set[str] | frozenset[str] = frozenset(),
) -> ImportPreview:
    """Read and, unless dry_run, apply a roster. New people with an e-mail address are invited after commit, or
    (invite=False) left for the cohort's "invite pending" action. A decision of staff the file would undo is kept,
    but on the rows whose NIP is in `undo` (staff chose the file for them on the preview).

    `by` is the staff member who confirmed it (None from the command line); the import is audited with its counts.
    """
    preview = read_roster(cohort, data)
    choose(preview.rows, set(undo))
    if not dry_run:
        with transaction.atomic():
            created, added = apply_roster(cohort, preview, by=by)
            welcome_to_cohort(cohort, created=created, added=added, role="participant", by=by, invite=invite)
            record(Verb.ROSTER_IMPORT, cohort=cohort, actor=by, data=import_data(preview, invite=invite))
    return preview


def import_data(preview: ImportPreview, *, invite: bool, **more) -> dict:
    """What an import's audit event keeps: its counts, the invitations sent now or left for later, and the
    decisions of staff it kept or (by staff's choice) undid."""
    data = {**preview.counts, "invitations": preview.invitations if invite else 0, "invite_later": not invite, **more}
    decided = [decision for row in preview.rows if row.status != "error" for decision in row.decisions]
    if decided:
        data["kept"] = sum(not decision.undone for decision in decided)
        data["undone"] = sum(decision.undone for decision in decided)
    return data
