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
    person: str = ""  # the participant's name, for messages that say who


@dataclass(frozen=True)
class RoomSpec:
    id: int
    name: str
    examiners: frozenset[int]
    examiner_units: frozenset[str]
    # (examiner id, name, normalised unit) of each panel member, for messages that name the examiner.
    panel: tuple[tuple[int, str, str], ...] = ()


@dataclass
class Schedule:
    """plan id -> (room id, time index), and the rules that could not be met, in words."""

    placements: dict[int, tuple[int, int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def normalise_unit(unit: str) -> str:
    return " ".join(unit.lower().split())


def who(plan: PlanSpec) -> str:
    return f"{plan.person} ({plan.title})" if plan.person else plan.title


def conflict_of_interest(plan: PlanSpec, room: RoomSpec) -> bool:
    return bool(plan.unit) and normalise_unit(plan.unit) in room.examiner_units


def build_schedule(
    plans: list[PlanSpec], rooms: list[RoomSpec], time_count: int, fixed: dict[int, tuple[int, int]] | None = None
) -> Schedule:
    """Place `plans` in `rooms` over `time_count` times. `fixed` (plan id -> (room id, time index)) holds pinned
    placements: they stay where they are, checked against the hard rules, and the rest is scheduled around them."""
    schedule = Schedule()
    if not rooms or not time_count:
        schedule.problems.append(_("There are no rooms or no time for exposés: add rooms and check the day's hours."))
        return schedule
    kept = _keep_fixed(fixed or {}, plans, {room.id: room for room in rooms}, time_count, schedule)
    placeable = []
    for plan in plans:
        if plan.id in kept:
            continue
        if all(conflict_of_interest(plan, room) for room in rooms):
            schedule.problems.append(
                _("%(title)s is not placed: every panel has an examiner from %(unit)s.")
                % {"title": plan.title, "unit": plan.unit}
            )
        else:
            placeable.append(plan)
    capacity = len(rooms) * time_count - len(kept)
    if len(placeable) > capacity:
        schedule.problems.append(
            _(
                "%(count)d plans are not placed: the rooms hold %(capacity)d exposés. "
                "Add a room, a day or shorter slots."
            )
            % {"count": len(placeable) - capacity, "capacity": capacity}
        )
        placeable = placeable[:capacity]

    by_room = _assign_rooms(placeable, rooms, time_count, schedule, kept)
    _separate_mentors(by_room, time_count, schedule, kept)
    pinned = [plan for plan in plans if plan.id in kept]
    split = [name for name, count in _cluster_room_counts(placeable + pinned, schedule).items() if count > 1]
    if split and len(rooms) > 1:
        schedule.problems.append(
            _("To balance the rooms, these clusters are spread over more than one room: %(clusters)s.")
            % {"clusters": ", ".join(sorted(split))}
        )
    return schedule


def _keep_fixed(fixed, plans, rooms, time_count, schedule) -> dict[int, tuple[PlanSpec, int, int]]:
    """The pinned placements that still hold: plan id -> (plan, room id, index). A pin that no longer fits (its room
    or time is gone, its place is taken, or its panel now has an examiner from the plan's work unit) is let go and
    named among the problems: that plan is placed anew."""
    by_id = {plan.id: plan for plan in plans}
    kept, taken = {}, set()
    for plan_id, (room_id, index) in sorted(fixed.items()):
        plan = by_id.get(plan_id)
        if plan is None:
            continue
        room = rooms.get(room_id)
        if room is None or not 0 <= index < time_count or (room_id, index) in taken:
            schedule.problems.append(
                _("%(who)s was pinned to a room or time that the seminar no longer has free; it is placed anew.")
                % {"who": who(plan)}
            )
        elif conflict_of_interest(plan, room):
            schedule.problems.append(
                _("%(who)s was pinned to %(room)s, where an examiner comes from %(unit)s; it is placed anew.")
                % {"who": who(plan), "room": room.name, "unit": plan.unit}
            )
        else:
            kept[plan_id] = (plan, room_id, index)
            taken.add((room_id, index))
    return kept


def _assign_rooms(plans, rooms, time_count, schedule, kept) -> dict[int, list[PlanSpec]]:
    """Whole clusters go to the emptiest room; a cluster is split only to keep the rooms balanced. Pinned exposés
    (`kept`) count towards their room's share and take its time."""
    pinned = Counter(room_id for _plan, room_id, _index in kept.values())
    base, extra = divmod(len(plans) + len(kept), len(rooms))
    target = {
        room.id: max(0, min(time_count, base + (1 if index < extra else 0)) - pinned[room.id])
        for index, room in enumerate(rooms)
    }
    by_room: dict[int, list[PlanSpec]] = {room.id: [] for room in rooms}
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
                for r in sorted(rooms, key=lambda r: len(by_room[r.id]) + pinned[r.id])
                if len(by_room[r.id]) + pinned[r.id] < time_count and not conflict_of_interest(plan, r)
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


def _separate_mentors(by_room, time_count, schedule, kept) -> None:
    """Move exposés within a room, to another time or a free one, so that no mentor has two mentees on at once.
    Pinned exposés (`kept`) never move: the others give way to them."""
    grid: dict[int, list[PlanSpec | None]] = {}
    fixed: dict[int, set[int]] = {room_id: set() for room_id in by_room}
    for room_id, room_plans in by_room.items():
        row: list[PlanSpec | None] = [None] * time_count
        for plan, pinned_room, index in kept.values():
            if pinned_room == room_id:
                row[index] = plan
                fixed[room_id].add(index)
        waiting = iter(room_plans)
        grid[room_id] = [next(waiting, None) if cell is None else cell for cell in row]

    def mentees_at(index, mentor, without=None) -> int:
        return sum(
            1
            for row in grid.values()
            if row[index] is not None and row[index] is not without and row[index].mentor == mentor
        )

    for index in range(time_count):
        seen: set[int] = set()
        # Pinned exposés first, so that when a mentor has two mentees on, the one that moves is not pinned.
        for room_id, row in sorted(grid.items(), key=lambda item: index not in fixed[item[0]]):
            plan = row[index]
            if plan is None or plan.mentor is None:
                continue
            if plan.mentor not in seen:
                seen.add(plan.mentor)
                continue
            # Prefer a partner of the same cluster, close in time, so clusters stay together. (The ignore: `row[o]`
            # is tested for None just before, but mypy does not narrow a subscript by a variable.)
            candidates = sorted(
                (other for other in range(time_count) if other != index and other not in fixed[room_id]),
                key=lambda o: (row[o] is None, row[o] is not None and row[o].cluster != plan.cluster, abs(o - index)),  # type: ignore[union-attr]
            )
            if index in fixed[room_id]:
                candidates = []
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
    placements: dict[int, tuple[int, int]],
    plans: dict[int, PlanSpec],
    rooms: dict[int, RoomSpec],
    *,
    times: list[str] | None = None,
    focus: frozenset[int] = frozenset(),
) -> list[str]:
    """Every broken hard rule and mentor clash of a set of placements, named; [] when the schedule is sound.

    `times` labels each time index ("09:00"); `focus` names the plans just moved, so that a message says who
    else is there ("X is the mentor of Y, who presents in Ruang 2 at 09:00") rather than listing everyone."""

    def at(index) -> str:
        return times[index] if times else str(index + 1)

    problems = []
    occupied = defaultdict(list)
    examiners_at: defaultdict[int, defaultdict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    mentors_at: defaultdict[int, defaultdict[int, list[tuple[PlanSpec, RoomSpec]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    participants_at: defaultdict[int, defaultdict[int, list[PlanSpec]]] = defaultdict(lambda: defaultdict(list))
    names = {member: name for room in rooms.values() for member, name, _unit in room.panel}
    for plan_id, (room_id, index) in placements.items():
        plan, room = plans[plan_id], rooms[room_id]
        occupied[room_id, index].append(plan)
        for examiner in room.examiners:
            examiners_at[index][examiner].append(room.name)
        if plan.mentor is not None:
            mentors_at[index][plan.mentor].append((plan, room))
        participants_at[index][plan.participant].append(plan)
        if conflict_of_interest(plan, room):
            problems.append(_conflict_of_interest(plan, room))
    for (room_id, index), taken in occupied.items():
        if len(taken) > 1:
            problems.append(
                _("%(room)s has two exposés at the same time (%(time)s): %(titles)s.")
                % {"room": rooms[room_id].name, "time": at(index), "titles": ", ".join(who(p) for p in taken)}
            )
    for index, present in examiners_at.items():
        for examiner, room_names in present.items():
            if len(set(room_names)) > 1:
                problems.append(
                    _("Examiner %(examiner)s would sit in two rooms at %(time)s: %(rooms)s.")
                    % {
                        "examiner": names.get(examiner, ""),
                        "time": at(index),
                        "rooms": ", ".join(sorted(set(room_names))),
                    }
                    if examiner in names
                    else _("An examiner would sit in two rooms at once: %(rooms)s.")
                    % {"rooms": ", ".join(sorted(set(room_names)))}
                )
    for by_participant in participants_at.values():
        for presenting in by_participant.values():
            if len(presenting) > 1:
                problems.append(
                    _("A participant would present twice at once: %(titles)s.")
                    % {"titles": ", ".join(who(p) for p in presenting)}
                )
    for index, by_mentor in mentors_at.items():
        for mentees in by_mentor.values():
            if len(mentees) > 1:
                problems += _mentor_clash(mentees, focus=focus, time=at(index))
    return problems


def _conflict_of_interest(plan: PlanSpec, room: RoomSpec) -> str:
    """A room whose panel has an examiner from the plan's work unit, naming them when the panel is known."""
    unit = normalise_unit(plan.unit)
    examiners = [name for _member, name, member_unit in room.panel if member_unit == unit]
    if examiners:
        return _("Examiner %(examiner)s in %(room)s comes from %(unit)s, the work unit of %(who)s.") % {
            "examiner": ", ".join(examiners),
            "room": room.name,
            "unit": plan.unit,
            "who": who(plan),
        }
    return _("An examiner in %(room)s comes from %(unit)s, the work unit of %(title)s.") % {
        "room": room.name,
        "unit": plan.unit,
        "title": plan.title,
    }


def _mentor_clash(taken: list[tuple[PlanSpec, RoomSpec]], *, focus: frozenset[int], time: str) -> list[str]:
    """Two or more mentees of one mentor at the same time: said once, or, for a plan just moved, who else is there."""
    moved = [(plan, room) for plan, room in taken if plan.id in focus]
    if not moved:
        return [
            _("%(mentor)s would have two mentees presenting at once: %(titles)s.")
            % {"mentor": taken[0][0].mentor_name, "titles": ", ".join(who(p) for p, _room in taken)}
        ]
    plan = moved[0][0]
    return [
        _("%(mentor)s is the mentor of %(other)s, who presents in %(room)s at %(time)s.")
        % {"mentor": plan.mentor_name, "other": who(other), "room": room.name, "time": time}
        for other, room in taken
        if other is not plan
    ]
