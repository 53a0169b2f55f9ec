"""On a phone (390 px): the participant records a consultation with their coach from their plan's page, with a
photo of the meeting's notes; the coach finds it in their to-do and confirms it; nothing scrolls sideways."""

import pytest

from innovations.models import Consultation
from tests.core.test_images import photo
from tests.e2e.conftest import fill_form, sign_in
from tests.e2e.test_phone import OVERFLOW
from tests.factories import ActionPlanFactory, ParticipantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def fits(page) -> dict:
    found = page.evaluate(OVERFLOW)
    return {"page": found["page"] <= PHONE["width"], "tables": found["tables"], "wide": found["wide"]}


def test_a_participant_records_a_consultation_and_the_coach_confirms_it_on_a_phone(page, live_server, password):
    plan = ActionPlanFactory(participant=ParticipantFactory(with_coach=True), title="Layanan KTP keliling")
    coach = plan.participant.coach.user
    page.set_viewport_size(PHONE)

    sign_in(page, live_server, plan.participant.user, password)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("link", name="Record a consultation").click()
    fill_form(
        page,
        {
            "consultant": "coach",
            "held_on": "2017-08-01",
            "mode": "online",
            "topic": "Ruang lingkup inovasi",
            "advice": "Batasi pada satu layanan yang paling dikeluhkan.",
            "follow_up": "Kirim draf latar belakang Jumat.",
        },
    )
    page.get_by_label("Attachment").set_input_files(
        {"name": "catatan.jpg", "mimeType": "image/jpeg", "buffer": photo((800, 600))}
    )
    recording = fits(page)
    page.get_by_role("button", name="Record and send for confirmation").click()
    page.get_by_text("The consultation is recorded and sent for confirmation.").wait_for()

    sign_in(page, live_server, coach, password)
    page.get_by_role("link", name=f"{plan.participant.user.full_name}: Ruang lingkup inovasi").click()
    row = page.locator("tr", has_text="Ruang lingkup inovasi")
    row.get_by_role("button", name="Confirm").click()
    page.get_by_text("The consultation is confirmed.").wait_for()
    confirming = fits(page)

    consultation = Consultation.objects.get(plan=plan)
    assert (consultation.state, consultation.reviewed_by, consultation.content_type) == (
        Consultation.State.CONFIRMED,
        coach,
        "image/jpeg",
    )
    assert row.locator(".state-badge").inner_text() == "Confirmed"
    assert recording == {"page": True, "tables": [], "wide": []}
    assert confirming == {"page": True, "tables": [], "wide": []}
