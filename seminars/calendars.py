"""The seminar in people's calendars: iCalendar files of exposés and breaks, and telling people of their schedule."""

import datetime
from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from core.links import absolute_url
from participants.models import Examiner, User
from participants.notifications import notify
from participants.rules import person_path

from .models import Seminar, Slot


def _uid(kind: str, *parts) -> str:
    # Stable for as long as the thing lasts: a rebuilt schedule updates the event in a calendar, never doubles it.
    host = urlsplit(settings.SITE_URL).hostname or "inovasi"
    return f"{kind}-{'-'.join(str(part) for part in parts)}@{host}"


def calendar_file(seminar: Seminar, slots, name: str) -> bytes:
    """An iCalendar file (RFC 5545) of exposés and of the seminar's breaks on each day: one event per exposé, its UID
    taken from the plan so that it survives a rebuilt schedule, each with DTSTAMP, the room and a link."""
    stamp = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Inovasi//Seminar//ID")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    agenda = absolute_url(reverse("seminars:agenda", args=[seminar.cohort.slug, seminar.stage]))
    for slot in slots:
        event = Event()
        event.add("uid", _uid("expose", seminar.pk, slot.plan_id))
        event.add("dtstamp", stamp)
        event.add("summary", f"{slot.plan.participant.user.full_name}: {slot.plan.title}")
        event.add("dtstart", slot.starts_at)
        event.add("dtend", slot.ends_at)
        event.add("location", f"{slot.room.name}, {seminar.venue}")
        event.add("url", agenda)
        calendar.add_component(event)
    zone = timezone.get_current_timezone()
    for pause in seminar.breaks.all():
        for day in seminar.days:
            event = Event()
            event.add("uid", _uid("break", seminar.pk, pause.pk, day.isoformat()))
            event.add("dtstamp", stamp)
            event.add("summary", pause.label)
            event.add("dtstart", datetime.datetime.combine(day, pause.start, tzinfo=zone))
            event.add("dtend", datetime.datetime.combine(day, pause.end, tzinfo=zone))
            event.add("location", seminar.venue)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    return calendar.to_ical()


def _when(slot: Slot) -> dict:
    """The time and room of an exposé; called inside the message, so the day is named in the person's language."""
    start = timezone.localtime(slot.starts_at)
    return {"date": date_format(start, "l, j F Y"), "time": f"{start:%H:%M}", "room": slot.room.name}


def _lines(slots) -> str:
    return "\n".join(
        f"{timezone.localtime(s.starts_at):%d-%m %H:%M} · {s.room.name} · {s.plan.participant.user.full_name}: "
        f"{s.plan.title}"
        for s in slots
    )


def tell_about_schedule(seminar: Seminar, *, plan_ids, rooms=(), changed: bool) -> int:
    """Tell each person whose exposés the schedule sets or changes: the participant (their time and room), their
    mentor, and the examiners of each panel concerned (`rooms` adds panels that lost an exposé). Each gets one
    notification, with the times, the rooms and an iCalendar file of everything that concerns them. Returns how
    many people were told."""
    own, mentees, panels, people, rooms_named = _concerned(seminar, set(plan_ids), set(rooms))
    cohort = seminar.cohort
    agenda = reverse("seminars:agenda", args=[cohort.slug, seminar.stage])
    told = set()
    for user_id, mine in own.items():
        # A function rather than a lambda (mypy cannot type a lambda's default argument); the default binds this
        # person's exposé.
        def own_message(first: Slot = mine[0]) -> str:
            return (
                _("Your exposé was moved: now on %(date)s at %(time)s in %(room)s.")
                if changed
                else _("Your exposé at the seminar is on %(date)s at %(time)s in %(room)s.")
            ) % _when(first)

        notify(
            people[user_id],
            own_message,
            cohort=cohort,
            url=agenda,
            detail=f"{seminar.title}, {seminar.venue}",
            calendar=calendar_file(seminar, mine, seminar.title).decode(),
        )
        told.add(user_id)
    for user_id, theirs in mentees.items():
        count = len(theirs)

        def mentor_message(count: int = count) -> str:
            return (
                _("The seminar schedule changed: the times and rooms of your %(count)d mentees.")
                if changed
                else _("The seminar schedule is set: the times and rooms of your %(count)d mentees.")
            ) % {"count": count}

        notify(
            people[user_id],
            mentor_message,
            cohort=cohort,
            url=agenda,
            detail=_lines(theirs),
            calendar=calendar_file(seminar, theirs, seminar.title).decode(),
        )
        told.add(user_id)
    for user_id, theirs in panels.items():
        facts = _panel_facts(theirs, room=rooms_named.get(user_id, ""))

        def panel_message(facts: dict = facts) -> str:
            return (
                _("The seminar schedule changed: your panel in %(room)s: %(count)d exposés, %(start)s–%(end)s.")
                if changed
                else _("The seminar schedule is set: your panel in %(room)s: %(count)d exposés, %(start)s–%(end)s.")
            ) % facts

        notify(
            people[user_id],
            panel_message,
            cohort=cohort,
            url=reverse("seminars:panel", args=[cohort.slug, seminar.stage]),
            detail=_lines(theirs),
            calendar=calendar_file(seminar, theirs, seminar.title).decode(),
        )
        told.add(user_id)
    return len(told)


def _concerned(
    seminar: Seminar, plan_ids: set[int], rooms: set[int]
) -> tuple[dict[int, list[Slot]], dict[int, list[Slot]], dict[int, list[Slot]], dict[int, User], dict[int, str]]:
    """Who the schedule of `plan_ids` concerns, with the exposés that concern each: their own (participants),
    their mentees' (mentors), their panel's (examiners of those rooms and of `rooms`); every person by id, and the
    room of a panel that no longer has an exposé."""
    slots = list(
        seminar.slots.select_related(
            person_path("owner", "plan__participant"),
            person_path("mentor", "plan__participant"),
            "room",
            "seminar__cohort",
        ).prefetch_related(
            Prefetch("room__panel__examiners", queryset=Examiner.objects.select_related("user")),
        )
    )
    rooms = rooms | {slot.room_id for slot in slots if slot.plan_id in plan_ids}
    mentors = {slot.plan.participant.mentor_id for slot in slots if slot.plan_id in plan_ids} - {None}
    own: defaultdict[int, list[Slot]] = defaultdict(list)
    mentees: defaultdict[int, list[Slot]] = defaultdict(list)
    panels: defaultdict[int, list[Slot]] = defaultdict(list)
    people: dict[int, User] = {}
    for slot in slots:
        participant = slot.plan.participant
        if slot.plan_id in plan_ids:
            own[participant.user_id].append(slot)
            people[participant.user_id] = participant.user
        if participant.mentor_id in mentors:
            mentees[participant.mentor.user_id].append(slot)
            people[participant.mentor.user_id] = participant.mentor.user
        if slot.room_id in rooms and hasattr(slot.room, "panel"):
            for examiner in slot.room.panel.examiners.all():
                panels[examiner.user_id].append(slot)
                people[examiner.user_id] = examiner.user
    # A panel that lost its last exposé still hears of it.
    rooms_named: dict[int, str] = {}
    for room in seminar.rooms.filter(pk__in=rooms).prefetch_related(person_path("examiner", "panel__examiners")):
        for examiner in room.panel.examiners.all() if hasattr(room, "panel") else []:
            panels.setdefault(examiner.user_id, [])
            people[examiner.user_id] = examiner.user
            rooms_named.setdefault(examiner.user_id, room.name)
    return own, mentees, panels, people, rooms_named


def _panel_facts(theirs, *, room: str) -> dict:
    """A panel's room, number of exposés and hours, as its examiners are told them."""
    if not theirs:
        return {"room": room, "count": 0, "start": "—", "end": "—"}
    first, last = timezone.localtime(theirs[0].starts_at), timezone.localtime(theirs[-1].ends_at)
    return {"room": theirs[0].room.name, "count": len(theirs), "start": f"{first:%H:%M}", "end": f"{last:%H:%M}"}
