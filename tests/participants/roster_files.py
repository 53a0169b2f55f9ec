"""Spreadsheets built the way personnel offices keep their rosters, for the importer's tests."""

import csv
import io
import zipfile
from typing import cast

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

HEADER = ["NO", "NAMA", "NIP", "PANGKAT/GOL. RUANG", "JABATAN", "UNIT KERJA", "KECAMATAN", "EMAIL", "NO. HP"]
NDH_HEADER = ["NDH", *HEADER[1:]]  # the first column gives roll numbers only when its header says NDH
TITLE = [
    ["DAFTAR PESERTA DIKLAT PELAYANAN PUBLIK BERORIENTASI INOVASI"],
    ["BKDPSDM KOTA MEDAN TAHUN 2017"],
    [],
]
SIGNATURE = [
    [],
    [None, None, None, None, None, "Medan, 24 Juli 2017"],
    [None, None, None, None, None, "Kepala BKDPSDM Kota Medan"],
    [],
    [None, None, None, None, None, "Drs. Kepala Badan, M.Si"],
    [None, None, None, None, None, "NIP. 19650101 199003 1 005"],
]


def person(no, name, nip, grade="III/b", kecamatan="Medan Baru", email="", **extra):
    return [
        no,
        name,
        nip,
        grade,
        extra.get("position", "Lurah"),
        extra.get("unit", f"Kelurahan {no}"),
        kecamatan,
        email,
        extra.get("phone", "0812000000"),
    ]


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)  # a new workbook has one sheet, active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, delimiter=";", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue().encode(encoding)


def roster(*people, title=True, signature=True, header=HEADER) -> list:
    return [*(TITLE if title else []), header, *people, *(SIGNATURE if signature else [])]


# Hostile workbooks: a real workbook whose first sheet's XML is replaced ------------------------------------------

SHEET_HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
HEADER_ROW = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>NAMA</t></is></c><c r="B1" t="inlineStr"><is><t>NIP</t></is></c></row>'
)


def with_sheet(sheet_xml: bytes) -> bytes:
    """A workbook made by openpyxl, with `sheet_xml` as its first sheet."""
    base = zipfile.ZipFile(io.BytesIO(xlsx([["NAMA", "NIP"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in base.infolist():
            is_sheet = member.filename == "xl/worksheets/sheet1.xml"
            archive.writestr(member.filename, sheet_xml if is_sheet else base.read(member.filename))
    return buffer.getvalue()


def sheet(rows: bytes, *, dimension: str = "", before: bytes = b"") -> bytes:
    declared = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return before + SHEET_HEAD + declared + b"<sheetData>" + rows + b"</sheetData></worksheet>"


def empty_rows(count: int) -> bytes:
    """A header, then `count` rows with nothing in them: a few kilobytes packed."""
    return with_sheet(sheet(HEADER_ROW + b"<row/>" * count))


def numbered_cells(count: int) -> bytes:
    """A header, then `count` numeric cells thirteen to a row (a roster's width, under the row cap even past the
    cell cap): packs about 10 to 1, like a real sheet."""
    columns = b"ABCDEFGHIJKLM"
    rows = b"".join(
        b'<row r="%d">' % row
        + b"".join(b'<c r="%c%d"><v>%d</v></c>' % (column, row, row * 13 + i) for i, column in enumerate(columns))
        + b"</row>"
        for row in range(2, count // 13 + 2)
    )
    return with_sheet(sheet(HEADER_ROW + rows))
