"""Reading a file safely: XLSX or CSV, refused whole (`ImportFileError`) when it is not a list of people, and
split into raw rows under the header that a `Sheet` recognises."""

import csv
import io
import re
import zipfile
import zlib
from typing import cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

from .columns import HEADER_SEARCH_ROWS, MAX_BYTES, MAX_ROWS, ROSTER, Sheet, _header_key, _text
from .rows import ImportFileError, ImportRow, ParsedSheet

# Lines of the signature block under the table: "Lubuk Pakam, 1 Agustus 2017", "Mengetahui,", "Kepala ...", "NIP. ..."
SIGNATURE = re.compile(
    r"^\s*([A-Za-z .]+,\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}"  # place, date
    r"|mengetahui|kepala\b|sekretaris\b|plt\.?\s|a\.?n\.?\s|ttd\b|nip\s*[.:])",
    re.IGNORECASE,
)


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


class _Width:
    """How many columns the reader reads: MAX_COLUMNS until the header is found, then only as far as its last
    recognised column, so that the cells to the right of the table (a sheet's notes, or a file padded to 16,384
    columns) are skipped unparsed."""

    def __init__(self) -> None:
        self.columns = MAX_COLUMNS


def _read_rows(data: bytes, width: _Width):
    """Yield the sheet's rows as lists of cell values, whatever the format, and stop at the row cap."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB. Remove other sheets or images and try again."))
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        rows = _read_xlsx(data, width)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(
            _("This is an old Excel 97–2003 (.xls) file. Open it in Excel or LibreOffice and save it as .xlsx.")
        )
    else:
        rows = _read_csv(data, width)
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


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class _RosterSheetParser(WorkSheetParser):
    """openpyxl's streaming sheet parser, reading values only and only the cells within `width`: a cell to the right
    is passed over by its reference alone, and an inline string is read as its text (openpyxl makes a rich-text
    object of each, which took a third of the time of a 20,000-row sheet written by other tools)."""

    def __init__(self, source, workbook, width: _Width) -> None:
        # The workbook's own shared strings and date styles, as openpyxl's read-only sheet passes them.
        super().__init__(
            source,
            workbook.worksheets[0]._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        self.width = width

    def parse_cell(self, element):
        reference = element.get("r")
        column = column_index_from_string(reference.rstrip("0123456789")) if reference else self.col_counter + 1
        if column > self.width.columns:
            self.col_counter = column
            return None
        if element.get("t") == "inlineStr":
            self.col_counter = column
            return {"column": column, "value": _inline_text(element.find(f"{_MAIN}is"))}
        return super().parse_cell(element)


def _inline_text(string) -> str | None:
    """An inline string's text as openpyxl reads it: its plain text and its runs' text, without phonetic hints."""
    if string is None:
        return None
    parts = [string.findtext(f"{_MAIN}t") or ""]
    parts += [run.findtext(f"{_MAIN}t") or "" for run in string.iterfind(f"{_MAIN}r")]
    return "".join(parts)


def _read_xlsx(data: bytes, width: _Width):
    _check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = cast(ReadOnlyWorksheet, workbook.worksheets[0])  # read_only=True
        # The size the sheet declares: a false one is caught by the row cap while reading.
        declared = sheet.max_row or 0
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 - whatever a damaged or hostile workbook makes openpyxl raise
        raise _unreadable() from error
    if declared > MAX_LINES:
        raise ImportFileError(TOO_MANY_ROWS)
    try:
        # The sheet's part, opened as openpyxl's read-only sheet opens it for its own rows.
        with sheet._get_source() as source:  # type: ignore[attr-defined]
            yield from _sheet_rows(_RosterSheetParser(source, workbook, width))
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 - malformed sheet XML, a forbidden entity, a broken stream
        raise _unreadable() from error
    finally:
        workbook.close()


def _sheet_rows(parser: _RosterSheetParser):
    """The sheet's rows in order, as lists of values up to the last cell read; a row missing from the XML (a blank
    line) as an empty one, as openpyxl gives it, so that line numbers stay the sheet's."""
    expected = 1
    for number, cells in parser.parse():
        if number < expected:  # out of order: openpyxl skips it too
            continue
        for _blank in range(expected, number):
            yield []
        expected = number + 1
        read = [cell for cell in cells if cell is not None]
        row = [None] * max((cell["column"] for cell in read), default=0)
        for cell in read:
            row[cell["column"] - 1] = cell["value"]
        yield row


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


def _read_csv(data: bytes, width: _Width):
    text = _decode(data)
    if "\x00" in text or not any(char in text for char in ",;\t"):
        raise ImportFileError(_("This file is not a spreadsheet. Upload the list as .xlsx or CSV."))
    # Excel writes ";" where the decimal mark is a comma, as in Indonesia; the commonest separator wins.
    sample = text[:8192]
    delimiter = max(",;\t", key=sample.count)
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            yield row[: width.columns]
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file could not be read: %(error)s. Save it again from Excel as CSV.") % {"error": error}
        ) from error


def _find_header(rows, sheet: Sheet) -> tuple[int, dict[int, str], list[tuple[str, str]], list[str]]:
    """The header's line, the column read from each index, and for the preview the headers recognised (with the
    label of what they are read as) and the headers ignored (unknown, or a second column for the same thing)."""
    for line, row in enumerate(rows, start=1):
        columns: dict[int, str] = {}
        recognised: list[tuple[str, str]] = []
        ignored: list[str] = []
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


def parse_sheet(data: bytes, sheet: Sheet = ROSTER) -> ParsedSheet:
    """Split a file into raw rows under its header; raise ImportFileError for a file that is unusable."""
    width = _Width()
    rows = iter(_read_rows(data, width))
    header_line, columns, recognised, ignored = _find_header(rows, sheet)
    width.columns = max(columns) + 1  # the rest of the sheet is read only as far as its last recognised column
    parsed: list[ImportRow] = []
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
