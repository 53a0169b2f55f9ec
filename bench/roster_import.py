"""Roster import of 10,000 rows against openpyxl's bare read of the same file.

Runs on its own database: a temporary SQLite file, or BENCH_DATABASE_URL (e.g. a PostgreSQL
database made for benchmarks). Aim: the import takes at most 3 times the bare read.
"""

import datetime
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROWS = 10_000
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="inovasi-bench-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "0"  # production template caching

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402

from participants.demo.loader import MEDAN  # noqa: E402
from participants.importer import apply_roster, import_roster, read_roster  # noqa: E402
from participants.models import Cohort, Kecamatan, Participant, User  # noqa: E402
from participants.services import send_invitations  # noqa: E402


def build_roster() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DAFTAR PESERTA"])
    sheet.append([])
    sheet.append(["NO", "NAMA", "NIP", "PANGKAT/GOL. RUANG", "JABATAN", "UNIT KERJA", "KECAMATAN", "EMAIL", "NO. HP"])
    kecamatan = [entry["name"] for entry in MEDAN["kecamatan"]]
    for n in range(1, ROWS + 1):
        birth = datetime.date(1965 + n % 25, 1 + n % 12, 1 + n % 28)
        nip = f"{birth:%Y%m%d}{birth.year + 25}{1 + n % 12:02d}{1 + n % 2}{1 + n // 400:03d}"
        sheet.append(
            [
                n,
                f"Peserta {n}, S.Sos",
                nip,
                "Penata Muda Tk. I (III/b)",
                "Lurah",
                f"Kelurahan {n}",
                kecamatan[n % len(kecamatan)],
                f"peserta{n}@example.org",
                "081200000000",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bare_read(data: bytes) -> int:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = sum(1 for _row in workbook.active.iter_rows(values_only=True))
    workbook.close()
    return rows


def timed(function, repeat=3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    call_command("migrate", verbosity=0)
    for entry in MEDAN["kecamatan"]:
        Kecamatan.objects.get_or_create(city=MEDAN["city"], name=entry["name"])
    data = build_roster()
    read_time = timed(lambda: bare_read(data))

    def fresh_cohort() -> Cohort:
        Participant.objects.all().delete()
        User.objects.all().delete()
        Cohort.objects.all().delete()
        return Cohort.objects.create(
            name="Bench",
            slug="bench",
            training_title="-",
            organiser="-",
            start_date=datetime.date(2017, 7, 24),
            end_date=datetime.date(2017, 8, 21),
        )

    def first_import() -> float:
        # What the confirm button does, less the invitations, which are mailed after commit (timed below).
        cohort = fresh_cohort()  # not timed
        start = time.perf_counter()
        preview = read_roster(cohort, data)
        apply_roster(cohort, preview)
        elapsed = time.perf_counter() - start
        assert preview.counts["new"] == ROWS, preview.counts
        return elapsed

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        new_time = statistics.median(first_import() for _ in range(3))
        cohort = Cohort.objects.get(slug="bench")
        again_time = timed(lambda: import_roster(cohort, data))
        preview_time = timed(lambda: import_roster(cohort, data, dry_run=True))
        invite_time = timed(lambda: send_invitations(User.objects.all()), repeat=1)

    print(f"Roster import, {ROWS:,} rows, {connection.vendor}, {len(data) / 1e6:.1f} MB XLSX")
    print(f"{'step':<46}{'seconds':>10}{'× bare read':>14}")
    for label, seconds in [
        ("openpyxl bare read", read_time),
        ("import, all rows new", new_time),
        ("import again, all rows unchanged", again_time),
        ("preview only (dry run)", preview_time),
        (f"invitations to {ROWS:,} new people (composed)", invite_time),
    ]:
        print(f"{label:<46}{seconds:>10.2f}{seconds / read_time:>14.2f}")


if __name__ == "__main__":
    main()
