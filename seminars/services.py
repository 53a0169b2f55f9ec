"""Writes of the seminar: the schedule and changes to it."""

import datetime
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.editing import EditConflict, bump, check_fresh
from innovations import consultations, workflow
from innovations.models import ActionPlan
from participants.audit import Verb, record
from participants.models import Cohort, User
from participants.rules import person_path

from .calendars import tell_about_schedule
from .eligibility import ready_for
from .models import Panel, Room, Seminar, Slot
from .scheduling import PlanSpec, RoomSpec, Schedule, build_schedule, clashes, normalise_unit
from .scoring import require_unpublished


@transaction.atomic
def save_setup(cohort: Cohort, *, form, breaks, rooms, version: int, by: User) -> Seminar:
    """Save the set-up page (valid forms: the seminar's days and hours, its breaks, its rooms and their panels).

    A first save locks the cohort's row, so two first saves make one seminar, not two; later saves lock the
    seminar's row and compare `version`, the one the page was opened at. Raises core.editing.EditConflict for
    an older copy; nothing is written then. One audit event.
    """
    seminar = form.save(commit=False)
    if seminar.pk is None:
        Cohort.objects.select_for_update().get(pk=cohort.pk)
        if cohort.seminars.filter(stage=seminar.stage).exists():
            raise EditConflict
        seminar.save()
    else:
        current = Seminar.objects.select_for_update(of=("self",)).get(pk=seminar.pk)
        check_fresh(current, version=version)
        seminar.version = current.version
        # Only what the page edits: the results' state, changed elsewhere meanwhile, is left as it is.
        seminar.save(update_fields=[*form.Meta.fields, *bump(seminar)])
    breaks.instance = rooms.instance = seminar
    breaks.save()
    rooms.save()
    for room_form in rooms.forms:
        if room_form.instance.pk and not room_form.cleaned_data.get("DELETE"):
            panel, _created = Panel.objects.get_or_create(room=room_form.instance)
            panel.examiners.set(room_form.cleaned_data.get("examiners", []))
    record(Verb.SEMINAR_EDIT, cohort=cohort, actor=by, target=seminar)
    return seminar


def seminar_times(seminar: Seminar) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """Every exposé slot of every seminar day, skipping the breaks, as aware datetimes."""
    zone = timezone.get_current_timezone()
    step = datetime.timedelta(minutes=seminar.slot_minutes)
    breaks = list(seminar.breaks.all())
    times = []
    for day in seminar.days:
        start = datetime.datetime.combine(day, seminar.day_start, tzinfo=zone)
        day_end = datetime.datetime.combine(day, seminar.day_end, tzinfo=zone)
        while start + step <= day_end:
            end = start + step
            pause = next(
                (
                    b
                    for b in breaks
                    if start < datetime.datetime.combine(day, b.end, tzinfo=zone)
                    and end > datetime.datetime.combine(day, b.start, tzinfo=zone)
                ),
                None,
            )
            if pause is None:
                times.append((start, end))
                start = end
            else:
                start = datetime.datetime.combine(day, pause.end, tzinfo=zone)
    return times


def schedule_grid(seminar: Seminar):
    """The schedule's rooms, its rows (start, end, [slot or None for each room]) and its slots by (room, start)."""
    rooms = list(seminar.rooms.all())
    slots = {
        (slot.room_id, slot.starts_at): slot
        for slot in seminar.slots.select_related(person_path("owner", "plan__participant"), "plan__cluster", "room")
    }
    rows = []
    for start, end in seminar_times(seminar):
        cells = [slots.get((room.pk, start)) for room in rooms]
        rows.append((start, end, cells))
    return rooms, rows, slots


def _to_the_last_expose(rows) -> list:
    """Each day's rows up to its last exposé: the empty hours after it are not printed."""
    last = {}
    for index, (start, _end, cells) in enumerate(rows):
        if any(cells):
            last[timezone.localtime(start).date()] = index
    return [row for index, row in enumerate(rows) if index <= last.get(timezone.localtime(row[0]).date(), -1)]


def agenda_of(seminar: Seminar) -> dict:
    """Every exposé by room and time, with each room's panel: what the agenda page and its PDF show."""
    rooms, rows, _slots = schedule_grid(seminar)
    rows = _to_the_last_expose(rows)
    panels = {
        room.pk: [e.user.full_name for e in room.panel.examiners.all()] if hasattr(room, "panel") else []
        for room in seminar.rooms.prefetch_related(person_path("examiner", "panel__examiners"))
    }
    return {
        "rooms": rooms,
        "rows": rows,
        "panels": [panels.get(room.pk, []) for room in rooms],
        "breaks": list(seminar.breaks.all()),
    }


def schedulable_plans(seminar: Seminar):
    """The plans that go to the seminar (seminars.eligibility), with what scheduling them reads."""
    return (
        ready_for(seminar)
        .select_related("cluster", person_path("owner", "participant"), person_path("mentor", "participant"))
        .order_by("cluster__order", "participant__roll_number")
    )


def ready_plans(seminar: Seminar) -> tuple[list[ActionPlan], dict[int, tuple[str, str]]]:
    """The schedulable plans ready for the seminar, and {plan id: (who, why not)} for those short of the confirmed
    consultations the cohort's programme asks for before it (innovations.consultations)."""
    plans = list(schedulable_plans(seminar))
    short = consultations.shortfalls(plans, spec=seminar.cohort.programme_spec, stage=seminar.stage)
    reasons = {
        plan.pk: (f"{plan.participant.user.full_name} ({plan.title})", short[plan.pk].reason())
        for plan in plans
        if plan.pk in short
    }
    return [plan for plan in plans if plan.pk not in short], reasons


def _specs(seminar: Seminar, plans) -> tuple[list[PlanSpec], list[RoomSpec]]:
    plan_specs = [
        PlanSpec(
            id=plan.pk,
            title=plan.title,
            cluster=plan.cluster.name if plan.cluster else "",
            participant=plan.participant_id,
            mentor=plan.participant.mentor_id,
            mentor_name=plan.participant.mentor.user.full_name if plan.participant.mentor else "",
            unit=plan.participant.work_unit,
            person=plan.participant.user.full_name,
        )
        for plan in plans
    ]
    room_specs = []
    for room in seminar.rooms.prefetch_related(person_path("examiner", "panel__examiners")):
        examiners = list(room.panel.examiners.all()) if hasattr(room, "panel") else []
        room_specs.append(
            RoomSpec(
                id=room.pk,
                name=room.name,
                examiners=frozenset(e.pk for e in examiners),
                examiner_units=frozenset(normalise_unit(e.institution) for e in examiners if e.institution),
                panel=tuple((e.pk, e.user.full_name, normalise_unit(e.institution)) for e in examiners),
            )
        )
    return plan_specs, room_specs


def _without_panel(rooms: list[RoomSpec]) -> list[str]:
    """The rooms nobody would score in, named: exposés are placed there, but their sheets wait for a panel."""
    empty = [room.name for room in rooms if not room.examiners]
    if rooms and len(empty) == len(rooms):
        return [
            _(
                "This seminar has no panel yet: choose each room's examiners on the set-up page, or no exposé can be "
                "scored."
            )
        ]
    return [
        _("%(room)s has no panel yet: choose its examiners on the set-up page, or its exposés cannot be scored.")
        % {"room": name}
        for name in empty
    ]


def mentors_away(seminar: Seminar, slots: list[Slot]) -> list[str]:
    """For a seminar the cohort's programme holds only with the participant's mentor (`mentor_required`): each
    exposé whose mentor cannot be there, in words: the participant has no mentor, or their mentor has another mentee
    presenting at the same time. A warning on the schedule page; the schedule stands."""
    judged = seminar.cohort.programme_spec.stage(seminar.stage)
    if not slots or judged is None or judged.seminar is None or not judged.seminar.mentor_required:
        return []
    mentor_of = {
        pk: (mentor, name)
        for pk, mentor, name in Slot.objects.filter(pk__in=[slot.pk for slot in slots]).values_list(
            "pk", person_path("mentor", "plan__participant"), person_path("mentor", "plan__participant", "full_name")
        )
    }
    at_once = Counter((slot.starts_at, mentor_of[slot.pk][0]) for slot in slots if mentor_of[slot.pk][0])
    warnings = []
    for slot in slots:
        mentor, name = mentor_of[slot.pk]
        who = f"{slot.plan.participant.user.full_name} ({slot.plan.title})"
        if mentor is None:
            warnings.append(_("%(who)s has no mentor, and this seminar is held with the mentor.") % {"who": who})
        elif at_once[slot.starts_at, mentor] > 1:
            warnings.append(
                _("%(mentor)s, the mentor of %(who)s, has another mentee presenting at the same time.")
                % {"mentor": name, "who": who}
            )
    return warnings


def hand_placements(seminar: Seminar) -> int:
    """How many exposés were moved or swapped by hand since the schedule was built and are not pinned: what a
    rebuild would discard."""
    return seminar.slots.filter(placed_by_hand=True, pinned=False).count()


@transaction.atomic
def schedule_seminar(seminar: Seminar, *, by: User | None) -> Schedule:
    """Place every approved plan of the cohort, replacing the previous schedule. Returns what could not be met.

    Pinned exposés stay where they are, if the rules still allow it (their room and time still exist, no examiner
    of their panel comes from their work unit); the rest is placed around them. A pin that no longer holds is let
    go, and the returned problems say so. Audited, with how many hand placements were discarded.
    """
    seminar = Seminar.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=seminar.pk)
    times = seminar_times(seminar)
    index_of = {start: index for index, (start, _end) in enumerate(times)}
    plans, short = ready_plans(seminar)
    plan_specs, room_specs = _specs(seminar, plans)
    slots = list(seminar.slots.all())
    pins = {
        slot.plan_id: (slot.room_id, index_of.get(slot.starts_at, -1))
        for slot in slots
        if slot.pinned and slot.plan_id not in short
    }
    schedule = build_schedule(plan_specs, room_specs, len(times), fixed=pins)
    schedule.problems += _without_panel(room_specs)
    schedule.problems += [
        _("%(who)s is not scheduled: %(reason)s.") % {"who": who, "reason": reason} for who, reason in short.values()
    ]
    kept = {slot.pk for slot in slots if slot.pinned and schedule.placements.get(slot.plan_id) == pins[slot.plan_id]}
    discarded = sum(1 for slot in slots if slot.placed_by_hand and slot.pk not in kept)
    before = {slot.plan_id: (slot.room_id, slot.starts_at) for slot in slots}
    seminar.slots.exclude(pk__in=kept).delete()
    kept_plans = {slot.plan_id for slot in slots if slot.pk in kept}
    Slot.objects.bulk_create(
        Slot(seminar=seminar, room_id=room_id, plan_id=plan_id, starts_at=times[index][0], ends_at=times[index][1])
        for plan_id, (room_id, index) in schedule.placements.items()
        if plan_id not in kept_plans
    )
    record(
        Verb.SCHEDULE_BUILD,
        cohort=seminar.cohort,
        actor=by,
        target=seminar,
        data={
            "placed": len(schedule.placements),
            "problems": len(schedule.problems),
            "pinned": len(kept),
            "discarded": discarded,
        },
    )
    after = {plan_id: (room_id, times[index][0]) for plan_id, (room_id, index) in schedule.placements.items()}
    moved = {plan_id for plan_id, place in after.items() if before.get(plan_id) != place}
    left = {room_id for plan_id, (room_id, _start) in before.items() if after.get(plan_id) != (room_id, _start)}
    tell_about_schedule(seminar, plan_ids=moved, rooms=left, changed=bool(before))
    return schedule


def _time_labels(seminar: Seminar, times) -> list[str]:
    """Each exposé time as a message names it: its hour, and its day too when the seminar has several."""
    shape = "%d-%m %H:%M" if len(seminar.days) > 1 else "%H:%M"
    return [f"{timezone.localtime(start):{shape}}" for start, _end in times]


def _check(seminar: Seminar, placements: dict[int, tuple[int, int]], *, times, moved) -> None:
    plans = ActionPlan.objects.filter(pk__in=placements).select_related(
        "cluster", person_path("owner", "participant"), person_path("mentor", "participant")
    )
    plan_specs, room_specs = _specs(seminar, plans)
    problems = clashes(
        placements,
        {p.id: p for p in plan_specs},
        {r.id: r for r in room_specs},
        times=_time_labels(seminar, times),
        focus=frozenset(moved),
    )
    if problems:
        raise ValidationError(problems)


def _placements(seminar: Seminar, times) -> dict[int, tuple[int, int]]:
    index_of = {start: index for index, (start, _end) in enumerate(times)}
    return {slot.plan_id: (slot.room_id, index_of[slot.starts_at]) for slot in seminar.slots.all()}


def _current_slot(slot: Slot, seminar: Seminar) -> Slot:
    """The exposé as it stands under the seminar's lock, which every change of the schedule takes: a rebuild that
    ran while this change waited for the lock replaced it, and the change is refused rather than lost or crashed."""
    current = Slot.objects.filter(pk=slot.pk, seminar=seminar).select_related("plan", "room").first()
    if current is None:
        raise ValidationError(_("That exposé is no longer in the schedule: it was rebuilt meanwhile. Reload the page."))
    return current


@transaction.atomic
def move_slot(slot: Slot, *, room: Room, starts_at: datetime.datetime, by: User) -> Slot:
    """Move one exposé to another room or time; refused, with the clash named, if it breaks a rule."""
    seminar = Seminar.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=slot.seminar_id)
    slot = _current_slot(slot, seminar)
    times = seminar_times(seminar)
    index = next((i for i, (start, _end) in enumerate(times) if start == starts_at), None)
    if index is None or room.seminar_id != seminar.pk:
        raise ValidationError(_("That is not a time or room of this seminar."))
    placements = _placements(seminar, times)
    placements[slot.plan_id] = (room.pk, index)
    _check(seminar, placements, times=times, moved=[slot.plan_id])
    before, old_room = f"{slot.room} {timezone.localtime(slot.starts_at):%d-%m %H:%M}", slot.room_id
    slot.room, slot.starts_at, slot.ends_at = room, times[index][0], times[index][1]
    slot.placed_by_hand = True
    slot.save(update_fields=["room", "starts_at", "ends_at", "placed_by_hand"])
    after = f"{room} {timezone.localtime(slot.starts_at):%d-%m %H:%M}"
    record(Verb.SLOT_MOVE, cohort=seminar.cohort, actor=by, target=slot.plan, data={"from": before, "to": after})
    tell_about_schedule(seminar, plan_ids=[slot.plan_id], rooms=[old_room], changed=True)
    return slot


@transaction.atomic
def swap_slots(first: Slot, second: Slot, *, by: User) -> None:
    """Exchange the rooms and times of two exposés, if the result breaks no rule."""
    seminar = Seminar.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=first.seminar_id)
    if second.seminar_id != seminar.pk:
        raise ValidationError(_("Both exposés must belong to the same seminar."))
    first, second = _current_slot(first, seminar), _current_slot(second, seminar)
    times = seminar_times(seminar)
    placements = _placements(seminar, times)
    placements[first.plan_id], placements[second.plan_id] = placements[second.plan_id], placements[first.plan_id]
    _check(seminar, placements, times=times, moved=[first.plan_id, second.plan_id])
    # Park one slot first: (room, starts_at) is unique.
    first_place = (first.room_id, first.starts_at, first.ends_at)
    Slot.objects.filter(pk=first.pk).update(starts_at=first.starts_at - datetime.timedelta(days=36500))
    Slot.objects.filter(pk=second.pk).update(
        room_id=first_place[0], starts_at=first_place[1], ends_at=first_place[2], placed_by_hand=True
    )
    Slot.objects.filter(pk=first.pk).update(
        room_id=second.room_id, starts_at=second.starts_at, ends_at=second.ends_at, placed_by_hand=True
    )
    record(
        Verb.SLOT_SWAP,
        cohort=seminar.cohort,
        actor=by,
        target=seminar,
        data={"first": first.plan.title, "second": second.plan.title},
    )
    tell_about_schedule(
        seminar, plan_ids=[first.plan_id, second.plan_id], rooms=[first.room_id, second.room_id], changed=True
    )


@transaction.atomic
def pin_slot(slot: Slot, *, pinned: bool, by: User) -> Slot:
    """Pin an exposé where it is, so that a rebuild of the schedule keeps it, or unpin it. Takes the seminar's row
    lock, as a rebuild does, so a pin never lands on a slot that a rebuild is replacing. Audited."""
    seminar = Seminar.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=slot.seminar_id)
    current = _current_slot(slot, seminar)
    if current.pinned == pinned:
        return current
    current.pinned = pinned
    current.save(update_fields=["pinned"])
    record(
        Verb.SLOT_PIN if pinned else Verb.SLOT_UNPIN,
        cohort=seminar.cohort,
        actor=by,
        target=current.plan,
        data={"place": f"{current.room} {timezone.localtime(current.starts_at):%d-%m %H:%M}"},
    )
    return current


@workflow.on_withdrawal
def take_off_schedule(plan: ActionPlan, by: User) -> None:
    """A withdrawn plan leaves the schedule: its exposé slot is freed, and its panel is told. Its score sheets stay
    in its history; the results skip it. Refused while the results are published: they, and their numbered
    minutes, would change under their number. At each of the cohort's seminars where the plan is scheduled."""
    slots = list(Slot.objects.filter(plan=plan).select_related("seminar__cohort"))
    for slot in slots:
        require_unpublished(slot.seminar, what=_("withdrawing “%(title)s”") % {"title": plan.title})
    for slot in slots:
        seminar, room_id = slot.seminar, slot.room_id
        slot.delete()
        tell_about_schedule(seminar, plan_ids=[], rooms=[room_id], changed=True)
