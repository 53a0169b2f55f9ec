"""Sign-in, the plan form and the scoring page used with the keyboard alone: Tab to reach, type, Enter or Space."""

import pytest

from innovations.models import ActionPlan
from seminars.models import ScoreSheet, Slot
from seminars.scoring import ensure_rubric
from seminars.services import seminar_times
from tests.e2e.conftest import sign_in
from tests.factories import ActionPlanFactory, ExaminerFactory, PanelFactory, SeminarFactory, complete_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MAX_TABS = 120


def focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator) -> None:
    """Press Tab until the focus is on `locator`; fail if the keyboard never gets there."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused(locator):
            return
    pytest.fail(f"{locator} cannot be reached with the Tab key")


def test_sign_in_with_the_keyboard_alone(page, live_server, password):
    plan = ActionPlanFactory(title="Arsip Rapi")
    page.goto(f"{live_server.url}/accounts/login/")

    assert focused(page.locator("[name=username]"))  # the form takes the focus as the page opens
    page.keyboard.type(plan.participant.user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")

    page.get_by_role("link", name="Arsip Rapi").first.wait_for()
    assert page.url == f"{live_server.url}/"


def test_plan_form_with_the_keyboard_alone(page, live_server, password):
    plan = complete_plan(state=ActionPlan.State.DRAFT)
    sign_in(page, live_server, plan.participant.user, password)
    page.goto(f"{live_server.url}/plans/{plan.pk}/edit/")

    page.keyboard.press("Tab")
    assert focused(page.get_by_role("link", name="Skip to content"))
    page.keyboard.press("Enter")
    tab_to(page, page.locator("[name=problem]"))
    page.keyboard.press("Control+A")
    page.keyboard.type("Warga antre dua jam setiap pagi.")
    tab_to(page, page.get_by_role("button", name="Add a milestone"))
    page.keyboard.press("Enter")
    page.locator("[name=milestones-1-deliverable]").wait_for()
    tab_to(page, page.locator("[name=milestones-1-term]"))
    page.keyboard.press("ArrowDown")  # from Short term to Medium term
    tab_to(page, page.locator("[name=milestones-1-deliverable]"))
    page.keyboard.type("Layanan baru dievaluasi")
    tab_to(page, page.locator("[name=milestones-1-due_date]"))
    page.keyboard.type("12312017")  # the en-US date field reads month, day, year
    tab_to(page, page.get_by_role("button", name="Save", exact=True))
    page.keyboard.press("Enter")

    page.get_by_text("The plan is saved.").wait_for()
    plan.refresh_from_db()
    assert plan.problem == "Warga antre dua jam setiap pagi."
    added = plan.milestones.get(deliverable="Layanan baru dievaluasi")
    assert (added.term, str(added.due_date)) == ("medium", "2017-12-31")


def test_scoring_page_with_the_keyboard_alone(page, live_server, password):
    seminar = SeminarFactory()
    rubric = ensure_rubric(seminar.cohort)
    examiner = ExaminerFactory(cohort=seminar.cohort)
    room = PanelFactory(room__seminar=seminar, examiners=[examiner]).room
    plan = ActionPlanFactory(participant__cohort=seminar.cohort, state="approved", title="Arsip Rapi")
    start, end = seminar_times(seminar)[0]
    Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
    sign_in(page, live_server, examiner.user, password)
    page.goto(f"{live_server.url}/cohorts/{seminar.cohort.slug}/seminar/score/{plan.pk}/")

    for criterion in rubric.criteria.all():
        tab_to(page, page.locator(f"[name=criterion_{criterion.pk}]"))
        page.keyboard.type("80")
    tab_to(page, page.locator("[name=note]"))
    page.keyboard.type("Perjelas indikator keberhasilan.")
    tab_to(page, page.get_by_role("button", name="Submit scores"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("dialog").get_by_role("button", name="Submit"))  # the confirmation, by keyboard too
    page.keyboard.press("Enter")

    page.get_by_text("Your scores for Arsip Rapi are submitted.").wait_for()
    sheet = ScoreSheet.objects.get(plan=plan, examiner=examiner)
    assert (sheet.state, str(sheet.total), sheet.note) == ("submitted", "80.00", "Perjelas indikator keberhasilan.")
