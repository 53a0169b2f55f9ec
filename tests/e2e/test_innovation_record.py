"""The innovation after its cohort, in the browser: the participant updates its record (its stage, a measured
indicator with its evidence) and sends it; the mentor confirms it from their home page; the public catalogue entry
shows the stage and the timeline."""

import datetime

import pytest
from django.utils import timezone

from impact.demo import demo_photo
from innovations.models import ActionPlan
from innovations.records import InnovationRecord
from tests.e2e.conftest import sign_in
from tests.factories import complete_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_participant_updates_the_record_mentor_confirms_the_public_sees_the_timeline(page, live_server, password):
    plan = complete_plan(state=ActionPlan.State.AGREED, title="Antrean Daring Kelurahan")
    ActionPlan.objects.filter(pk=plan.pk).update(published_at=timezone.now(), catalogue_state="published")
    trial = datetime.date(2017, 9, 4)

    sign_in(page, live_server, plan.participant.user, password)
    page.get_by_role("link", name="My innovation's record: its stage, results and evaluations").click()
    page.get_by_role("link", name="Update the record").click()
    page.get_by_label("Trial", exact=True).check()
    page.get_by_label("Trial began on").fill(trial.isoformat())
    page.get_by_role("button", name="Save the record").click()
    page.get_by_text("The record is saved.").wait_for()
    page.get_by_text("Add an indicator").click()
    page.locator("[name=indicator-name]").fill("Waktu tunggu antrean")
    page.locator("[name=indicator-unit]").fill("menit")
    page.locator("[name=indicator-baseline]").fill("45")
    page.locator("[name=indicator-baseline_on]").fill("2017-08-01")
    page.get_by_role("button", name="Add the indicator").click()
    page.get_by_text("The indicator is added.").wait_for()
    page.get_by_text("Add a measured value").click()
    page.locator("[name$=-value]").fill("10")
    page.locator("[name$=-measured_on]").fill("2017-11-30")
    photo = demo_photo("antrean", (20, 60, 90))
    page.locator("[name$=-evidence]").set_input_files(
        {"name": "antrean.png", "mimeType": "image/png", "buffer": photo.read()}
    )
    page.get_by_role("button", name="Add the value").click()
    page.get_by_text("The measured value is added.").wait_for()
    page.get_by_role("button", name="Send to my mentor to confirm").click()
    page.get_by_text("The record is sent to your mentor.").wait_for()

    sign_in(page, live_server, plan.participant.mentor.user, password)
    page.get_by_role("link", name=f"{plan.participant.user.full_name}: Antrean Daring Kelurahan").click()
    page.get_by_role("button", name="Confirm", exact=True).click()
    page.get_by_text("The record is confirmed").wait_for()
    assert InnovationRecord.objects.get(plan=plan).confirmed_stage == "uji_coba"

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/catalogue/{plan.pk}/")
    timeline = page.locator(".timeline")
    assert page.locator(".catalogue-stage").inner_text().startswith("Stage: Trial")
    assert timeline.locator("li").all_inner_texts() == [
        "30 Nov 2017 Waktu tunggu antrean: 10 menit (from 45)",
        "4 Sep 2017 Trial began",
    ]
