import pytest

from seminars.models import ScoreSheet, Slot
from seminars.scoring import ensure_rubric
from seminars.services import seminar_times
from tests.e2e.conftest import confirm, sign_in
from tests.factories import ActionPlanFactory, ExaminerFactory, PanelFactory, SeminarFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_examiner_scores_a_plan_and_staff_see_the_recap(page, live_server, password):
    staff = UserFactory(is_staff=True)
    seminar = SeminarFactory()
    seminar.cohort.organisation.staff_members.add(staff)
    rubric = ensure_rubric(seminar.cohort)
    examiner, colleague = ExaminerFactory(cohort=seminar.cohort), ExaminerFactory(cohort=seminar.cohort)
    room = PanelFactory(room__seminar=seminar, room__name="Ruang Deli", examiners=[examiner, colleague]).room
    plan = ActionPlanFactory(participant__cohort=seminar.cohort, state="approved", title="Arsip Rapi")
    start, end = seminar_times(seminar)[0]
    Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)

    sign_in(page, live_server, examiner.user, password)
    page.goto(f"{live_server.url}/cohorts/{seminar.cohort.slug}/seminar/panel/")
    page.get_by_role("link", name="Arsip Rapi").click()
    for criterion in rubric.criteria.all():
        page.get_by_label(f"{criterion.name} ({criterion.weight} %)").fill("85")
    page.get_by_label("Note for the participant").fill("Perjelas indikator keberhasilan.")
    page.get_by_role("button", name="Submit scores").click()
    confirm(page, "Submit")
    page.get_by_text("Your scores for Arsip Rapi are submitted.").wait_for()

    sheet = ScoreSheet.objects.get(plan=plan, examiner=examiner)
    assert (sheet.state, str(sheet.total)) == ("submitted", "85.00")

    page.context.clear_cookies()
    sign_in(page, live_server, staff, password)
    page.goto(f"{live_server.url}/cohorts/{seminar.cohort.slug}/seminar/results/")
    row = page.get_by_role("row").filter(has_text="Arsip Rapi").first
    assert "85.00" in row.inner_text()
    assert "0 of 1 plans fully scored." in page.content()
