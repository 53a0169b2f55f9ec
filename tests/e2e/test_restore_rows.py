"""The restore offer brings back everything typed on this device that the server never had: the text, the rows
added to the plan's lists since the last autosave, and what was typed in the rows already saved."""

import pytest

from innovations.models import ActionPlan
from tests.e2e.conftest import sign_in
from tests.factories import complete_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_rows_added_while_the_connection_was_lost_come_back_with_the_text(page, live_server, password):
    plan = complete_plan()
    sign_in(page, live_server, plan.participant.user, password)
    page.set_viewport_size({"width": 390, "height": 844})
    url = f"{live_server.url}/plans/{plan.pk}/edit/"
    page.goto(url)
    page.route("**/autosave/", lambda route: route.abort())  # the connection drops: nothing reaches the server

    page.get_by_label("Benefits", exact=True).fill("Antrian berkurang separuh.")
    page.locator("[name=stakeholders-0-role]").fill("Pembina wilayah")
    page.get_by_role("button", name="Add a stakeholder").click()
    page.locator("[name=stakeholders-1-name]").fill("Lurah")
    page.locator("[name=stakeholders-1-role]").fill("Penggerak warga")
    page.get_by_role("button", name="Add a milestone").click()
    page.locator("[name=milestones-1-deliverable]").fill("Evaluasi layanan")
    page.locator("[name=milestones-1-due_date]").fill("2017-12-15")
    page.get_by_text("Not saved: no connection to the server.").wait_for()

    page.unroute("**/autosave/")
    page.evaluate("window.inovasiLeaving = true")  # the participant left anyway
    page.goto(url)
    assert page.locator("[name=stakeholders-1-name]").count() == 0
    page.get_by_role("button", name="Bring it back").click()
    page.locator("[name=milestones-1-deliverable]").wait_for()
    page.get_by_text("Saved at").wait_for()

    assert page.locator("[name=stakeholders-1-name]").input_value() == "Lurah"
    plan = ActionPlan.objects.get(pk=plan.pk)
    assert plan.benefits == "Antrian berkurang separuh."
    assert list(plan.stakeholders.values_list("name", "role")) == [
        ("Camat", "Pembina wilayah"),
        ("Lurah", "Penggerak warga"),
    ]
    assert list(plan.milestones.order_by("due_date").values_list("deliverable", flat=True)) == [
        "SK tim",
        "Evaluasi layanan",
    ]
