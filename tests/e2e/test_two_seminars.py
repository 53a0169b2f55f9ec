"""A Latsar cohort's two seminars in the browser: staff switch to the report seminar by its tab, build its schedule,
and its pages fit a phone."""

import pytest

from innovations.models import ActionPlan, WorkReport
from programmes.models import Programme
from tests.e2e.conftest import sign_in
from tests.factories import (
    CohortFactory,
    ExaminerFactory,
    PanelFactory,
    SeminarFactory,
    UserFactory,
    complete_plan,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_build_the_report_seminars_schedule_from_its_tab_on_a_phone(page, live_server, password, programmes):
    latsar = Programme.objects.get(code="latsar-cpns")
    spec = latsar.spec
    for stage in spec["stages"]:
        stage["min_consultations"] = 0
    cohort = CohortFactory(programme=latsar, spec=spec)
    staff = UserFactory(is_staff=True)
    cohort.organisation.staff_members.add(staff)
    for stage in ("design", "report"):
        seminar = SeminarFactory(cohort=cohort, stage=stage, title=f"Seminar {stage}")
        PanelFactory(room__seminar=seminar, room__name="Ruang 1", examiners=[ExaminerFactory(cohort=cohort)])
    plan = complete_plan(participant__cohort=cohort, state=ActionPlan.State.AGREED)
    WorkReport.objects.create(plan=plan, state=WorkReport.State.APPROVED)  # the report seminar takes approved reports
    page.set_viewport_size({"width": 390, "height": 844})

    sign_in(page, live_server, staff, password)
    page.goto(f"{live_server.url}/cohorts/{cohort.slug}/seminar/schedule/")
    page.get_by_role("link", name="Seminar Laporan Aktualisasi").click()
    page.wait_for_url(f"**/cohorts/{cohort.slug}/seminar/report/schedule/")
    page.get_by_role("button", name="Build the schedule").click()
    page.get_by_text("1 exposés are scheduled.").wait_for()

    assert plan.slots.get().seminar.stage == "report"
    wide = []
    for path in ("schedule/", "", "rubric/", "results/", "agenda/"):
        page.goto(f"{live_server.url}/cohorts/{cohort.slug}/seminar/report/{path}")
        if moved := page.evaluate("() => { window.scrollTo(1000, 0); return window.scrollX; }"):
            wide.append(f"{path}: {moved} px")
    assert wide == []
