"""Read a list of people from the office's spreadsheet (XLSX or CSV) and apply it: a cohort's roster here, its
mentors and examiners in `people_import`, all through the same reading, checking and preview.

The flow is two-step: `read_roster` parses and checks every row and writes
nothing; `apply_roster` writes the valid rows in one transaction. People are
matched by NIP, so importing the same file again changes nothing.

One module per concern: `columns` (what a list's columns are and how offices spell them), `rows` (a read row,
a change, the preview), `reading` (the file read safely, its header found), `places` (kecamatan and
kelurahan/desa within the cohort's region), `cleaning` (one row's values checked), `preview` (the roster checked
against the cohort) and `writing` (the preview applied). Everything the other modules use is named here.
"""

from .cleaning import EMAIL_LENGTH, NAME_LENGTH, clean_person
from .columns import (
    COACH_COLUMNS,
    EMAIL,
    GRADE,
    HEADER_SEARCH_ROWS,
    KECAMATAN,
    MAX_BYTES,
    MAX_ROWS,
    NAME,
    NIP,
    PHONE,
    POSITION,
    ROSTER,
    ROW_NUMBER,
    SUPERIOR_COLUMNS,
    Column,
    Sheet,
    _header_key,
    _text,
)
from .places import RegionLookup, _clean_places, _kecamatan_key, _kecamatan_lookup, example_kecamatan, kecamatan_note
from .preview import (
    FIELD_LABELS,
    PARTICIPANT_FIELDS,
    USER_FIELDS,
    changes_of,
    check_email,
    missing_from,
    people_of,
    read_roster,
    will_be_invited,
)
from .reading import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_LINES,
    MAX_MEMBERS,
    MAX_PART_BYTES,
    MAX_RATIO,
    MAX_UNPACKED_BYTES,
    SIGNATURE,
    TOO_MANY_ROWS,
    parse_sheet,
)
from .rows import Change, ImportFileError, ImportPreview, ImportRow, ParsedSheet
from .writing import PARKED_ROLL_NUMBER, apply_roster, import_data, import_roster, prepare_accounts, save_accounts

__all__ = [
    "Change",
    "Column",
    "EMAIL",
    "EMAIL_LENGTH",
    "FIELD_LABELS",
    "GRADE",
    "HEADER_SEARCH_ROWS",
    "ImportFileError",
    "ImportPreview",
    "ImportRow",
    "KECAMATAN",
    "MAX_BYTES",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_LINES",
    "MAX_MEMBERS",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "NAME",
    "NAME_LENGTH",
    "NIP",
    "PARKED_ROLL_NUMBER",
    "PARTICIPANT_FIELDS",
    "PHONE",
    "POSITION",
    "ParsedSheet",
    "ROSTER",
    "ROW_NUMBER",
    "RegionLookup",
    "SIGNATURE",
    "SUPERIOR_COLUMNS",
    "COACH_COLUMNS",
    "Sheet",
    "TOO_MANY_ROWS",
    "USER_FIELDS",
    "_clean_places",
    "_header_key",
    "_kecamatan_key",
    "_kecamatan_lookup",
    "_text",
    "apply_roster",
    "changes_of",
    "check_email",
    "clean_person",
    "example_kecamatan",
    "import_data",
    "import_roster",
    "kecamatan_note",
    "missing_from",
    "parse_sheet",
    "people_of",
    "prepare_accounts",
    "read_roster",
    "save_accounts",
    "will_be_invited",
]
