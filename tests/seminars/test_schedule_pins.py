"""Pinned exposés and the rebuild that warns: a rebuild keeps pinned placements, schedules the rest around them,
and says first how many manual moves it discards."""

import datetime
from functools import partial

import pytest
from django.test import Client
from django.urls import reverse

from participants.models import AuditEvent
from seminars.models import Slot
from seminars.scheduling import PlanSpec, RoomSpec, build_schedule, clashes
from seminars.services import move_slot, pin_slot, schedule_seminar, seminar_times, swap_slots
from tests.factories import (
    ActionPlanFactory,
    CohortFactory,
    ExaminerFactory,
    PanelFactory,
    SeminarFactory,
    UserFactory,
)
from tests.generators import generated_cohort
from tests.races import at_once, require_postgresql


@pytest.fixture
def seminar(cohort):
    return SeminarFactory(cohort=cohort, day_start=datetime.time(8, 0), day_end=datetime.time(10, 0), slot_minutes=20)


@pytest.fixture
def rooms(seminar):
    return [
        PanelFactory(room__seminar=seminar, room__name=name, examiners=[ExaminerFactory(cohort=seminar.cohort)]).room
        for name in ("Ruang Deli", "Ruang Kanaya")
    ]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def approved(cohort, count):
    return ActionPlanFactory.create_batch(count, participant__cohort=cohort, state="approved")


def places(seminar):
    return {slot.plan_id: (slot.room_id, slot.starts_at) for slot in Slot.objects.filter(seminar=seminar)}


# The plain builder --------------------------------------------------------------------------------------------


def test_build_schedule_keeps_a_fixed_placement_and_places_the_rest_around_it():
    plans = [PlanSpec(n, f"P{n}", "A", n, None, "", f"K{n}") for n in range(4)]
    rooms = [RoomSpec(r, f"Ruang {r}", frozenset({r}), frozenset()) for r in (1, 2)]

    schedule = build_schedule(plans, rooms, 3, fixed={3: (1, 0)})

    assert schedule.placements[3] == (1, 0)
    assert len(schedule.placements) == 4
    assert len(set(schedule.placements.values())) == 4
    assert schedule.problems == ["To balance the rooms, these clusters are spread over more than one room: A."]


def test_build_schedule_lets_go_of_a_pin_that_breaks_the_conflict_of_interest_rule():
    plans = [PlanSpec(1, "Arsip Rapi", "A", 1, None, "", "Kelurahan Darat", person="Budi")]
    rooms = [
        RoomSpec(1, "Ruang 1", frozenset({1}), frozenset({"kelurahan darat"})),
        RoomSpec(2, "Ruang 2", frozenset({2}), frozenset()),
    ]

    schedule = build_schedule(plans, rooms, 2, fixed={1: (1, 0)})

    assert schedule.placements == {1: (2, 0)}
    assert schedule.problems == [
        "Budi (Arsip Rapi) was pinned to Ruang 1, where an examiner comes from Kelurahan Darat; it is placed anew."
    ]


def test_build_schedule_lets_go_of_a_pin_to_a_time_the_seminar_no_longer_has():
    plans = [PlanSpec(1, "Arsip Rapi", "A", 1, None, "", "K1")]
    rooms = [RoomSpec(1, "Ruang 1", frozenset({1}), frozenset())]

    schedule = build_schedule(plans, rooms, 2, fixed={1: (1, 5)})

    assert schedule.placements == {1: (1, 0)}
    assert schedule.problems == [
        "Arsip Rapi was pinned to a room or time that the seminar no longer has free; it is placed anew."
    ]


def test_build_schedule_moves_the_unpinned_mentee_when_a_pinned_one_shares_the_mentor():
    plans = [PlanSpec(n, f"P{n}", "A", n, 7, "Camat Medan Baru", f"K{n}") for n in range(4)]
    rooms = [RoomSpec(r, f"Ruang {r}", frozenset({r}), frozenset()) for r in (1, 2)]

    schedule = build_schedule(plans, rooms, 2, fixed={0: (2, 1)})

    assert schedule.placements[0] == (2, 1)
    # Four mentees of one mentor in two times: one clash each time cannot be helped, but the pin holds.
    assert len(schedule.placements) == 4


@pytest.mark.parametrize("seed", range(5))
def test_build_schedule_with_pins_breaks_no_hard_rule_on_a_generated_cohort(seed):
    plans, rooms = generated_cohort(30, 4, seed=seed)
    free = build_schedule(plans, rooms, 10)
    fixed = dict(list(free.placements.items())[::7])

    schedule = build_schedule(plans, rooms, 10, fixed=fixed)

    assert {plan_id: schedule.placements[plan_id] for plan_id in fixed} == fixed
    hard = [
        problem
        for problem in clashes(schedule.placements, {p.id: p for p in plans}, {r.id: r for r in rooms})
        if "mentees" not in problem
    ]
    assert hard == []
    assert len(set(schedule.placements.values())) == len(schedule.placements)


# The service ---------------------------------------------------------------------------------------------------


def test_rebuild_keeps_the_pinned_slot_and_counts_the_discarded_moves(seminar, rooms, staff_user):
    plans = approved(seminar.cohort, 4)
    schedule_seminar(seminar, by=staff_user)
    times = seminar_times(seminar)
    pinned, moved = Slot.objects.get(plan=plans[0]), Slot.objects.get(plan=plans[1])
    free_time = next(start for start, _end in times if (rooms[1].pk, start) not in set(places(seminar).values()))
    move_slot(pinned, room=rooms[1], starts_at=free_time, by=staff_user)
    pin_slot(pinned, pinned=True, by=staff_user)
    free_time = next(start for start, _end in times if (rooms[0].pk, start) not in set(places(seminar).values()))
    move_slot(moved, room=rooms[0], starts_at=free_time, by=staff_user)

    schedule_seminar(seminar, by=staff_user)

    kept = Slot.objects.get(plan=plans[0])
    assert (kept.pk, kept.room, kept.starts_at, kept.pinned) == (pinned.pk, rooms[1], free_time_of(pinned), True)
    assert Slot.objects.filter(seminar=seminar).count() == 4
    build = AuditEvent.objects.filter(verb="schedule.build").last()
    assert (build.actor, build.data) == (staff_user, {"placed": 4, "problems": 0, "pinned": 1, "discarded": 1})
    assert Slot.objects.filter(seminar=seminar, placed_by_hand=True).count() == 1  # the pinned one, kept


def free_time_of(slot):
    return Slot.objects.get(pk=slot.pk).starts_at


def test_a_swap_counts_two_hand_placements(seminar, rooms, staff_user):
    first, second = approved(seminar.cohort, 2)
    schedule_seminar(seminar, by=staff_user)

    swap_slots(Slot.objects.get(plan=first), Slot.objects.get(plan=second), by=staff_user)

    assert Slot.objects.filter(seminar=seminar, placed_by_hand=True).count() == 2


def test_pin_slot_is_audited_and_unpin_too(seminar, rooms, staff_user):
    plan = approved(seminar.cohort, 1)[0]
    schedule_seminar(seminar, by=staff_user)
    slot = Slot.objects.get(plan=plan)

    pin_slot(slot, pinned=True, by=staff_user)
    pin_slot(slot, pinned=True, by=staff_user)  # already pinned: nothing more
    pin_slot(slot, pinned=False, by=staff_user)

    events = AuditEvent.objects.filter(verb__in=["slot.pin", "slot.unpin"]).order_by("pk")
    assert [(e.verb, e.actor, e.target_id) for e in events] == [
        ("slot.pin", staff_user, plan.pk),
        ("slot.unpin", staff_user, plan.pk),
    ]
    assert Slot.objects.get(pk=slot.pk).pinned is False


# The pages -----------------------------------------------------------------------------------------------------


def test_schedule_page_warns_that_a_rebuild_discards_the_manual_moves(staff_client, seminar, rooms, staff_user):
    first, second, third = approved(seminar.cohort, 3)
    schedule_seminar(seminar, by=staff_user)
    url = reverse("seminars:schedule", args=[seminar.cohort.slug])
    assert "discards" not in staff_client.get(url).content.decode()

    swap_slots(Slot.objects.get(plan=first), Slot.objects.get(plan=second), by=staff_user)
    body = staff_client.get(url).content.decode()

    assert (
        'data-confirm="Rebuild the schedule? It discards 2 manual moves; pinned exposés stay where they are."' in body
    )
    pin_slot(Slot.objects.get(plan=first), pinned=True, by=staff_user)
    body = staff_client.get(url).content.decode()
    assert 'data-confirm="Rebuild the schedule? It discards 1 manual move; pinned exposés stay where they are."' in body


def test_slot_pin_pins_the_exposé_through_the_page(staff_client, seminar, rooms):
    plan = approved(seminar.cohort, 1)[0]
    schedule_seminar(seminar, by=None)
    slot = Slot.objects.get(plan=plan)
    url = reverse("seminars:slot_pin", args=[seminar.cohort.slug])

    response = staff_client.post(url, {"slot": slot.pk, "action": "pin"}, follow=True)

    assert Slot.objects.get(pk=slot.pk).pinned is True
    assert [str(m) for m in response.context["messages"]] == [
        f"{plan.title} is pinned: a rebuild of the schedule keeps it where it is."
    ]
    staff_client.post(url, {"slot": slot.pk, "action": "unpin"})
    assert Slot.objects.get(pk=slot.pk).pinned is False


@pytest.mark.parametrize("data", [{"action": "pin"}, {"slot": "x", "action": "pin"}, {"slot": "it", "action": "nail"}])
def test_slot_pin_with_bad_input_says_so_and_changes_nothing(staff_client, seminar, rooms, data):
    plan = approved(seminar.cohort, 1)[0]
    schedule_seminar(seminar, by=None)
    slot = Slot.objects.get(plan=plan)
    if data.get("slot") == "it":
        data = {**data, "slot": slot.pk}

    response = staff_client.post(reverse("seminars:slot_pin", args=[seminar.cohort.slug]), data, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Choose an exposé of this seminar."]
    assert Slot.objects.get(pk=slot.pk).pinned is False
    assert not AuditEvent.objects.filter(verb="slot.pin").exists()


def test_slot_pin_of_another_seminars_exposé_is_refused(staff_client, seminar, rooms):
    other = SeminarFactory(cohort=CohortFactory(organisation=seminar.cohort.organisation))
    room = PanelFactory(room__seminar=other).room
    start, end = seminar_times(other)[0]
    foreign = Slot.objects.create(
        seminar=other, room=room, plan=approved(other.cohort, 1)[0], starts_at=start, ends_at=end
    )

    staff_client.post(reverse("seminars:slot_pin", args=[seminar.cohort.slug]), {"slot": foreign.pk, "action": "pin"})

    assert Slot.objects.get(pk=foreign.pk).pinned is False


def test_slot_pin_asks_anonymous_to_sign_in_and_hides_from_outsider_staff(client, seminar, rooms):
    plan = approved(seminar.cohort, 1)[0]
    schedule_seminar(seminar, by=None)
    slot = Slot.objects.get(plan=plan)
    url = reverse("seminars:slot_pin", args=[seminar.cohort.slug])

    anonymous = client.post(url, {"slot": slot.pk, "action": "pin"})
    client.force_login(UserFactory(is_staff=True))
    outsider = client.post(url, {"slot": slot.pk, "action": "pin"})
    on_get = client.get(url)

    assert (anonymous.status_code, anonymous.url.split("?")[0]) == (302, reverse("participants:login"))
    assert (outsider.status_code, on_get.status_code) == (404, 405)
    assert Slot.objects.get(pk=slot.pk).pinned is False


def test_move_form_starts_at_the_chosen_exposés_room_and_time(staff_client, seminar, rooms):
    plans = approved(seminar.cohort, 3)
    schedule_seminar(seminar, by=None)
    slot = Slot.objects.select_related("room").get(plan=plans[2])
    url = reverse("seminars:schedule", args=[seminar.cohort.slug])

    response = staff_client.get(url, {"move": slot.pk})

    assert response.context["moving"] == slot
    body = response.content.decode()
    start = next(s for s, _e in seminar_times(seminar) if s == slot.starts_at)
    assert f'<option value="{slot.room_id}" selected>{slot.room.name}</option>' in body
    assert f'<option value="{start.isoformat()}" selected>' in body
    assert f'data-start="{start.isoformat()}" selected>' in body


# A pin against a rebuild, on PostgreSQL ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_pin_during_a_rebuild_is_either_kept_or_refused_never_lost():
    require_postgresql()
    seminar = SeminarFactory(day_start=datetime.time(8, 0), day_end=datetime.time(12, 0))
    for name in ("Ruang Deli", "Ruang Kanaya"):
        PanelFactory(room__seminar=seminar, room__name=name, examiners=[ExaminerFactory(cohort=seminar.cohort)])
    approved(seminar.cohort, 6)
    organiser = UserFactory(is_staff=True)
    seminar.cohort.organisation.staff_members.add(organiser)
    clients = [Client(), Client()]
    for each in clients:
        each.force_login(organiser)
    slug = seminar.cohort.slug
    schedule_seminar(seminar, by=None)

    for trial in range(20):
        slot = Slot.objects.filter(seminar=seminar, pinned=False).order_by("?").first()
        before = (slot.room_id, slot.starts_at)
        pin, build = at_once(
            partial(clients[0].post, reverse("seminars:slot_pin", args=[slug]), {"slot": slot.pk, "action": "pin"}),
            partial(clients[1].post, reverse("seminars:schedule_build", args=[slug])),
        )

        assert (pin.status_code, build.status_code) == (302, 302), trial
        current = Slot.objects.filter(pk=slot.pk).first()
        pinned = AuditEvent.objects.filter(verb="slot.pin", target_id=slot.plan_id).exists()
        if current is not None and current.pinned:
            # Pinned first: the rebuild kept it where it stood.
            assert ((current.room_id, current.starts_at), pinned) == (before, True), trial
        else:
            # Rebuilt first: the pin found its slot gone, was refused, and wrote nothing.
            assert pinned is False, trial
        Slot.objects.filter(seminar=seminar).update(pinned=False)
        AuditEvent.objects.filter(verb="slot.pin").delete()
