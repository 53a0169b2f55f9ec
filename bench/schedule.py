"""Scheduling time for generated seminars of 37, 300 and 3,000 plans, printed as a table."""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.configure(USE_I18N=False)
django.setup()

from seminars.scheduling import build_schedule, clashes  # noqa: E402
from tests.generators import generated_cohort  # noqa: E402

CASES = [(37, 3, 18), (300, 12, 30), (3_000, 60, 60)]


def main():
    print(f"{'plans':>6}{'rooms':>7}{'slots/room':>12}{'median s':>10}{'problems':>10}{'clashes':>9}")
    for plan_count, room_count, time_count in CASES:
        plans, rooms = generated_cohort(plan_count, room_count)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            schedule = build_schedule(plans, rooms, time_count)
            times.append(time.perf_counter() - start)
        broken = clashes(schedule.placements, {p.id: p for p in plans}, {r.id: r for r in rooms})
        print(
            f"{plan_count:>6}{room_count:>7}{time_count:>12}{statistics.median(times):>10.3f}"
            f"{len(schedule.problems):>10}{len(broken):>9}"
        )


if __name__ == "__main__":
    main()
