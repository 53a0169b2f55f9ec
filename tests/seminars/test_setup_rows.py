"""The seminar's set-up adds several rooms and breaks at once: the rows typed so far stay, nothing is saved until
"Save", and the page keeps the version it was opened at."""

import pytest
from django.urls import reverse

from participants.models import AuditEvent
from seminars.models import Seminar, Slot
from seminars.services import seminar_times
from tests.factories import ActionPlanFactory, PanelFactory, SeminarFactory


@pytest.fixture
def seminar(cohort):
    return SeminarFactory(cohort=cohort)


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def page(seminar, rooms, breaks=(), **extra):
    data = {
        "title": "Seminar Inovasi",
        "date": "2017-08-21",
        "venue": "Hotel Grand Kanaya",
        "day_start": "08:30",
        "day_end": "16:30",
        "slot_minutes": "20",
        "version": seminar.version,
        "breaks-TOTAL_FORMS": str(len(breaks)),
        "breaks-INITIAL_FORMS": "0",
        "breaks-MIN_NUM_FORMS": "0",
        "breaks-MAX_NUM_FORMS": "1000",
        "rooms-TOTAL_FORMS": str(len(rooms)),
        "rooms-INITIAL_FORMS": "0",
        "rooms-MIN_NUM_FORMS": "0",
        "rooms-MAX_NUM_FORMS": "1000",
    }
    for index, name in enumerate(rooms):
        data |= {f"rooms-{index}-name": name, f"rooms-{index}-order": str(index + 1)}
    for index, (label, start, end) in enumerate(breaks):
        data |= {f"breaks-{index}-label": label, f"breaks-{index}-start": start, f"breaks-{index}-end": end}
    return data | extra


def test_add_the_rows_shows_more_blank_rooms_and_breaks_and_saves_nothing(staff, seminar):
    url = reverse("seminars:setup", args=[seminar.cohort.slug])

    response = staff.post(url, page(seminar, ["Ruang Deli"], add_rows="yes", add_rooms="3", add_breaks="2"))

    assert response.status_code == 200
    assert (len(response.context["rooms"].forms), len(response.context["breaks"].forms)) == (4, 2)
    body = response.content.decode()
    assert 'value="Ruang Deli"' in body
    assert 'name="rooms-3-name"' in body
    assert f'name="version" value="{seminar.version}"' in body
    assert (seminar.rooms.count(), Seminar.objects.get(pk=seminar.pk).version) == (0, seminar.version)
    assert not AuditEvent.objects.filter(verb="seminar.edit").exists()


def test_rooms_and_breaks_added_at_once_are_saved_at_once(staff, seminar):
    url = reverse("seminars:setup", args=[seminar.cohort.slug])
    breaks = [("Pembukaan", "08:30", "09:00"), ("Ishoma", "12:00", "13:00")]

    response = staff.post(url, page(seminar, ["Ruang Deli", "Ruang Kanaya", "Ruang Toba", "Ruang Maimun"], breaks))

    assert response.status_code == 302
    assert list(seminar.rooms.values_list("name", flat=True)) == [
        "Ruang Deli",
        "Ruang Kanaya",
        "Ruang Toba",
        "Ruang Maimun",
    ]
    assert [str(b) for b in seminar.breaks.all()] == ["Pembukaan 08:30–09:00", "Ishoma 12:00–13:00"]
    assert AuditEvent.objects.filter(verb="seminar.edit").count() == 1


@pytest.mark.parametrize(("asked", "added"), [("500", 20), ("-3", 0), ("many", 0), ("", 0)])
def test_add_the_rows_adds_at_most_twenty_and_ignores_what_is_not_a_number(staff, seminar, asked, added):
    url = reverse("seminars:setup", args=[seminar.cohort.slug])

    response = staff.post(url, page(seminar, ["Ruang Deli"], add_rows="yes", add_rooms=asked))

    assert response.status_code == 200
    assert len(response.context["rooms"].forms) == 1 + added


def test_a_page_grown_from_an_older_copy_is_still_refused_on_save(staff, seminar):
    url = reverse("seminars:setup", args=[seminar.cohort.slug])
    stale = page(seminar, ["Ruang Deli", "Ruang Kanaya"])
    Seminar.objects.filter(pk=seminar.pk).update(version=seminar.version + 1)  # saved meanwhile in another tab

    response = staff.post(url, stale)

    assert response.status_code == 409
    assert seminar.rooms.count() == 0


def test_deleting_a_room_with_exposés_asks_first_then_deletes_it(staff, seminar):
    room = PanelFactory(room__seminar=seminar, room__name="Ruang Deli").room
    plan = ActionPlanFactory(participant__cohort=seminar.cohort, state="approved")
    start, end = seminar_times(seminar)[0]
    Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
    url = reverse("seminars:setup", args=[seminar.cohort.slug])
    data = page(seminar, ["Ruang Deli"]) | {
        "rooms-INITIAL_FORMS": "1",
        "rooms-0-id": str(room.pk),
        "rooms-0-DELETE": "on",
    }

    asked = staff.post(url, data)

    assert asked.status_code == 200
    assert asked.context["doomed"] == [(room, 1)]
    assert "Ruang Deli: 1 exposé" in asked.content.decode()
    assert (seminar.rooms.count(), Slot.objects.count()) == (1, 1)

    confirmed = staff.post(url, data | {"confirm_room_delete": "yes"})

    assert confirmed.status_code == 302
    assert (seminar.rooms.count(), Slot.objects.count()) == (0, 0)
