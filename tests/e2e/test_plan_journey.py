import pytest

from innovations.models import ActionPlan
from tests.e2e.conftest import sign_in
from tests.factories import ClusterFactory, ParticipantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SECTIONS = [
    "Background",
    "Problem",
    "Ideal state",
    "The innovation (terobosan)",
    "Objectives",
    "Benefits",
    "Outputs and outcomes",
    "Resources",
    "Success indicators",
]


def test_participant_writes_and_submits_mentor_returns_then_approves(page, live_server, password):
    participant = ParticipantFactory()
    ClusterFactory(cohort=participant.cohort, name="Layanan Langsung")
    mentor = participant.mentor.user

    sign_in(page, live_server, participant.user, password)
    page.get_by_role("button", name="Start my action plan").click()
    page.get_by_label("Issue").fill("Antrian surat pengantar panjang setiap pagi")
    for name in ["Aktual", "Problematik", "Kekhalayakan", "Layak"]:
        page.get_by_label(name, exact=True).check()
    page.get_by_label("Urgency").fill("5")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_role("button", name="Choose").click()
    page.get_by_role("link", name="Go on to write the plan").click()

    page.get_by_label("Title").fill("Surat Pengantar Selesai dalam 15 Menit")
    page.get_by_label("Cluster").select_option(label="Layanan Langsung")
    for section in SECTIONS:
        page.get_by_label(section, exact=True).fill(f"{section} dari rencana ini.")
    page.get_by_text("Saved at").wait_for()  # autosave answered while typing
    page.get_by_role("button", name="Add a stakeholder").click()
    page.locator("[name=stakeholders-0-name]").fill("Kepala lingkungan")
    page.locator("[name=stakeholders-0-role]").fill("Penghubung warga")
    page.get_by_role("button", name="Add a risk").click()
    page.locator("[name=risks-0-description]").fill("Petugas cuti")
    page.locator("[name=risks-0-mitigation]").fill("Petugas cadangan")
    page.get_by_role("button", name="Add a milestone").click()
    page.locator("[name=milestones-0-deliverable]").fill("SOP baru disahkan")
    page.locator("[name=milestones-0-due_date]").fill("2017-09-30")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("The plan is saved.").wait_for()
    page.get_by_role("button", name="Submit to my mentor").click()
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
    page.get_by_text("The plan is submitted to your mentor.").wait_for()

    sign_in(page, live_server, mentor, password)
    page.goto(f"{live_server.url}/plans/{plan.pk}/review/")
    assert page.locator("ins").filter(has_text="40").count() >= 1
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("The plan is approved.").wait_for()

    plan.refresh_from_db()
    assert plan.state == "approved"
    assert list(plan.events.values_list("to_state", flat=True)) == ["submitted", "revision", "submitted", "approved"]
