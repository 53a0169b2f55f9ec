"""Place every exposé of a seminar in a room and a time, by the rules staff expect.

Hard rules: no room, examiner or participant in two places at once, and no
examiner on the panel of a participant from their own work unit. Soft rules,
kept where the numbers allow: plans of one cluster sit together, rooms carry
about the same number of exposés, and a mentor does not have two mentees on at
the same moment. Whatever cannot be met is reported with the reason.

The functions here work on plain data, so they are fast and easy to test; the
service in `services.py` reads the database and writes the slots.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class PlanSpec:
    id: int
    title: str
    cluster: str
    participant: int
    mentor: int | None
    mentor_name: str
    unit: str


@dataclass(frozen=True)
class RoomSpec:
    id: int
    name: str
    examiners: frozenset[int]
    examiner_units: frozenset[str]


@dataclass
class Schedule:
    """plan id -> (room id, time index), and the rules that could not be met, in words."""

    placements: dict[int, tuple[int, int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def normalise_unit(unit: str) -> str:
    return " ".join(unit.lower().split())


def conflict_of_interest(plan: PlanSpec, room: RoomSpec) -> bool:
    return bool(plan.unit) and normalise_unit(plan.unit) in room.examiner_units


def build_schedule(plans: list[PlanSpec], rooms: list[RoomSpec], time_count: int) -> Schedule:
    schedule = Schedule()
    if not rooms or not time_count:
        schedule.problems.append(_("There are no rooms or no time for exposés: add rooms and check the day's hours."))
        return schedule
    placeable = []
    for plan in plans:
        if all(conflict_of_interest(plan, room) for room in rooms):
            schedule.problems.append(
                _("%(title)s is not placed: every panel has an examiner from %(unit)s.")
                % {"title": plan.title, "unit": plan.unit}
            )
        else:
            placeable.append(plan)
    capacity = len(rooms) * time_count
    if len(placeable) > capacity:
        schedule.problems.append(
            _(
                "%(count)d plans are not placed: the rooms hold %(capacity)d exposés. "
                "Add a room, a day or shorter slots."
            )
            % {"count": len(placeable) - capacity, "capacity": capacity}
        )
        placeable = placeable[:capacity]

    by_room = _assign_rooms(placeable, rooms, time_count, schedule)
    _separate_mentors(by_room, time_count, schedule)
    split = [name for name, count in _cluster_room_counts(placeable, schedule).items() if count > 1]
    if split and len(rooms) > 1:
        schedule.problems.append(
            _("To balance the rooms, these clusters are spread over more than one room: %(clusters)s.")
            % {"clusters": ", ".join(sorted(split))}
        )
    return schedule


def _assign_rooms(plans, rooms, time_count, schedule) -> dict[int, list[PlanSpec]]:
    """Whole clusters go to the emptiest room; a cluster is split only to keep the rooms balanced."""
    base, extra = divmod(len(plans), len(rooms))
    target = {room.id: min(time_count, base + (1 if index < extra else 0)) for index, room in enumerate(rooms)}
    by_room = {room.id: [] for room in rooms}
    clusters = defaultdict(list)
    for plan in plans:
        clusters[plan.cluster].append(plan)
    deferred = []
    for _name, members in sorted(clusters.items(), key=lambda item: (-len(item[1]), item[0])):
        waiting = list(members)
        while waiting:
            open_rooms = [room for room in rooms if len(by_room[room.id]) < target[room.id]]
            if not open_rooms:
                deferred += waiting
                break
            room = max(open_rooms, key=lambda r: target[r.id] - len(by_room[r.id]))
            fitting = [plan for plan in waiting if not conflict_of_interest(plan, room)]
            free = target[room.id] - len(by_room[room.id])
            taken = fitting[:free]
            if not taken:
                # Nobody left in this cluster may sit before this panel: try the other rooms.
                others = [r for r in open_rooms if r is not room]
                placed = _place_elsewhere(waiting, others, by_room, target)
                deferred += [plan for plan in waiting if plan not in placed]
                break
            by_room[room.id] += taken
            waiting = [plan for plan in waiting if plan not in taken]
    for plan in deferred:
        # Balance gives way: any room without a conflict of interest and with time left.
        room = next(
            (
                r
                for r in sorted(rooms, key=lambda r: len(by_room[r.id]))
                if len(by_room[r.id]) < time_count and not conflict_of_interest(plan, r)
            ),
            None,
        )
        if room is None:
            schedule.problems.append(
                _("%(title)s is not placed: no room without a conflict of interest has time left.")
                % {"title": plan.title}
            )
        else:
            by_room[room.id].append(plan)
    return by_room


def _place_elsewhere(waiting, rooms, by_room, target) -> list[PlanSpec]:
    placed = []
    for plan in waiting:
        for room in rooms:
            if len(by_room[room.id]) < target[room.id] and not conflict_of_interest(plan, room):
                by_room[room.id].append(plan)
                placed.append(plan)
                break
    return placed


def _separate_mentors(by_room, time_count, schedule) -> None:
    """Move exposés within a room, to another time or a free one, so that no mentor has two mentees on at once."""
    grid = {room_id: room_plans + [None] * (time_count - len(room_plans)) for room_id, room_plans in by_room.items()}

    def mentees_at(index, mentor, without=None) -> int:
        return sum(
            1
            for row in grid.values()
            if row[index] is not None and row[index] is not without and row[index].mentor == mentor
        )

    for index in range(time_count):
        seen = set()
        for row in grid.values():
            plan = row[index]
            if plan is None or plan.mentor is None:
                continue
            if plan.mentor not in seen:
                seen.add(plan.mentor)
                continue
            # Prefer a partner of the same cluster, close in time, so clusters stay together.
            candidates = sorted(
                (other for other in range(time_count) if other != index),
                key=lambda o: (row[o] is None, row[o] is not None and row[o].cluster != plan.cluster, abs(o - index)),
            )
            for other in candidates:
                partner = row[other]
                if mentees_at(other, plan.mentor, without=partner) == 0 and (
                    partner is None or partner.mentor is None or mentees_at(index, partner.mentor, without=plan) == 0
                ):
                    row[index], row[other] = partner, plan
                    if partner is not None and partner.mentor is not None:
                        seen.add(partner.mentor)
                    break
            else:
                schedule.problems.append(
                    _("%(mentor)s has two mentees presenting at the same time (%(title)s); no swap was possible.")
                    % {"mentor": plan.mentor_name, "title": plan.title}
                )
    for room_id, row in grid.items():
        by_room[room_id] = row
        for index, plan in enumerate(row):
            if plan is not None:
                schedule.placements[plan.id] = (room_id, index)


def _cluster_room_counts(plans, schedule) -> Counter:
    rooms_per_cluster = defaultdict(set)
    for plan in plans:
        if plan.id in schedule.placements:
            rooms_per_cluster[plan.cluster].add(schedule.placements[plan.id][0])
    return Counter({name: len(rooms) for name, rooms in rooms_per_cluster.items()})


def clashes(
    placements: dict[int, tuple[int, int]], plans: dict[int, PlanSpec], rooms: dict[int, RoomSpec]
) -> list[str]:
    """Every broken hard rule and mentor clash of a set of placements, named; [] when the schedule is sound."""
    problems = []
    occupied = defaultdict(list)
    examiners_at = defaultdict(lambda: defaultdict(list))
    mentors_at = defaultdict(lambda: defaultdict(list))
    participants_at = defaultdict(lambda: defaultdict(list))
    for plan_id, (room_id, index) in placements.items():
        plan, room = plans[plan_id], rooms[room_id]
        occupied[room_id, index].append(plan)
        for examiner in room.examiners:
            examiners_at[index][examiner].append(room.name)
        if plan.mentor is not None:
            mentors_at[index][plan.mentor].append(plan)
        participants_at[index][plan.participant].append(plan)
        if conflict_of_interest(plan, room):
            problems.append(
                _("An examiner in %(room)s comes from %(unit)s, the work unit of %(title)s.")
                % {"room": room.name, "unit": plan.unit, "title": plan.title}
            )
    for (room_id, _index), taken in occupied.items():
        if len(taken) > 1:
            problems.append(
                _("%(room)s has two exposés at the same time: %(titles)s.")
                % {"room": rooms[room_id].name, "titles": ", ".join(p.title for p in taken)}
            )
    for at in examiners_at.values():
        for room_names in at.values():
            if len(set(room_names)) > 1:
                problems.append(
                    _("An examiner would sit in two rooms at once: %(rooms)s.")
                    % {"rooms": ", ".join(sorted(set(room_names)))}
                )
    for at in participants_at.values():
        for taken in at.values():
            if len(taken) > 1:
                problems.append(
                    _("A participant would present twice at once: %(titles)s.")
                    % {"titles": ", ".join(p.title for p in taken)}
                )
    for at in mentors_at.values():
        for taken in at.values():
            if len(taken) > 1:
                problems.append(
                    _("%(mentor)s would have two mentees presenting at once: %(titles)s.")
                    % {"mentor": taken[0].mentor_name, "titles": ", ".join(p.title for p in taken)}
                )
    return problems
