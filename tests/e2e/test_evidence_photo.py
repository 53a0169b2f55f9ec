"""A mentor on a phone sees a participant's evidence photo: a small thumbnail on the progress page that opens the
photo full size in the browser when tapped, not a download (issue 22, item 8)."""

import pytest

from innovations.models import ActionPlan
from tests.core.test_images import photo
from tests.e2e.conftest import sign_in
from tests.factories import complete_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_mentor_on_a_phone_taps_the_thumbnail_and_sees_the_photo_full_size(page, live_server, password):
    plan = complete_plan(state=ActionPlan.State.AGREED)
    original = photo((1600, 1200))
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, plan.participant.user, password)
    page.goto(f"{live_server.url}/plans/{plan.pk}/progress/")
    page.get_by_text("Report progress").click()
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_label("Progress (%)").fill("50")
    page.get_by_label("What was done").fill("Sosialisasi di kantor lurah.")
    page.get_by_label("Evidence file").set_input_files(
        {"name": "sosialisasi.jpg", "mimeType": "image/jpeg", "buffer": original}
    )
    page.get_by_role("button", name="Send the report").click()
    page.get_by_text("Your report is sent to your mentor.").wait_for()

    sign_in(page, live_server, plan.participant.mentor.user, password)
    page.goto(f"{live_server.url}/plans/{plan.pk}/progress/")
    thumbnail = page.locator("a.file-photo img")
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('a.file-photo img').naturalWidth > 0")
    shown = thumbnail.evaluate("img => [img.naturalWidth, img.naturalHeight, img.getBoundingClientRect().right]")
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    thumbnail.click()
    page.wait_for_url("**preview=1")
    opened = page.evaluate("() => [document.contentType, document.images.length && document.images[0].naturalWidth]")

    assert shown[:2] == [480, 360]
    assert shown[2] <= PHONE["width"]
    assert opened == ["image/jpeg", 1600]
    assert downloads == []
