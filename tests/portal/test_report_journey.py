"""A Latsar participant's home: after the design's approval sheet, their next step and the journey's stages follow the
report (written, approved, presented at the report seminar, signed off on its lembar pengesahan), not milestones; the
approval sheet is named as the programme names it, and the participant is never asked to sign it."""

import pytest

from innovations.models import ActionPlan, WorkReport
from portal.selectors import participations_of, plan_journey
from seminars import agreements
from seminars.models import Agreement
from tests.factories import ExaminerFactory
from tests.innovations.report_world import latsar_plan

State = ActionPlan.State
Report = WorkReport.State
SHEET = "Lembar Pengesahan Laporan Aktualisasi"
DESIGN_SHEET = "Lembar Persetujuan Rancangan Aktualisasi"
LABELS = ["Written", "Approved by the coach", "Seminar", "Approval sheet", "Report", "Report seminar", SHEET]

pytestmark = pytest.mark.django_db


def journey(plan):
    step, stages = plan_journey(participations_of(plan.participant.user).get())
    return step, [(stage.label, stage.status) for stage in stages]


def with_report(state, report_state):
    plan = latsar_plan(state=state)
    WorkReport.objects.create(plan=plan, state=report_state, note="Lengkapi bukti kegiatan.")
    return plan


def statuses(*marks: str) -> list[tuple[str, str]]:
    return list(zip(LABELS, marks, strict=True))


def test_an_agreed_latsar_work_is_next_reported_on():
    plan = latsar_plan(state=State.AGREED)

    step, stages = journey(plan)

    assert (step.label, step.url, step.waiting) == (
        "Write your report on what was carried out",
        f"/plans/{plan.pk}/report/",
        False,
    )
    assert stages == statuses("done", "done", "done", "done", "current", "next", "next")


@pytest.mark.parametrize(
    ("report_state", "label", "waiting"),
    [
        (Report.RETURNED, "Your report is returned with notes", False),
        (Report.SUBMITTED, "Waiting for your coach and mentor to review your report", True),
        (Report.APPROVED, "Waiting for the report seminar's schedule", True),
        (Report.EXAMINED, f"Prepare your {SHEET}", False),
    ],
)
def test_each_state_of_the_report_has_its_step(report_state, label, waiting):
    plan = with_report(State.AGREED, report_state)

    step, _stages = journey(plan)

    assert (step.label, step.waiting) == (label, waiting)


def test_an_approved_report_moves_the_journey_to_the_report_seminar():
    plan = with_report(State.AGREED, Report.APPROVED)

    _step, stages = journey(plan)

    assert stages == statuses("done", "done", "done", "done", "done", "current", "next")


def test_a_prepared_lembar_pengesahan_waits_for_its_signers():
    plan = with_report(State.AGREED, Report.EXAMINED)
    examiner = ExaminerFactory(cohort=plan.participant.cohort)
    Agreement.objects.create(plan=plan, stage=agreements.REPORT, examiner=examiner, content={}, content_hash="x" * 64)

    step, stages = journey(plan)

    assert (step.label, step.url, step.waiting) == (
        f"Waiting for the signatures on your {SHEET}",
        f"/agreements/{plan.pk}/report/",
        True,
    )
    assert stages == statuses("done", "done", "done", "done", "done", "done", "current")


def test_a_work_completed_by_its_report_says_so():
    plan = with_report(State.COMPLETED, Report.SIGNED)

    step, stages = journey(plan)

    assert (step.label, step.waiting) == ("Your work is completed: its report is signed off", True)
    assert stages == statuses(*["done"] * 7)


def test_the_participant_is_asked_to_prepare_the_approval_sheet_and_never_to_sign_it():
    plan = latsar_plan(state=State.EXAMINED)
    before, _stages = journey(plan)
    examiner = ExaminerFactory(cohort=plan.participant.cohort)
    Agreement.objects.create(
        plan=plan, stage=agreements.DESIGN, examiner=examiner, content={"parties": {}}, content_hash="x" * 64
    )

    after, stages = journey(plan)

    assert (before.label, after.label, after.waiting) == (
        f"Prepare your {DESIGN_SHEET}",
        f"Waiting for the signatures on your {DESIGN_SHEET}",
        True,
    )
    assert stages[3] == ("Approval sheet", "current")
