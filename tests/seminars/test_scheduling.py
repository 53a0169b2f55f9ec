from collections import Counter, defaultdict

import pytest

from seminars.scheduling import PlanSpec, RoomSpec, build_schedule, clashes
from tests.generators import generated_cohort


def assert_every_rule(plans, rooms, schedule, time_count):
    plans_by_id = {p.id: p for p in plans}
    rooms_by_id = {r.id: r for r in rooms}
    assert clashes(schedule.placements, plans_by_id, rooms_by_id) == []
    assert set(schedule.placements) == {p.id for p in plans}
    assert all(0 <= index < time_count for _room, index in schedule.placements.values())
    per_room = Counter(room for room, _index in schedule.placements.values())
    assert max(per_room.values()) - min(per_room.values()) <= 1, per_room


def cluster_fragments(schedule, plans):
    """How many runs of consecutive same-cluster exposés each room has, summed: fewer is better."""
    rooms = defaultdict(list)
    for plan in plans:
        room, index = schedule.placements[plan.id]
        rooms[room].append((index, plan.cluster))
    runs = 0
    for entries in rooms.values():
        clusters = [cluster for _index, cluster in sorted(entries)]
        runs += sum(1 for i, c in enumerate(clusters) if i == 0 or clusters[i - 1] != c)
    return runs


@pytest.mark.parametrize(("plan_count", "room_count", "time_count"), [(37, 3, 18), (300, 12, 30)])
def test_schedule_generated_cohort_meets_every_rule(plan_count, room_count, time_count):
    plans, rooms = generated_cohort(plan_count, room_count)

    schedule = build_schedule(plans, rooms, time_count)

    assert_every_rule(plans, rooms, schedule, time_count)
    assert not [p for p in schedule.problems if "not placed" in p or "mentees" in p]


def test_schedule_keeps_clusters_together():
    plans, rooms = generated_cohort(37, 3)

    schedule = build_schedule(plans, rooms, 18)

    # 7 clusters over 3 rooms: at most the clusters plus one split per room, plus mentor swaps.
    assert cluster_fragments(schedule, plans) <= 7 + 3 + 3


def test_schedule_never_seats_an_examiner_before_their_own_unit():
    plans = [PlanSpec(n, f"P{n}", "A", n, None, "", "Kelurahan Darat" if n < 3 else f"K{n}") for n in range(6)]
    rooms = [
        RoomSpec(1, "Ruang 1", frozenset({1}), frozenset({"kelurahan darat"})),
        RoomSpec(2, "Ruang 2", frozenset({2}), frozenset({"lan ri"})),
    ]

    schedule = build_schedule(plans, rooms, 6)

    assert {schedule.placements[n][0] for n in range(3)} == {2}
    assert_every_rule(plans, rooms, schedule, 6)


def test_schedule_keeps_a_mentors_mentees_apart_in_time():
    # Six mentees of one Camat in three rooms: never two at the same moment.
    plans = [PlanSpec(n, f"P{n}", "A" if n % 2 else "B", n, 7, "Camat Medan Baru", f"K{n}") for n in range(6)]
    rooms = [RoomSpec(r, f"Ruang {r}", frozenset({r}), frozenset()) for r in range(3)]

    schedule = build_schedule(plans, rooms, 6)

    times = [index for _room, index in schedule.placements.values()]
    assert len(times) == len(set(times)) == 6
    assert not [problem for problem in schedule.problems if "mentees" in problem]


def test_schedule_says_why_when_a_mentor_clash_cannot_be_avoided():
    plans = [PlanSpec(n, f"P{n}", "A", n, 7, "Camat Medan Baru", f"K{n}") for n in range(4)]
    rooms = [RoomSpec(r, f"Ruang {r}", frozenset({r}), frozenset()) for r in range(2)]

    schedule = build_schedule(plans, rooms, 2)

    assert len(schedule.placements) == 4
    assert any("Camat Medan Baru has two mentees presenting at the same time" in p for p in schedule.problems)


def test_schedule_reports_plans_beyond_the_rooms_capacity():
    plans, rooms = generated_cohort(10, 2)

    schedule = build_schedule(plans, rooms, 4)

    assert len(schedule.placements) == 8
    assert any("2 plans are not placed" in p for p in schedule.problems)


def test_schedule_reports_a_plan_every_panel_conflicts_with():
    plans = [PlanSpec(1, "Arsip Rapi", "A", 1, None, "", "LAN RI")]
    rooms = [RoomSpec(1, "Ruang 1", frozenset({1}), frozenset({"lan ri"}))]

    schedule = build_schedule(plans, rooms, 5)

    assert schedule.placements == {}
    assert schedule.problems == ["Arsip Rapi is not placed: every panel has an examiner from LAN RI."]


def test_clashes_name_each_broken_rule():
    plans = {
        1: PlanSpec(1, "A", "X", 1, 9, "Camat X", "Kelurahan Darat"),
        2: PlanSpec(2, "B", "X", 2, 9, "Camat X", "K2"),
    }
    rooms = {
        1: RoomSpec(1, "Ruang 1", frozenset({5}), frozenset({"kelurahan darat"})),
        2: RoomSpec(2, "Ruang 2", frozenset({5}), frozenset()),
    }

    problems = clashes({1: (1, 0), 2: (2, 0)}, plans, rooms)

    assert problems == [
        "An examiner in Ruang 1 comes from Kelurahan Darat, the work unit of A.",
        "An examiner would sit in two rooms at once: Ruang 1, Ruang 2.",
        "Camat X would have two mentees presenting at once: A, B.",
    ]
