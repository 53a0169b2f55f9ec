"""Lists as spreadsheets: XLSX for people who work in Excel, CSV for everything else.

What people typed is always written as text that no spreadsheet evaluates: in XLSX as a string cell (marked with
Excel's quote prefix when it looks like a formula), in CSV with the OWASP prefix, a leading apostrophe. Numbers
go out as numbers, dates as dates, and identifiers made of digits (the NIP) as text. The XLSX has a title row
naming the cohort, column widths, a frozen header and a filter; the CSV is read by an Indonesian Excel as it is
(semicolons, decimal commas, day/month/year, a UTF-8 byte order mark).
"""

import csv
import datetime
import io
import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .responses import download_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP's list, and the full-width forms
# that East Asian Excel also accepts).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
WIDTH_SAMPLE = 200  # rows read to size the columns
DATE, DATETIME, DECIMAL = "DD/MM/YYYY", "DD/MM/YYYY HH:MM", "0.00"
TEMPLATE_ROWS = 500  # rows of a blank form whose text columns are formatted as text


@dataclass(frozen=True)
class Code:
    """An identifier made of digits, such as a NIP: text, never a number, since a spreadsheet keeps only 15 digits
    of a number. `printed` is its grouped form ("19800101 200501 1 777"), which the CSV carries so that Excel,
    opening it without asking, keeps it as text too."""

    value: str
    printed: str = ""


def _text(value) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_TEXT]


def _plain(value):
    """A value as one of the kinds a cell holds: None, a number, a date, a Code or text."""
    if value is None or isinstance(value, (Code, int, float, Decimal, datetime.date)) and not isinstance(value, bool):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return _text(value.__str__() if isinstance(value, Promise) else value)


def _shown(value) -> str:
    """Roughly what a cell shows, to size its column."""
    if isinstance(value, datetime.datetime):
        return "00/00/0000 00:00"
    if isinstance(value, datetime.date):
        return "00/00/0000"
    if isinstance(value, Code):
        return value.value
    return "" if value is None else str(value)


# XLSX -------------------------------------------------------------------------------------------------------------


def _xlsx_cell(sheet, value):
    if isinstance(value, Code):
        cell = WriteOnlyCell(sheet, value=value.value)
        cell.data_type, cell.number_format = "s", "@"
    elif isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        # openpyxl takes any text starting with "=" for a formula; this cell is text, whatever it starts with.
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    else:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, datetime.datetime):
            cell.number_format = DATETIME
        elif isinstance(value, datetime.date):
            cell.number_format = DATE
        elif isinstance(value, Decimal):
            cell.number_format = DECIMAL
    return cell


def _xlsx(name: str, title: str, headers: list[str], rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(name[:31])
    rows = iter(rows)
    sample = [list(map(_plain, row)) for row in itertools.islice(rows, WIDTH_SAMPLE)]
    for index, header in enumerate(headers):
        longest = max((len(_shown(row[index])) for row in sample if index < len(row)), default=0)
        width = min(max(longest, len(header), 6) + 2, 60)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    first_data_row = 4  # title, when it was made, the header
    sheet.freeze_panes = f"A{first_data_row}"

    heading = WriteOnlyCell(sheet, value=_text(title))
    heading.data_type, heading.font = "s", Font(bold=True, size=13)
    made = WriteOnlyCell(sheet, value=_("Made on %(when)s") % {"when": f"{timezone.localtime():%d/%m/%Y %H:%M}"})
    made.data_type, made.font = "s", Font(italic=True, color="555555")
    sheet.append([heading])
    sheet.append([made])
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=_text(header))
        cell.data_type, cell.font = "s", Font(bold=True)
        cell.fill = PatternFill("solid", start_color="E9ECEF")
        cell.border = Border(bottom=Side(style="thin"))
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in itertools.chain(sample, (list(map(_plain, row)) for row in rows)):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
        count += 1
    last_column = get_column_letter(max(len(headers), 1))
    sheet.auto_filter.ref = f"A{first_data_row - 1}:{last_column}{first_data_row - 1 + count}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# CSV --------------------------------------------------------------------------------------------------------------


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Code):
        return value.printed or value.value
    if isinstance(value, datetime.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, (int, float, Decimal)):
        # Indonesian Excel reads a comma as the decimal mark.
        return str(value).replace(".", ",")
    # OWASP's defence against formula injection: a leading apostrophe makes the cell text.
    return f"'{value}" if value.startswith(FORMULA_START) else value


def _csv(headers: list[str], rows) -> str:
    buffer = io.StringIO()
    # Semicolons, as Excel expects where the decimal mark is a comma, as in Indonesia.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_csv_value(_plain(header)) for header in headers])
    writer.writerows([_csv_value(_plain(value)) for value in row] for row in rows)
    # The byte order mark makes Excel read the file as UTF-8.
    return "\ufeff" + buffer.getvalue()


def spreadsheet_response(name: str, headers: list[str], rows, fmt: str, *, title: str) -> HttpResponse:
    """A download of `rows` (lists of plain values: text, numbers, dates, `Code`s, None) as `fmt` ("xlsx" or
    "csv"), named name-YYYYMMDD. `title` names the list and its cohort, in the XLSX's first row."""
    filename = f"{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        return download_response(_csv(headers, rows).encode("utf-8"), filename, CSV)
    return download_response(_xlsx(name, title, headers, rows), filename, XLSX)


def template_response(name: str, headers: list[str], notes: list[str], *, text_columns: set[int], title: str):
    """A blank form to fill in and import again: `headers` on the first row of the first sheet, the columns at
    `text_columns` (0-based) formatted as text for the rows people type (so that a NIP keeps its 18 digits), and
    a second sheet with `title` and each column's note."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = name[:31]
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index, value=_text(header))
        cell.data_type, cell.font = "s", Font(bold=True)
        cell.fill = PatternFill("solid", start_color="E9ECEF")
        cell.border = Border(bottom=Side(style="thin"))
        sheet.column_dimensions[get_column_letter(index)].width = max(len(header) + 4, 16)
        if index - 1 in text_columns:
            sheet.column_dimensions[get_column_letter(index)].width = 24
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet(_("Notes")[:31])
    help_sheet.append([_text(title)])
    help_sheet["A1"].font = Font(bold=True, size=13)
    help_sheet.append([])
    help_sheet.append([_("Column"), _("What to write")])
    for cell in help_sheet[3]:
        cell.font = Font(bold=True)
    for header, note in zip(headers, notes, strict=True):
        help_sheet.append([_text(header), _text(note)])
    help_sheet.column_dimensions["A"].width = 24
    help_sheet.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return download_response(buffer.getvalue(), f"{name}.xlsx", XLSX)
