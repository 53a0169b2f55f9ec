"""Made-up inputs for the scheduler, shared by its tests and by bench/schedule.py."""

import random

from seminars.scheduling import PlanSpec, RoomSpec, normalise_unit

CLUSTERS = [
    "Kearsipan",
    "Layanan Langsung",
    "Sarana Prasarana",
    "Sistem Informasi",
    "Pemberdayaan Masyarakat",
    "Pelayanan Kepegawaian",
    "Tata Kelola Pemerintahan",
]


def generated_cohort(plan_count, room_count, *, seed=1, mentees_per_mentor=2):
    rng = random.Random(seed)
    plans = [
        PlanSpec(
            id=n,
            title=f"Plan {n}",
            cluster=rng.choice(CLUSTERS),
            participant=n,
            mentor=n // mentees_per_mentor,
            mentor_name=f"Camat {n // mentees_per_mentor}",
            unit=f"Kelurahan {rng.randrange(plan_count)}",
        )
        for n in range(plan_count)
    ]
    rooms = []
    for r in range(room_count):
        # Each panel has an examiner from LAN and one local examiner from a kelurahan: a real conflict source.
        units = frozenset({"lan ri", normalise_unit(f"Kelurahan {rng.randrange(plan_count)}")})
        rooms.append(
            RoomSpec(id=100 + r, name=f"Ruang {r + 1}", examiners=frozenset({2 * r, 2 * r + 1}), examiner_units=units)
        )
    return plans, rooms
