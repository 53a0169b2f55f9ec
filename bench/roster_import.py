"""Roster import of 10,000 rows against openpyxl's bare read of the same file.

Run alone, it uses its own database: a temporary SQLite file, or BENCH_DATABASE_URL (e.g. a PostgreSQL
database made for benchmarks). `bench/national.py` imports `measure()` and runs it on the national data set.
Aim: the import takes at most 3 times the bare read.
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


def build_roster(rows: int = ROWS) -> bytes:
    from openpyxl import Workbook

    from portal.demo.loader import MEDAN

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet, active
    sheet.append(["DAFTAR PESERTA"])
    sheet.append([])
    sheet.append(["NO", "NAMA", "NIP", "PANGKAT/GOL. RUANG", "JABATAN", "UNIT KERJA", "KECAMATAN", "EMAIL", "NO. HP"])
    kecamatan = [entry["name"] for entry in MEDAN["kecamatan"]]
    for n in range(1, rows + 1):
        sheet.append(
            [
                n,
                f"Peserta {n}, S.Sos",
                roster_nip(n),
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


def roster_nip(n: int) -> str:
    birth = datetime.date(1965 + n % 25, 1 + n % 12, 1 + n % 28)
    return f"{birth:%Y%m%d}{birth.year + 25}{1 + n % 12:02d}{1 + n % 2}{1 + n // 400:03d}"


def bare_read(data: bytes) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = workbook.active
    assert sheet is not None  # the roster's workbook has its sheet, active
    rows = sum(1 for _row in sheet.iter_rows(values_only=True))
    workbook.close()
    return rows


def timed(function, repeat=3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(empty_cohort, data: bytes) -> dict[str, float]:
    """Seconds (medians of 3) of the bare read and of the import steps. `empty_cohort()` gives a cohort
    without participants, undoing the previous round's import; it is not timed."""
    from django.test.utils import override_settings

    from participants.importer import apply_roster, import_roster, read_roster

    cohorts = []

    def first_import() -> float:
        # What the confirm button does, less the invitations, which are mailed after commit.
        cohorts.append(empty_cohort())
        start = time.perf_counter()
        preview = read_roster(cohorts[-1], data)
        apply_roster(cohorts[-1], preview)
        elapsed = time.perf_counter() - start
        assert preview.counts["new"] == ROWS, preview.counts
        return elapsed

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        read_time = timed(lambda: bare_read(data))
        new_time = statistics.median(first_import() for _ in range(3))
        again_time = timed(lambda: import_roster(cohorts[-1], data))
        preview_time = timed(lambda: import_roster(cohorts[-1], data, dry_run=True))
    return {"read": read_time, "new": new_time, "again": again_time, "preview": preview_time}


def empty_roster_cohort():
    """The cohort `bench-roster` of Kota Medan, emptied of the people a previous import created; nobody else is
    touched."""
    from participants import regions
    from participants.models import Cohort, Organisation, Participant, User

    regions.load(["12.71"], villages=False)
    organisation, _created = Organisation.objects.get_or_create(short_name="Bench", defaults={"name": "Bench"})
    cohort, _created = Cohort.objects.get_or_create(
        slug="bench-roster",
        defaults={
            "name": "Bench",
            "training_title": "-",
            "organisation": organisation,
            "region_id": "12.71",
            "start_date": datetime.date(2017, 7, 24),
            "end_date": datetime.date(2017, 8, 21),
        },
    )
    Participant.objects.filter(cohort=cohort).delete()
    nips = [roster_nip(n) for n in range(1, ROWS + 1)]
    for start in range(0, ROWS, 2000):
        User.objects.filter(nip__in=nips[start : start + 2000]).delete()
    return cohort


def main():
    workdir = tempfile.mkdtemp(prefix="inovasi-bench-")
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "0"  # production template caching

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from participants.models import Cohort, User
    from participants.services import send_invitations

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the catalogue's generation and the rate limits live there
    data = build_roster()
    seconds = measure(empty_roster_cohort, data)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        nips = [roster_nip(n) for n in range(1, ROWS + 1)]
        seconds["invite"] = timed(
            lambda: send_invitations(User.objects.filter(nip__in=nips), cohort=Cohort.objects.last()), repeat=1
        )

    print(f"Roster import, {ROWS:,} rows, {connection.vendor}, {len(data) / 1e6:.1f} MB XLSX")
    print(f"{'step':<46}{'seconds':>10}{'× bare read':>14}")
    for label, key in [
        ("openpyxl bare read", "read"),
        ("import, all rows new", "new"),
        ("import again, all rows unchanged", "again"),
        ("preview only (dry run)", "preview"),
        (f"invitations to {ROWS:,} new people (composed)", "invite"),
    ]:
        print(f"{label:<46}{seconds[key]:>10.2f}{seconds[key] / seconds['read']:>14.2f}")


if __name__ == "__main__":
    main()
