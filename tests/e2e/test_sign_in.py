import pytest

from tests.factories import ActionPlanFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_locale():
    return "id-ID"


def test_participant_signs_in_by_nip_and_sees_their_plan(page, live_server, password):
    plan = ActionPlanFactory(title="Pojok Layanan Satu Meja", participant__user__nip="198001012005011042")

    page.goto(live_server.url)
    page.get_by_role("link", name="Masuk").first.click()
    page.get_by_label("E-mail atau NIP").fill("19800101 200501 1 042")
    page.get_by_label("Sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()

    page.get_by_role("heading", name="Rencana aksi inovasi saya", exact=True).wait_for()
    assert page.get_by_text("Pojok Layanan Satu Meja").is_visible()
    assert page.get_by_text(plan.participant.mentor.user.full_name, exact=False).is_visible()
