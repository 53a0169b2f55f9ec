"""Spreadsheets built the way personnel offices keep their rosters, for the importer's tests."""

import csv
import io

from openpyxl import Workbook

HEADER = ["NO", "NAMA", "NIP", "PANGKAT/GOL. RUANG", "JABATAN", "UNIT KERJA", "KECAMATAN", "EMAIL", "NO. HP"]
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
    sheet = workbook.active
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


def roster(*people, title=True, signature=True) -> list:
    return [*(TITLE if title else []), HEADER, *people, *(SIGNATURE if signature else [])]
