import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from participants.models import Notification
from seminars.calendars import calendar_file
from seminars.models import Break, Slot
from seminars.services import move_slot, schedule_seminar, seminar_times, swap_slots
from tests.factories import (
    ActionPlanFactory,
    CohortFactory,
    ExaminerFactory,
    PanelFactory,
    ParticipantFactory,
    RoomFactory,
    SeminarFactory,
    UserFactory,
)


@pytest.fixture
def seminar(cohort):
    seminar = SeminarFactory(
        cohort=cohort, day_start=datetime.time(8, 0), day_end=datetime.time(10, 0), slot_minutes=20
    )
    Break.objects.create(seminar=seminar, label="Rehat", start=datetime.time(9, 0), end=datetime.time(9, 20))
    return seminar


@pytest.fixture
def rooms(seminar):
    first = PanelFactory(
        room__seminar=seminar, room__name="Ruang Deli", examiners=[ExaminerFactory(cohort=seminar.cohort)]
    )
    second = PanelFactory(
        room__seminar=seminar,
        room__name="Ruang Kanaya",
        examiners=[
            ExaminerFactory(cohort=seminar.cohort, institution="Kelurahan Darat", user__full_name="Dra. Sari Dewi")
        ],
    )
    return first.room, second.room


def approved(cohort, count, **kwargs):
    return ActionPlanFactory.create_batch(count, participant__cohort=cohort, state="approved", **kwargs)


def test_seminar_times_skip_the_breaks(seminar):
    times = [(start.strftime("%H:%M"), end.strftime("%H:%M")) for start, end in seminar_times(seminar)]

    assert times == [("08:00", "08:20"), ("08:20", "08:40"), ("08:40", "09:00"), ("09:20", "09:40"), ("09:40", "10:00")]


def test_seminar_times_cover_every_day_of_a_long_seminar(seminar):
    seminar.end_date = seminar.date + datetime.timedelta(days=1)

    assert len(seminar_times(seminar)) == 10


def test_schedule_places_only_approved_plans_and_keeps_conflicts_apart(seminar, rooms):
    plans = approved(seminar.cohort, 4)
    darat = ActionPlanFactory(
        participant__cohort=seminar.cohort, participant__work_unit="Kelurahan  Darat", state="approved"
    )
    ActionPlanFactory(participant__cohort=seminar.cohort, state="draft")

    result = schedule_seminar(seminar, by=None)

    assert set(Slot.objects.values_list("plan_id", flat=True)) == {p.pk for p in [*plans, darat]}
    assert Slot.objects.get(plan=darat).room == rooms[0]
    assert [p for p in result.problems if "not placed" in p] == []


def test_schedule_rebuilt_replaces_the_old_one(seminar, rooms):
    approved(seminar.cohort, 2)
    schedule_seminar(seminar, by=None)

    schedule_seminar(seminar, by=None)

    assert Slot.objects.count() == 2


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_schedule_page_builds_and_shows_the_grid(staff_client, seminar, rooms):
    plan = approved(seminar.cohort, 1, title="Arsip Rapi")[0]

    staff_client.post(reverse("seminars:schedule_build", args=[seminar.cohort.slug]))
    response = staff_client.get(reverse("seminars:schedule", args=[seminar.cohort.slug]))

    body = response.content.decode()
    assert "Arsip Rapi" in body
    assert Slot.objects.get().plan == plan


def test_slot_move_into_a_conflict_of_interest_is_refused_with_the_reason(staff_client, seminar, rooms):
    plan = ActionPlanFactory(
        participant__cohort=seminar.cohort,
        participant__work_unit="Kelurahan Darat",
        participant__user__full_name="Budi Hartono",
        state="approved",
        title="Arsip Rapi",
    )
    schedule_seminar(seminar, by=None)
    slot = Slot.objects.get(plan=plan)
    start = seminar_times(seminar)[1][0]

    response = staff_client.post(
        reverse("seminars:slot_move", args=[seminar.cohort.slug]),
        {"slot": slot.pk, "room": rooms[1].pk, "starts_at": start.isoformat()},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Not moved: Examiner Dra. Sari Dewi in Ruang Kanaya comes from Kelurahan Darat, "
        "the work unit of Budi Hartono (Arsip Rapi)."
    ]
    slot.refresh_from_db()
    assert slot.room == rooms[0]


def test_slot_move_onto_a_taken_time_is_refused(staff_client, seminar, rooms):
    first, second = approved(seminar.cohort, 2)
    schedule_seminar(seminar, by=None)
    a, b = Slot.objects.get(plan=first), Slot.objects.get(plan=second)

    response = staff_client.post(
        reverse("seminars:slot_move", args=[seminar.cohort.slug]),
        {
            "slot": a.pk,
            "room": b.room_id,
            "starts_at": b.starts_at.astimezone(seminar_times(seminar)[0][0].tzinfo).isoformat(),
        },
        follow=True,
    )

    assert "has two exposés at the same time" in response.content.decode()
    a.refresh_from_db()
    assert a.room_id != b.room_id or a.starts_at != b.starts_at


def test_slot_move_to_a_free_time_works(staff_client, seminar, rooms):
    plan = approved(seminar.cohort, 1)[0]
    schedule_seminar(seminar, by=None)
    slot = Slot.objects.get(plan=plan)
    last = seminar_times(seminar)[-1][0]

    staff_client.post(
        reverse("seminars:slot_move", args=[seminar.cohort.slug]),
        {"slot": slot.pk, "room": rooms[1].pk, "starts_at": last.isoformat()},
    )

    slot.refresh_from_db()
    assert (slot.room, slot.starts_at) == (rooms[1], last)


def test_slot_swap_exchanges_two_exposés(staff_client, seminar, rooms):
    first, second = approved(seminar.cohort, 2)
    schedule_seminar(seminar, by=None)
    a, b = Slot.objects.get(plan=first), Slot.objects.get(plan=second)
    before = {(a.room_id, a.starts_at), (b.room_id, b.starts_at)}
    before_b = (b.room_id, b.starts_at)

    staff_client.post(reverse("seminars:slot_swap", args=[seminar.cohort.slug]), {"slot": a.pk, "other": b.pk})

    a.refresh_from_db()
    b.refresh_from_db()
    assert {(a.room_id, a.starts_at), (b.room_id, b.starts_at)} == before
    assert (a.room_id, a.starts_at) == before_b


def test_a_move_or_swap_of_an_exposé_the_schedule_rebuild_just_replaced_is_told_not_a_crash(seminar, rooms, staff_user):
    first, second = approved(seminar.cohort, 2)
    schedule_seminar(seminar, by=None)
    a, b = Slot.objects.get(plan=first), Slot.objects.get(plan=second)  # as the page showed them
    schedule_seminar(seminar, by=None)  # another organiser rebuilt it meanwhile: new slots
    last = seminar_times(seminar)[-1][0]

    with pytest.raises(ValidationError) as moved:
        move_slot(a, room=rooms[1], starts_at=last, by=staff_user)
    with pytest.raises(ValidationError) as swapped:
        swap_slots(a, b, by=staff_user)

    gone = ["That exposé is no longer in the schedule: it was rebuilt meanwhile. Reload the page."]
    assert (moved.value.messages, swapped.value.messages) == (gone, gone)


def test_slot_swap_that_puts_two_mentees_at_once_is_refused(staff_client, seminar, rooms):
    mentee = ParticipantFactory(
        cohort=seminar.cohort, user__full_name="Rina Sari", mentor__user__full_name="Dra. Hj. Nur"
    )
    other_mentee = ParticipantFactory(
        cohort=seminar.cohort, mentor=mentee.mentor, kecamatan=mentee.kecamatan, user__full_name="Andi Lubis"
    )
    (t0, e0), (t1, e1) = seminar_times(seminar)[:2]
    deli, kanaya = rooms

    def place(plan, room, start, end):
        return Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)

    first = place(ActionPlanFactory(participant=mentee, state="approved"), deli, t0, e0)
    third = place(approved(seminar.cohort, 1)[0], deli, t1, e1)
    place(ActionPlanFactory(participant=other_mentee, state="approved", title="Pojok Baca"), kanaya, t1, e1)

    response = staff_client.post(
        reverse("seminars:slot_swap", args=[seminar.cohort.slug]), {"slot": first.pk, "other": third.pk}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Not swapped: Dra. Hj. Nur is the mentor of Andi Lubis (Pojok Baca), who presents in Ruang Kanaya at 08:20."
    ]
    first.refresh_from_db()
    assert first.starts_at == t0


def test_agenda_is_for_the_cohorts_people_only(client, seminar, rooms):
    plan = approved(seminar.cohort, 1, title="Arsip Rapi")[0]
    schedule_seminar(seminar, by=None)
    url = reverse("seminars:agenda", args=[seminar.cohort.slug])

    client.force_login(plan.participant.user)
    assert "Arsip Rapi" in client.get(url).content.decode()
    client.force_login(ParticipantFactory().user)
    assert client.get(url).status_code == 404


def test_calendar_mine_has_only_the_persons_exposés(client, seminar, rooms):
    mine, other = approved(seminar.cohort, 2)
    schedule_seminar(seminar, by=None)
    client.force_login(mine.participant.user)

    response = client.get(reverse("seminars:calendar_mine", args=[seminar.cohort.slug]))

    events = [e for e in Calendar.from_ical(response.content).walk("VEVENT") if str(e["uid"]).startswith("expose-")]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert [str(e["summary"]) for e in events] == [f"{mine.participant.user.full_name}: {mine.title}"]


def test_calendar_all_lists_every_exposé_with_room_and_time(client, seminar, rooms, staff_user):
    approved(seminar.cohort, 3)
    schedule_seminar(seminar, by=None)
    client.force_login(staff_user)

    events = Calendar.from_ical(client.get(reverse("seminars:calendar_all", args=[seminar.cohort.slug])).content).walk(
        "VEVENT"
    )
    events = [e for e in events if str(e["uid"]).startswith("expose-")]

    assert len(events) == 3
    assert {e.decoded("dtstart") for e in events} <= {start for start, _end in seminar_times(seminar)}


def test_seminar_setup_saves_rooms_panels_and_breaks(staff_client, seminar):
    examiner = ExaminerFactory(cohort=seminar.cohort)
    data = {
        "title": "Seminar",
        "date": "2017-08-21",
        "end_date": "",
        "venue": "Hotel Grand Kanaya",
        "day_start": "08:00",
        "day_end": "16:00",
        "slot_minutes": "20",
        "version": seminar.version,
        "breaks-TOTAL_FORMS": "1",
        "breaks-INITIAL_FORMS": "1",
        "breaks-MIN_NUM_FORMS": "0",
        "breaks-MAX_NUM_FORMS": "9",
        "breaks-0-id": seminar.breaks.get().pk,
        "breaks-0-label": "Ishoma",
        "breaks-0-start": "12:00",
        "breaks-0-end": "13:00",
        "rooms-TOTAL_FORMS": "1",
        "rooms-INITIAL_FORMS": "0",
        "rooms-MIN_NUM_FORMS": "0",
        "rooms-MAX_NUM_FORMS": "99",
        "rooms-0-name": "Ruang Deli",
        "rooms-0-order": "1",
        "rooms-0-examiners": [examiner.pk],
    }

    response = staff_client.post(reverse("seminars:setup", args=[seminar.cohort.slug]), data)

    assert response.status_code == 302
    room = seminar.rooms.get()
    assert (room.name, list(room.panel.examiners.all())) == ("Ruang Deli", [examiner])
    assert str(seminar.breaks.get()) == "Ishoma 12:00–13:00"


def test_seminar_setup_refuses_an_examiner_on_two_panels(staff_client, seminar):
    examiner = ExaminerFactory(cohort=seminar.cohort)
    data = {
        "title": "Seminar",
        "date": "2017-08-21",
        "venue": "Kanaya",
        "day_start": "08:00",
        "day_end": "16:00",
        "slot_minutes": "20",
        "version": seminar.version,
        "breaks-TOTAL_FORMS": "0",
        "breaks-INITIAL_FORMS": "0",
        "breaks-MIN_NUM_FORMS": "0",
        "breaks-MAX_NUM_FORMS": "9",
        "rooms-TOTAL_FORMS": "2",
        "rooms-INITIAL_FORMS": "0",
        "rooms-MIN_NUM_FORMS": "0",
        "rooms-MAX_NUM_FORMS": "99",
        "rooms-0-name": "A",
        "rooms-0-order": "1",
        "rooms-0-examiners": [examiner.pk],
        "rooms-1-name": "B",
        "rooms-1-order": "2",
        "rooms-1-examiners": [examiner.pk],
    }
    seminar.breaks.all().delete()

    response = staff_client.post(reverse("seminars:setup", args=[seminar.cohort.slug]), data)

    assert "sits on two panels" in response.content.decode()
    assert seminar.rooms.count() == 0


def test_seminar_pages_are_404_for_outsiders_and_send_anonymous_to_sign_in(client, seminar, rooms):
    approved(seminar.cohort, 1)
    schedule_seminar(seminar, by=None)
    slot = Slot.objects.get()
    slug = seminar.cohort.slug
    staff_only = [
        ("get", reverse("seminars:setup", args=[slug])),
        ("get", reverse("seminars:schedule", args=[slug])),
        ("post", reverse("seminars:schedule_build", args=[slug])),
        ("post", reverse("seminars:slot_move", args=[slug])),
        ("post", reverse("seminars:slot_swap", args=[slug])),
    ]
    members = [
        ("get", reverse("seminars:agenda", args=[slug])),
        ("get", reverse("seminars:calendar_all", args=[slug])),
        ("get", reverse("seminars:calendar_mine", args=[slug])),
    ]
    for method, url in staff_only + members:
        assert getattr(client, method)(url).url.startswith(reverse("participants:login")), url

    other_staff = UserFactory(is_staff=True)
    CohortFactory().organisation.staff_members.add(other_staff)
    for user in [slot.plan.participant.user, other_staff]:
        client.force_login(user)
        for method, url in staff_only:
            assert getattr(client, method)(url).status_code == 404, url
    client.force_login(other_staff)
    for method, url in members:
        assert getattr(client, method)(url).status_code == 404, url
    client.force_login(slot.plan.participant.user)
    for method, url in members:
        assert getattr(client, method)(url).status_code == 200, url
    for _method, url in staff_only[2:]:
        client.force_login(seminar.cohort.staff_members.get())
        assert client.get(url).status_code == 405, url


@pytest.mark.parametrize("count", [1, 3])
def test_schedule_page_query_count_does_not_grow(staff_client, seminar, rooms, count, django_assert_num_queries):
    approved(seminar.cohort, count)
    schedule_seminar(seminar, by=None)

    # The same count whatever the number of exposés.
    with django_assert_num_queries(11):
        staff_client.get(reverse("seminars:schedule", args=[seminar.cohort.slug]))


@pytest.mark.parametrize("count", [1, 3])
def test_agenda_query_count_does_not_grow(client, seminar, rooms, staff_user, count, django_assert_num_queries):
    approved(seminar.cohort, count)
    schedule_seminar(seminar, by=None)
    client.force_login(staff_user)

    with django_assert_num_queries(12):
        client.get(reverse("seminars:agenda", args=[seminar.cohort.slug]))


def events(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


@pytest.mark.django_db
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


@pytest.mark.django_db
def test_building_the_schedule_tells_participants_mentors_and_panels_with_an_ics(
    seminar, rooms, django_capture_on_commit_callbacks
):
    plan = approved(seminar.cohort, 1)[0]

    with django_capture_on_commit_callbacks(execute=True):
        schedule_seminar(seminar, by=None)

    slot = plan.slot_in("design")
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


@pytest.mark.django_db
def test_a_rebuild_tells_only_those_whose_exposé_moved(seminar, rooms):
    approved(seminar.cohort, 2)
    schedule_seminar(seminar, by=None)
    Notification.objects.all().delete()

    schedule_seminar(seminar, by=None)

    assert Notification.objects.count() == 0


@pytest.mark.django_db
def test_moving_an_exposé_tells_its_participant_mentor_and_both_panels(seminar, rooms):
    plan = approved(seminar.cohort, 1)[0]
    schedule_seminar(seminar, by=None)
    Notification.objects.all().delete()
    slot = plan.slot_in("design")
    other_room = next(room for room in rooms if room.pk != slot.room_id)
    later = seminar_times(seminar)[2][0]

    move_slot(slot, room=other_room, starts_at=later, by=None)

    told = set(Notification.objects.values_list("user", flat=True))
    panels = {e.user_id for room in rooms for e in room.panel.examiners.all()}
    assert told == {plan.participant.user_id, plan.participant.mentor.user_id} | panels
    mine = Notification.objects.get(user=plan.participant.user)
    assert mine.texts["en"].startswith("Your exposé was moved: now on Monday, 21 August 2017 at 08:40")
    assert f"in {other_room.name}" in mine.texts["en"]


def test_slot_move_of_an_exposé_of_another_seminar_is_refused(staff_client, seminar, rooms):
    other = SeminarFactory()
    stranger = Slot.objects.create(
        seminar=other,
        room=RoomFactory(seminar=other),
        plan=ActionPlanFactory(participant__cohort=other.cohort, state="approved"),
        starts_at=seminar_times(other)[0][0],
        ends_at=seminar_times(other)[0][1],
    )

    for name in ("seminars:slot_move", "seminars:slot_swap"):
        response = staff_client.post(
            reverse(name, args=[seminar.cohort.slug]), {"slot": stranger.pk, "other": "x"}, follow=True
        )
        assert "of this seminar" in response.content.decode()
    stranger.refresh_from_db()
    assert stranger.seminar == other


@pytest.mark.parametrize("count", [2, 6])
def test_schedule_page_lists_each_exposé_a_fixed_number_of_times(staff_client, seminar, rooms, count):
    approved(seminar.cohort, count)
    schedule_seminar(seminar, by=None)

    page = staff_client.get(reverse("seminars:schedule", args=[seminar.cohort.slug])).content.decode()

    # three lists name every exposé (move, swap, swap with); beside them the rooms, the times and the languages
    others = len(rooms) + len(seminar_times(seminar)) + len(settings.LANGUAGES)
    assert page.count("<option value=") == 3 * count + others
