"""The whole journey in one browser session, through the pages people use: from an empty installation
to a verified milestone. Each step's screenshot is kept and saved under test-artifacts/ if the test fails."""

import re

import pytest
from django.core import mail

from innovations.models import ActionPlan
from participants.audit import events_of
from participants.models import Notification, Participant
from seminars.models import Agreement, ScoreSheet
from tests.e2e.conftest import confirm, fill_form, home_says, sign_in, submit_scores, write_plan
from tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.participants.roster_files import person, roster, xlsx
from tests.portal.test_cohort_views import cohort_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PARTICIPANT_NIP = "198203152009041002"
TITLE = "Surat Pengantar Selesai dalam 15 Menit"


def welcome(page, live_server, email):
    """Follow the invitation mailed to someone and choose their password."""
    links = [re.search(r"/accounts/welcome/\S+/", m.body) for m in mail.outbox if email in m.to]
    page.context.clear_cookies()
    page.goto(live_server.url + next(link for link in links if link).group(0))
    page.locator("[name=new_password1]").fill(PASSWORD)
    page.locator("[name=new_password2]").fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    page.get_by_text("Your password is set and you are signed in.").wait_for()


def add_person(page, kind, name, nip, email, position, extra=None):
    page.get_by_role("link", name=f"Add {kind}").click()
    page.get_by_label("Full name with titles").fill(name)
    page.get_by_label("NIP").fill(nip)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Position (jabatan)").fill(position)
    if extra:
        extra()
    page.get_by_role("button", name="Add", exact=True).click()


def test_from_a_new_cohort_to_a_verified_milestone(page, live_server, step):
    organisation = OrganisationFactory()
    staff = UserFactory()
    organisation.staff_members.add(staff)
    base = live_server.url
    # A refused inline script or style, or any other script error, shows in the console.
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))

    with step("staff-create-cohort"):
        sign_in(page, live_server, staff, PASSWORD)
        page.goto(f"{base}/cohorts/new/")
        fill_form(page, cohort_data(organisation=organisation.pk))
        page.get_by_role("button", name="Save").click()
        page.get_by_role("heading", name="Angkatan I 2018").wait_for()

    with step("staff-import-roster"):
        page.get_by_role("link", name="Import roster").click()
        sheet = xlsx(roster(person(1, "Rina Marlina, SE", PARTICIPANT_NIP, email="rina@medan.example")))
        page.get_by_label("Roster spreadsheet").set_input_files(
            {"name": "peserta.xlsx", "mimeType": "application/octet-stream", "buffer": sheet}
        )
        page.get_by_role("button", name="Check the file").click()
        page.get_by_role("button", name="Import 1 new and 0 updated").click()
        page.get_by_text("Roster imported: 1 new, 0 updated").wait_for()

    with step("staff-add-mentor-and-examiners"):
        page.get_by_role("link", name="Mentors", exact=True).click()
        add_person(
            page,
            "a mentor",
            "Drs. Hendra Sembiring, M.Si",
            "196805211996091002",
            "camat@medan.example",
            "Camat Medan Baru",
            lambda: page.get_by_label("Kecamatan").select_option(label="Medan Baru"),
        )
        page.get_by_role("link", name="Examiners", exact=True).click()
        add_person(page, "an examiner", "Dr. Andi Wahyudi", "198211192010031002", "andi@lan.example", "Widyaiswara")
        page.get_by_role("link", name="Examiners", exact=True).click()
        add_person(page, "an examiner", "Dr. Tri Utomo", "197905062005011003", "tri@lan.example", "Widyaiswara")
        participant = Participant.objects.get(user__nip=PARTICIPANT_NIP)
        assert participant.mentor.user.email == "camat@medan.example"

    with step("participant-writes-and-submits"):
        welcome(page, live_server, "rina@medan.example")
        sign_in(page, live_server, participant.user, PASSWORD)
        write_plan(page, title=TITLE, cluster="Kearsipan", due_date="2018-06-30")
        page.get_by_role("button", name="Submit to my mentor").click()
        confirm(page, "Submit")
        page.get_by_text("The plan is submitted to your mentor.").wait_for()
        plan = ActionPlan.objects.get(participant=participant)
        home_says(page, live_server, "Waiting for your mentor's review")

    with step("mentor-returns"):
        welcome(page, live_server, "camat@medan.example")
        sign_in(page, live_server, participant.mentor.user, PASSWORD)
        home_says(page, live_server, "1 plan to review")
        page.goto(f"{base}/plans/mentees/")
        page.get_by_role("link", name=f"Review {TITLE}").click()
        page.get_by_label("Note to the participant").fill("Tambahkan data antrian saat ini.")
        page.get_by_role("button", name="Return for revision").click()
        page.get_by_text("The plan is returned for revision.").wait_for()

    with step("participant-revises"):
        sign_in(page, live_server, participant.user, PASSWORD)
        home_says(page, live_server, "Your mentor asks for changes")
        page.goto(f"{base}/plans/{plan.pk}/edit/")
        page.locator("[name=problem]").fill("Rata-rata 40 warga antre 2 jam setiap pagi.")
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_role("button", name="Submit to my mentor").click()
        confirm(page, "Submit")
        page.get_by_text("The plan is submitted to your mentor.").wait_for()

    with step("mentor-approves"):
        sign_in(page, live_server, participant.mentor.user, PASSWORD)
        page.goto(f"{base}/plans/{plan.pk}/review/")
        page.get_by_role("button", name="Approve").click()
        confirm(page, "Approve")
        page.get_by_text("The plan is approved.").wait_for()

    with step("staff-schedules"):
        sign_in(page, live_server, staff, PASSWORD)
        page.goto(f"{base}/cohorts/medan-2018/seminar/")
        page.locator("[name=rooms-0-name]").fill("Ruang Deli")
        for examiner in ["Dr. Andi Wahyudi", "Dr. Tri Utomo"]:
            page.get_by_label(examiner).first.check()
        page.get_by_role("button", name="Save").click()
        page.goto(f"{base}/cohorts/medan-2018/seminar/schedule/")
        page.get_by_role("button", name="Build the schedule").click()
        page.get_by_role("cell", name=TITLE).first.wait_for()
        sign_in(page, live_server, participant.user, PASSWORD)
        home_says(page, live_server, "Present your plan at the seminar")
        page.get_by_text("in Ruang Deli").first.wait_for()

    for email, score in [("andi@lan.example", "85"), ("tri@lan.example", "80")]:
        with step(f"examiner-scores-{score}"):
            welcome(page, live_server, email)
            sign_in(page, live_server, UserFactory._meta.model.objects.get(email=email), PASSWORD)
            home_says(page, live_server, "1 score sheet to fill in")
            page.goto(f"{base}/cohorts/medan-2018/seminar/panel/")
            submit_scores(page, TITLE, score, "Perjelas indikator keberhasilan.")
    assert ScoreSheet.objects.filter(plan=plan, state="submitted").count() == 2

    with step("staff-publishes-results"):
        sign_in(page, live_server, staff, PASSWORD)
        page.goto(f"{base}/cohorts/medan-2018/seminar/results/")
        assert "82.50" in page.get_by_role("row").filter(has_text=TITLE).first.inner_text()
        page.get_by_role("button", name="Publish the results").click()
        confirm(page, "Publish")
        page.get_by_text("The results are published").wait_for()

    with step("participant-prepares-and-signs"):
        sign_in(page, live_server, participant.user, PASSWORD)
        home_says(page, live_server, "Prepare your agreement")
        page.goto(f"{base}/agreements/{plan.pk}/")
        page.get_by_role("button", name="Prepare the agreement").click()
        page.get_by_text("The agreement is ready to sign.").wait_for()
        agreement = Agreement.objects.get(plan=plan)

    for who in [participant.user, agreement.examiner.user, participant.mentor.user]:
        with step(f"signs-{who.email}"):
            sign_in(page, live_server, who, PASSWORD)
            home_says(page, live_server, "Sign the agreement" if who == participant.user else "1 agreement to sign")
            page.goto(f"{base}/agreements/{plan.pk}/")
            page.get_by_label("Your password, to sign").fill(PASSWORD)
            page.get_by_role("button", name="Sign the agreement").click()
            page.get_by_text("You have signed the agreement.").wait_for()
    assert page.get_by_text("Sealed on").is_visible()

    with step("public-verifies"):
        page.context.clear_cookies()
        agreement.refresh_from_db()
        page.goto(f"{base}/verify/")
        page.get_by_label("Verification code").fill(agreement.code.lower())
        page.get_by_role("button", name="Verify").click()
        page.get_by_text("Genuine and unchanged.").wait_for()

    with step("participant-reports"):
        sign_in(page, live_server, participant.user, PASSWORD)
        page.goto(f"{base}/plans/{plan.pk}/progress/")
        page.get_by_text("Report progress").first.click()
        page.get_by_label("Status").select_option("done")
        page.get_by_label("Progress (%)").fill("100")
        page.get_by_label("What was done").fill("SOP baru disahkan Camat.")
        page.get_by_role("button", name="Send the report").click()
        page.get_by_text("Your report is sent to your mentor.").wait_for()

    with step("mentor-verifies"):
        sign_in(page, live_server, participant.mentor.user, PASSWORD)
        home_says(page, live_server, "1 progress report to verify")
        page.goto(f"{base}/plans/{plan.pk}/progress/")
        page.get_by_role("button", name="Verify").click()
        page.get_by_text("The report is verified.").wait_for()

    sign_in(page, live_server, participant.user, PASSWORD)
    home_says(page, live_server, "Your plan is completed")

    plan.refresh_from_db()
    assert plan.state == "completed"
    told = {
        who.email: [n.texts["en"] for n in Notification.objects.filter(user=who).order_by("created_at", "pk")]
        for who in [participant.user, participant.mentor.user, agreement.examiner.user]
    }
    assert told[participant.user.email] == [
        "Your mentor is now Drs. Hendra Sembiring, M.Si.",  # the Camat added after the roster
        f"Your mentor returned your action plan “{TITLE}” for revision.",
        f"Your mentor approved your action plan “{TITLE}”.",
        told[participant.user.email][3],
        "The results of the seminar are published: see your score and the examiners' notes.",
        f"The agreement of “{TITLE}” waits for your signature: sign it with your password.",
        f"The agreement of “{TITLE}” is signed by all three and sealed.",
        "Your mentor verified your report on “SOP baru disahkan”.",
        f"Every milestone of “{TITLE}” is verified: the plan is completed.",
    ]
    assert told[participant.user.email][3].startswith("Your exposé at the seminar is on ")
    assert told[participant.mentor.user.email] == [
        "Rina Marlina, SE now has you as mentor in Angkatan I 2018.",
        f"Rina Marlina, SE submitted the action plan “{TITLE}” for your review.",
        f"Rina Marlina, SE submitted the action plan “{TITLE}” for your review.",
        "The seminar schedule is set: the times and rooms of your 1 mentees.",
        f"The agreement of “{TITLE}” waits for your signature: sign it with your password.",
        f"The agreement of “{TITLE}” is signed by all three and sealed.",
        "Rina Marlina, SE reported progress on “SOP baru disahkan”.",
    ]
    assert told[agreement.examiner.user.email][0].startswith("The seminar schedule is set: your panel in Ruang Deli: 1")
    assert told[agreement.examiner.user.email][1:] == [
        f"The agreement of “{TITLE}” waits for your signature: sign it with your password.",
        f"The agreement of “{TITLE}” is signed by all three and sealed.",
    ]
    assert list(events_of(plan).values_list("verb", "to_state")) == [
        ("plan.start", "draft"),
        ("plan.submit", "submitted"),
        ("plan.return", "revision"),
        ("plan.submit", "submitted"),
        ("plan.approve", "approved"),
        ("plan.examine", "examined"),
        ("plan.agree", "agreed"),
        ("plan.complete", "completed"),
    ]
    assert errors == []
