import pytest

from seminars.models import Slot
from seminars.services import move_slot, schedule_seminar, seminar_times
from tests.e2e.conftest import confirm, sign_in
from tests.factories import ActionPlanFactory, ExaminerFactory, PanelFactory, SeminarFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_pin_an_exposé_and_the_rebuild_says_what_it_discards_and_keeps_the_pin(page, live_server, password):
    staff = UserFactory(is_staff=True)
    seminar = SeminarFactory()
    seminar.cohort.organisation.staff_members.add(staff)
    rooms = [
        PanelFactory(room__seminar=seminar, room__name=name, examiners=[ExaminerFactory(cohort=seminar.cohort)]).room
        for name in ("Ruang Deli", "Ruang Kanaya")
    ]
    plans = [
        ActionPlanFactory(participant__cohort=seminar.cohort, participant__user__full_name=name, state="approved")
        for name in ("Rina Sari", "Andi Lubis")
    ]
    schedule_seminar(seminar, by=staff)
    last = seminar_times(seminar)[-1][0]
    move_slot(Slot.objects.get(plan=plans[1]), room=rooms[1], starts_at=last, by=staff)

    sign_in(page, live_server, staff, password)
    page.goto(f"{live_server.url}/cohorts/{seminar.cohort.slug}/seminar/schedule/")
    page.get_by_role("button", name="Pin Rina Sari").click()
    page.get_by_text("is pinned: a rebuild of the schedule keeps it where it is.").wait_for()
    pinned = Slot.objects.get(plan=plans[0])
    page.get_by_role("button", name="Rebuild the schedule").click()
    dialog = page.get_by_role("dialog")
    assert dialog.inner_text().count("It discards 1 manual move; pinned exposés stay where they are.") == 1
    confirm(page, "Rebuild")
    page.get_by_text("exposés are scheduled.").wait_for()

    kept = Slot.objects.get(plan=plans[0])
    assert (kept.pk, kept.room_id, kept.starts_at, kept.pinned) == (pinned.pk, pinned.room_id, pinned.starts_at, True)
    assert Slot.objects.get(plan=plans[1]).placed_by_hand is False
