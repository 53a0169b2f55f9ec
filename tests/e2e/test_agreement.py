import pytest

from seminars import agreements
from tests.e2e.conftest import sign_in
from tests.factories import CohortFactory
from tests.seminars.test_agreements import examined_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_three_parties_sign_and_anyone_verifies(page, live_server, password):
    plan, examiner = examined_plan(CohortFactory())
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)

    for user in [examiner.user, plan.participant.user, plan.participant.mentor.user]:
        sign_in(page, live_server, user, password)
        page.goto(f"{live_server.url}/agreements/{plan.pk}/")
        page.get_by_label("Your password, to sign").fill(password)
        page.get_by_role("button", name="Sign the agreement").click()
        page.get_by_text("You have signed the agreement.").wait_for()

    assert page.get_by_text("Sealed on").is_visible()
    plan.refresh_from_db()
    assert plan.state == "agreed"

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/verify/")
    page.get_by_label("Verification code").fill(agreement.code.lower())
    page.get_by_role("button", name="Verify").click()
    page.get_by_text("Genuine and unchanged.").wait_for()
    assert page.get_by_text(plan.title).first.is_visible()
