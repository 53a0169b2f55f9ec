"""On a phone (390 px): the participant of a Latsar cohort, their design agreed, writes their report from the work's
page, activity by activity with a photo as evidence, and submits it; the coach finds it in their to-do and approves
it; nothing scrolls sideways."""

import pytest

from innovations.models import WorkReport
from tests.core.test_images import photo
from tests.e2e.conftest import sign_in
from tests.e2e.test_consultations import PHONE, fits
from tests.innovations.report_world import latsar_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_participant_writes_and_submits_the_report_and_the_coach_approves_it_on_a_phone(
    page, live_server, password, programmes
):
    plan = latsar_plan()
    coach = plan.participant.coach.user
    first, second = plan.milestones.all()
    page.set_viewport_size(PHONE)

    sign_in(page, live_server, plan.participant.user, password)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("link", name="Write the report").click()
    page.get_by_label("Summary of what was carried out").fill("Seluruh kegiatan dilaksanakan di kelurahan.")
    page.get_by_label("Effect on the work unit").fill("Antrean berkurang separuh.")
    for milestone in (first, second):
        group = page.locator(f"#milestone-{milestone.pk}")
        group.get_by_label("What was done").fill(f"Melaksanakan {milestone.deliverable}.")
        group.get_by_label("Akuntabel").check()
    page.locator(f"#milestone-{first.pk}").get_by_label("Evidence (a file or a photo)").set_input_files(
        {"name": "kegiatan.jpg", "mimeType": "image/jpeg", "buffer": photo((800, 600))}
    )
    writing = fits(page)
    page.get_by_role("button", name="Save and submit for review").click()
    page.get_by_text("Your report is submitted to your coach and mentor.").wait_for()

    sign_in(page, live_server, coach, password)
    page.get_by_role("link", name=f"{plan.participant.user.full_name}: {plan.title}").click()
    reviewing = fits(page)
    page.get_by_role("button", name="Approve for the report seminar").click()
    page.get_by_text("The report is approved.").wait_for()

    report = WorkReport.objects.get(plan=plan)
    assert (report.state, report.reviewed_by) == (WorkReport.State.APPROVED, coach)
    assert list(report.entries.values_list("evidence__content_type", flat=True).order_by("pk")) == ["image/jpeg", None]
    assert page.locator("#report-state").inner_text() == "Approved for the seminar"
    assert writing == {"page": True, "tables": [], "wide": []}
    assert reviewing == {"page": True, "tables": [], "wide": []}
