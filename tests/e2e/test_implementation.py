import pytest

from innovations.models import ActionPlan
from tests.e2e.conftest import sign_in
from tests.factories import UserFactory, complete_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_participant_reports_mentor_verifies_staff_sees_the_dashboard(page, live_server, password):
    plan = complete_plan(state=ActionPlan.State.AGREED)
    staff = UserFactory(is_staff=True)
    plan.participant.cohort.organisation.staff_members.add(staff)

    sign_in(page, live_server, plan.participant.user, password)
    page.goto(f"{live_server.url}/plans/{plan.pk}/progress/")
    page.get_by_text("Report progress").click()
    page.get_by_label("Status").select_option("done")
    page.get_by_label("Progress (%)").fill("100")
    page.get_by_label("What was done").fill("SK tim ditandatangani Camat.")
    page.get_by_role("button", name="Send the report").click()
    page.get_by_text("Your report is sent to your mentor.").wait_for()

    sign_in(page, live_server, plan.participant.mentor.user, password)
    page.goto(f"{live_server.url}/plans/{plan.pk}/progress/")
    page.get_by_role("button", name="Verify").click()
    page.get_by_text("The report is verified.").wait_for()
    plan.refresh_from_db()
    assert plan.state == "completed"
    assert "100% of the milestones are verified done." in page.content()

    sign_in(page, live_server, staff, password)
    page.goto(f"{live_server.url}/cohorts/{plan.participant.cohort.slug}/dashboard/")
    page.get_by_role("heading", name="Plans by stage").wait_for()
    page.wait_for_function("window.Chart && Chart.getChart('chart-funnel') !== undefined")
    assert page.get_by_role("row", name="Completed 1").is_visible()
