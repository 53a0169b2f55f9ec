import pytest

from innovations.models import ActionPlan
from participants.audit import events_of
from tests.e2e.conftest import confirm, sign_in, write_plan
from tests.factories import ClusterFactory, ParticipantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_participant_writes_and_submits_mentor_returns_then_approves(page, live_server, password):
    participant = ParticipantFactory()
    ClusterFactory(cohort=participant.cohort, name="Layanan Langsung")
    mentor = participant.mentor.user

    sign_in(page, live_server, participant.user, password)
    write_plan(page, title="Surat Pengantar Selesai dalam 15 Menit", cluster="Layanan Langsung", due_date="2017-09-30")
    page.get_by_role("button", name="Submit to my mentor").click()
    page.get_by_role("dialog").get_by_role("button", name="Cancel").click()
    assert (page.get_by_role("dialog").is_visible(), ActionPlan.objects.get().state) == (False, "draft")
    page.get_by_role("button", name="Submit to my mentor").click()
    assert page.get_by_role("dialog").get_by_text("You cannot edit it until your mentor returns it").is_visible()
    confirm(page, "Submit")
    page.get_by_text("The plan is submitted to your mentor.").wait_for()

    plan = ActionPlan.objects.get()
    assert plan.state == "submitted"
    assert list(plan.milestones.values_list("deliverable", flat=True)) == ["SOP baru disahkan"]

    sign_in(page, live_server, mentor, password)
    page.goto(f"{live_server.url}/plans/mentees/")
    page.get_by_role("link", name="Review Surat Pengantar Selesai dalam 15 Menit").click()
    page.get_by_label("Note to the participant").fill("Tambahkan data antrian saat ini.")
    page.get_by_role("button", name="Return for revision").click()
    page.get_by_text("The plan is returned for revision.").wait_for()

    sign_in(page, live_server, participant.user, password)
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    assert page.get_by_text("Tambahkan data antrian saat ini.").is_visible()
    page.get_by_role("link", name="Write", exact=True).first.click()
    page.get_by_label("Problem", exact=True).fill("Rata-rata 40 warga antre 2 jam setiap pagi.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name="Submit to my mentor").click()
    confirm(page, "Submit")
    page.get_by_text("The plan is submitted to your mentor.").wait_for()

    sign_in(page, live_server, mentor, password)
    page.goto(f"{live_server.url}/plans/{plan.pk}/review/")
    assert page.locator("ins").filter(has_text="40").count() >= 1
    page.get_by_role("button", name="Approve").click()
    confirm(page, "Approve")
    page.get_by_text("The plan is approved.").wait_for()

    plan.refresh_from_db()
    assert plan.state == "approved"
    assert list(events_of(plan).values_list("verb", "to_state")) == [
        ("plan.start", "draft"),
        ("plan.submit", "submitted"),
        ("plan.return", "revision"),
        ("plan.submit", "submitted"),
        ("plan.approve", "approved"),
    ]
