"""The seminar in people's calendars, and the people told of their schedule."""

import datetime

import pytest
from django.core import mail
from icalendar import Calendar

from participants.models import Notification
from seminars.calendars import calendar_file
from seminars.services import move_slot, schedule_seminar, seminar_times
from tests.seminars.test_schedule_views import approved, rooms, seminar  # noqa: F401 - the shared fixtures

pytestmark = pytest.mark.django_db


def events(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


def test_calendar_events_carry_dtstamp_stable_uids_and_the_breaks(seminar, rooms, settings):
    settings.SITE_URL = "https://inovasi.medan.go.id"
    plan, _other = approved(seminar.cohort, 2)
    schedule_seminar(seminar, by=None)
    first = [str(e["uid"]) for e in events(calendar_file(seminar, seminar.slots.all(), "x"))]

    schedule_seminar(seminar, by=None)  # the slots are made anew
    again = events(calendar_file(seminar, seminar.slots.all(), "x"))

    assert sorted(str(e["uid"]) for e in again) == sorted(first)
    assert f"expose-{seminar.pk}-{plan.pk}@inovasi.medan.go.id" in first
    assert all("dtstamp" in e for e in again)
    [pause] = [e for e in again if str(e["uid"]).startswith("break-")]
    assert (str(pause["summary"]), pause.decoded("dtstart").time()) == ("Rehat", datetime.time(9, 0))
    assert str(again[0]["url"]) == f"https://inovasi.medan.go.id/cohorts/{seminar.cohort.slug}/seminar/agenda/"


def test_building_the_schedule_tells_participants_mentors_and_panels_with_an_ics(
    seminar, rooms, django_capture_on_commit_callbacks
):
    plan = approved(seminar.cohort, 1)[0]

    with django_capture_on_commit_callbacks(execute=True):
        schedule_seminar(seminar, by=None)

    slot = plan.slot
    told = {n.user_id: n for n in Notification.objects.all()}
    examiner = slot.room.panel.examiners.get().user
    assert set(told) == {plan.participant.user_id, plan.participant.mentor.user_id, examiner.pk}
    start = f"{slot.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=7))):%H:%M}"
    mine = told[plan.participant.user_id]
    assert mine.message == f"Ekspose Anda pada seminar: Senin, 21 Agustus 2017 pukul {start} di {slot.room.name}."
    assert (
        mine.texts["en"] == f"Your exposé at the seminar is on Monday, 21 August 2017 at {start} in {slot.room.name}."
    )
    assert mine.cohort == seminar.cohort
    [message] = [m for m in mail.outbox if m.to == [plan.participant.user.email]]
    [(name, ics, kind)] = message.attachments
    assert (name, kind.split(";")[0]) == ("jadwal-seminar.ics", "text/calendar")
    assert [str(e["summary"]) for e in events(ics.encode()) if str(e["uid"]).startswith("expose-")] == [
        f"{plan.participant.user.full_name}: {plan.title}"
    ]
    assert seminar.cohort.name in message.body


def test_a_rebuild_tells_only_those_whose_exposé_moved(seminar, rooms):
    approved(seminar.cohort, 2)
    schedule_seminar(seminar, by=None)
    Notification.objects.all().delete()

    schedule_seminar(seminar, by=None)

    assert Notification.objects.count() == 0


def test_moving_an_exposé_tells_its_participant_mentor_and_both_panels(seminar, rooms):
    plan = approved(seminar.cohort, 1)[0]
    schedule_seminar(seminar, by=None)
    Notification.objects.all().delete()
    slot = plan.slot
    other_room = next(room for room in rooms if room.pk != slot.room_id)
    later = seminar_times(seminar)[2][0]

    move_slot(slot, room=other_room, starts_at=later, by=None)

    told = set(Notification.objects.values_list("user", flat=True))
    panels = {e.user_id for room in rooms for e in room.panel.examiners.all()}
    assert told == {plan.participant.user_id, plan.participant.mentor.user_id} | panels
    mine = Notification.objects.get(user=plan.participant.user)
    assert mine.texts["en"].startswith("Your exposé was moved: now on Monday, 21 August 2017 at 08:40")
    assert f"in {other_room.name}" in mine.texts["en"]
