"""Hostile roster files: every file under the upload cap (5 MB) is refused or read within 10 s and 300 MB.

Each file is read by `read_roster` (the preview, which every upload goes through) in a fresh process, timed, with
the process's peak memory. The database is a temporary SQLite file, migrated once. Run it alone:
`.venv/bin/python bench/roster_files.py`; it exits 1 if any file takes longer or more memory than that.
"""

import csv
import io
import os
import random
import string
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
LIMIT_SECONDS, LIMIT_MB = 10, 300
HEADER = ["NO", "NAMA", "NIP", "PANGKAT/GOL. RUANG", "JABATAN", "UNIT KERJA", "KECAMATAN", "EMAIL", "NO. HP"]
SHEET = "xl/worksheets/sheet1.xml"
HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
HEADER_ROW = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>NAMA</t></is></c><c r="B1" t="inlineStr"><is><t>NIP</t></is></c></row>'
)


def nip(n: int) -> str:
    return (
        f"{1965 + n % 25}{1 + n % 12:02d}{1 + n % 28:02d}{1990 + n % 25}{1 + n % 12:02d}{1 + n % 2}{1 + n // 400:03d}"
    )


def people(count: int) -> list[list]:
    return [
        [n, f"Peserta {n}, S.Sos", nip(n), "Penata Muda Tk. I (III/b)", "Lurah", f"Kelurahan {n}", "", "", "0812"]
        for n in range(1, count + 1)
    ]


def workbook(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet, active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def replaced(parts: dict[str, object]) -> bytes:
    """A real workbook with some parts replaced; a part given as a callable writes itself into a stream."""
    base = zipfile.ZipFile(io.BytesIO(workbook([["NAMA", "NIP"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        names = [m.filename for m in base.infolist()] + [name for name in parts if name not in base.namelist()]
        for name in names:
            part = parts.get(name, base.read(name) if name in base.namelist() else b"")
            if callable(part):
                with archive.open(name, "w", force_zip64=True) as stream:
                    part(stream)
            else:
                archive.writestr(name, cast(bytes | str, part))  # not callable: the part's bytes or text
    return buffer.getvalue()


def sheet(rows: bytes, dimension: str = "") -> bytes:
    declared = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return HEAD + declared + b"<sheetData>" + rows + b"</sheetData></worksheet>"


def streamed(prefix: bytes, filler: bytes, size: int, suffix: bytes):
    def write(stream):
        stream.write(prefix)
        for _ in range(size // len(filler)):
            stream.write(filler)
        stream.write(suffix)

    return write


def cells(count: int, per_row: int = 9, text: bytes = b"") -> bytes:
    columns = [chr(ord("A") + i).encode() for i in range(per_row)] if per_row <= 26 else None
    value = b"<v>%d</v>" if not text else b"<is><t>%s%%d</t></is>" % text
    rows = []
    for row in range(2, count // per_row + 2):
        if columns:
            kind = b' t="inlineStr"' if text else b""
            row_cells = b"".join(
                b'<c r="%s%d"%s>' % (c, row, kind) + value % (row * 31 + i) + b"</c>" for i, c in enumerate(columns)
            )
        else:
            row_cells = b"".join(b"<c>" + value % (row * 31 + i) + b"</c>" for i in range(per_row))
        rows.append(b'<row r="%d">' % row + row_cells + b"</row>")
    return sheet(HEADER_ROW + b"".join(rows))


def long_texts(total: int) -> bytes:
    rng = random.Random(13)
    text = "".join(rng.choices(string.ascii_letters + string.digits, k=1024 * 1024)).encode()
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (n, n, text)
        for n in range(2, total // len(text) + 2)
    )
    return sheet(HEADER_ROW + rows)


def styles(count: int) -> bytes:
    formats = b"".join(
        b'<numFmt numFmtId="%d" formatCode="0.%s"/>' % (164 + n, b"0" * (1 + n % 7)) for n in range(count)
    )
    return (
        b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<numFmts count="%d">%s</numFmts></styleSheet>' % (count, formats)
    )


def csv_file(rows, delimiter=";") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def cases():
    entities = b"<!ENTITY a0 'aaaaaaaaaa'>" + b"".join(
        b"<!ENTITY a%d '%s'>" % (n, b"&a%d;" % (n - 1) * 10) for n in range(1, 10)
    )
    yield "20,000 people, XLSX (the largest roster)", workbook([HEADER, *people(20_000)])
    yield "20,000 people, CSV", csv_file([HEADER, *people(20_000)])
    yield (
        "20,000 people, declared 16,384 columns wide",
        replaced({SHEET: workbook_sheet(people(20_000), "A1:XFD20001")}),
    )
    yield "a million empty rows", replaced({SHEET: sheet(HEADER_ROW + b"<row/>" * 1_000_000)})
    yield (
        "30,000 numbered empty rows",
        replaced({SHEET: sheet(HEADER_ROW + b"".join(b'<row r="%d"/>' % n for n in range(2, 30_002)))}),
    )
    yield (
        "2,000,000 numbered empty rows",
        replaced({SHEET: sheet(HEADER_ROW + b"".join(b'<row r="%d"/>' % n for n in range(2, 2_000_002)))}),
    )
    yield "one row at 1,048,576", replaced({SHEET: sheet(HEADER_ROW + b'<row r="1048576"/>')})
    yield "declared 1,048,576 rows", replaced({SHEET: sheet(HEADER_ROW, "A1:I1048576")})
    yield "1 GB of sheet XML (zip bomb)", replaced({SHEET: streamed(HEAD + b"<sheetData>", b" " * 65536, 2**30, b"")})
    yield (
        "1 GB of shared strings (zip bomb)",
        replaced({"xl/sharedStrings.xml": streamed(b"<sst><si><t>", b"a" * 65536, 2**30, b"</t></si></sst>")}),
    )
    yield "249,000 cells, 13 a row (just under both caps)", replaced({SHEET: cells(249_000, per_row=13)})
    yield "180,000 cells of 250 characters (50 MB of XML)", replaced({SHEET: cells(180_000, text=b"Kelurahan " * 25)})
    yield "249,000 cells in one row", replaced({SHEET: cells(249_000, per_row=249_000)})
    yield "260,000 cells (over the cell cap)", replaced({SHEET: cells(260_000)})
    yield (
        "1,000,000 empty cells <c/>",
        replaced({SHEET: sheet(HEADER_ROW + b"<row>" + b"<c/>" * 1_000_000 + b"</row>")}),
    )
    yield "6 MB of random text in cells", replaced({SHEET: long_texts(6 * 1024 * 1024)})
    yield (
        "a million-entity expansion",
        replaced(
            {SHEET: b"<?xml version='1.0'?><!DOCTYPE w [" + entities + b"]>" + sheet(b"<row><c><v>&a9;</v></c></row>")}
        ),
    )
    yield "100,000 nested elements", replaced({SHEET: sheet(b"<x>" * 100_000 + b"</x>" * 100_000)})
    yield "1,100,000 number formats in styles (55 MB)", replaced({"xl/styles.xml": styles(1_100_000)})
    yield "80,000 number formats in styles (just under 4 MB)", replaced({"xl/styles.xml": styles(80_000)})
    yield "5,000 parts in the ZIP", replaced({f"xl/media/image{n}.png": b"x" for n in range(5_000)})
    yield "malformed sheet XML", replaced({SHEET: HEAD + b'<sheetData><row r="1"><c r="A1"><v>1'})
    yield "5 MB of newlines, CSV", b"NAMA;NIP\n" + b"\n" * (5 * 1024 * 1024 - 20)
    yield "5 MB of semicolons, CSV", b"NAMA;NIP\n" + b";" * (5 * 1024 * 1024 - 20)
    yield "one 5 MB CSV field", b'NAMA;NIP\n"' + b"x" * (5 * 1024 * 1024 - 20) + b'"\n'


def workbook_sheet(rows, dimension: str) -> bytes:
    body = b"".join(
        b'<row r="%d">' % (n + 2)
        + b"".join(
            b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + i).encode(), n + 2, str(value).encode())
            for i, value in enumerate(row)
        )
        + b"</row>"
        for n, row in enumerate(rows)
    )
    header = b'<row r="1">' + b"".join(
        b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + i).encode(), h.encode())
        for i, h in enumerate(HEADER)
    )
    return sheet(header + b"</row>" + body, dimension)


CHILD = """
import sys, time
import django
django.setup()
from participants.importer import ImportFileError, read_roster
from participants.models import Cohort
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
try:
    preview = read_roster(Cohort.objects.get(slug="bench-files"), data)
    outcome = f"read: {len(preview.rows):,} rows"
except ImportFileError as error:
    outcome = f"refused: {error}"
seconds = time.perf_counter() - start
# The peak of this process since it started (VmHWM), Django included; a fork's parent is not counted.
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM")).split()[1]
print(f"{seconds:.2f}\\t{int(peak) / 1024:.0f}\\t{outcome}")
"""


def main():
    workdir = Path(tempfile.mkdtemp(prefix="inovasi-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import datetime

    import django

    django.setup()
    from django.core.management import call_command

    from participants.importer import MAX_BYTES
    from participants.models import Cohort, Organisation

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the catalogue's generation and the rate limits live there
    Cohort.objects.create(
        slug="bench-files",
        name="Bench",
        training_title="-",
        organisation=Organisation.objects.create(name="Bench", short_name="Bench", place="-"),
        start_date=datetime.date(2017, 7, 24),
        end_date=datetime.date(2017, 8, 21),
    )
    print(f"Roster files under the {MAX_BYTES / 2**20:.0f} MB cap, read by read_roster in a fresh process each")
    print(f"{'file':<50}{'size':>9}{'seconds':>9}{'peak MB':>9}  outcome")
    failed = False
    for label, data in cases():
        assert len(data) <= MAX_BYTES, (label, len(data))
        path = workdir / "roster"
        path.write_bytes(data)
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, env=env, stdout=subprocess.PIPE)
        output = child.communicate()[0].decode().strip()
        wall = time.perf_counter() - started
        seconds, peak, outcome = output.split("\t", 2) if output.count("\t") >= 2 else ("", "0", output)
        peak = float(peak)
        over = child.returncode != 0 or float(seconds or wall) > LIMIT_SECONDS or peak > LIMIT_MB
        failed |= over
        size = f"{len(data) / 1024:,.0f} KB"
        print(f"{label:<50}{size:>9}{seconds or '-':>9}{peak:>9.0f}  {outcome[:70]}{'  << OVER' if over else ''}")
    print(f"Limits: {LIMIT_SECONDS} s and {LIMIT_MB} MB per file (peak memory of the whole process, Django included).")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
