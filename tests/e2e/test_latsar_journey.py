"""A Latsar CPNS participant, their coach and mentor and an examiner, through the pages they use, from the first
draft to a sealed lembar pengesahan: the rancangan aktualisasi written, consulted on, approved by the coach, examined
at the design seminar and signed off on its lembar persetujuan; the habituation's consultation; the laporan
aktualisasi written, approved by the coach, examined at the report seminar and signed off on its lembar pengesahan,
which completes the work. The organiser's own steps (the cohort, its people, the schedules) are set up as staff would
leave them. Each step's screenshot is saved under test-artifacts/ if the test fails."""

import copy
import datetime

import pytest

from innovations.models import ActionPlan, Consultation, WorkReport
from participants.audit import events_of
from participants.models import Notification
from programmes.models import Programme
from seminars import agreements
from seminars.services import schedule_seminar
from tests.e2e.conftest import choose_issue, confirm, fill_form, home_says, sign_in, submit_scores
from tests.factories import (
    CohortFactory,
    ExaminerFactory,
    PanelFactory,
    ParticipantFactory,
    SeminarFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Layanan Surat Keterangan Satu Pintu di Kelurahan"
SIGNERS = ["coach", "mentor", "examiner"]


@pytest.fixture
def latsar(programmes):
    """A Latsar cohort whose staff ask one confirmed consultation before each seminar, with a participant who has a
    coach and a mentor, and an examiner on the panel of both seminars."""
    programme = Programme.objects.get(code="latsar-cpns")
    spec = copy.deepcopy(programme.spec)
    for stage in spec["stages"]:
        stage["min_consultations"] = 1
    cohort = CohortFactory(
        programme=programme,
        spec=spec,
        name="Latsar CPNS Angkatan I",
        start_date=datetime.date(2017, 7, 24),
        end_date=datetime.date(2017, 10, 31),
    )
    cohort.organisation.head_name, cohort.organisation.head_position = "Dr. Sri Handayani", "Kepala BPSDM"
    cohort.organisation.save()
    participant = ParticipantFactory(cohort=cohort, with_coach=True, user__full_name="Putri Ayu Lestari, S.Kom")
    examiner = ExaminerFactory(cohort=cohort, user__full_name="Dr. Andi Wahyudi")
    seminars = {}
    for stage, title, day in (
        ("design", "Seminar Rancangan Aktualisasi", datetime.date(2017, 8, 21)),
        ("report", "Seminar Laporan Aktualisasi", datetime.date(2017, 10, 2)),
    ):
        seminars[stage] = SeminarFactory(cohort=cohort, stage=stage, title=title, date=day)
        PanelFactory(room__seminar=seminars[stage], room__name="Ruang Toba", examiners=[examiner])
    return participant, examiner, seminars


def record_consultation(page, base, plan, *, consultant, held_on, topic):
    page.goto(f"{base}{plan.get_absolute_url()}")
    page.get_by_role("link", name="Record a consultation").click()
    fill_form(
        page,
        {
            "consultant": consultant,
            "held_on": held_on,
            "mode": "in_person",
            "topic": topic,
            "advice": "Fokus pada satu layanan yang paling dikeluhkan.",
            "follow_up": "Kirim draf minggu depan.",
        },
    )
    page.get_by_role("button", name="Record and send for confirmation").click()
    page.get_by_text("The consultation is recorded and sent for confirmation.").wait_for()


def confirm_consultation(page, live_server, user, password, topic, name):
    sign_in(page, live_server, user, password)
    page.get_by_role("link", name=f"{name}: {topic}").click()
    page.locator("tr", has_text=topic).get_by_role("button", name="Confirm").click()
    page.get_by_text("The consultation is confirmed.").wait_for()


def score(page, live_server, examiner, password, stage_path, value):
    sign_in(page, live_server, examiner.user, password)
    page.goto(f"{live_server.url}/cohorts/{examiner.cohort.slug}/seminar/{stage_path}panel/")
    submit_scores(page, TITLE, value, "Perjelas ukuran keberhasilan.")


def sign_sheet(page, live_server, user, password, url, sheet_title):
    sign_in(page, live_server, user, password)
    page.goto(f"{live_server.url}{url}")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=f"Sign: {sheet_title}").click()
    page.get_by_text("You have signed").first.wait_for()


def write_design(page):
    """From the participant's home: the core issue chosen, every section written under the programme's headings,
    one activity."""
    choose_issue(page, "rancangan aktualisasi", "Surat keterangan diurus di tiga meja berbeda")
    page.get_by_label("Title").fill(TITLE)
    for section in Programme.objects.get(code="latsar-cpns").spec["sections"]:  # under the programme's headings
        page.get_by_label(section["label"], exact=True).fill(f"{section['label']}: uraian peserta.")
    page.get_by_role("button", name="Add a milestone").click()
    page.locator("[name=milestones-0-deliverable]").fill("Menyusun alur layanan satu pintu")
    page.locator("[name=milestones-0-due_date]").fill("2017-09-15")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("The plan is saved.").wait_for()


def test_a_latsar_participant_goes_through_both_seminars_to_a_signed_lembar_pengesahan(
    page, live_server, password, latsar, step
):
    participant, examiner, seminars = latsar
    coach, mentor = participant.coach.user, participant.mentor.user
    owner = participant.user
    base = live_server.url
    errors = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))

    with step("participant-writes-the-design"):
        sign_in(page, live_server, owner, password)
        write_design(page)
        plan = ActionPlan.objects.get(participant=participant)
        record_consultation(page, base, plan, consultant="coach", held_on="2017-08-01", topic="Ruang lingkup isu")

    with step("coach-confirms-the-consultation"):
        confirm_consultation(page, live_server, coach, password, "Ruang lingkup isu", owner.full_name)

    with step("participant-submits"):
        sign_in(page, live_server, owner, password)
        page.goto(f"{base}{plan.get_absolute_url()}")
        page.get_by_role("button", name="Submit to my coach").click()
        confirm(page, "Submit")
        page.get_by_text("The plan is submitted to your coach.").wait_for()
        home_says(page, live_server, "Waiting for your coach's review")

    with step("coach-approves-the-design"):
        sign_in(page, live_server, coach, password)
        home_says(page, live_server, "1 plan to review")
        page.goto(f"{base}/plans/{plan.pk}/review/")
        page.get_by_role("button", name="Approve").click()
        confirm(page, "Approve")
        page.get_by_text("The plan is approved.").wait_for()

    schedule_seminar(seminars["design"], by=None)  # the organiser builds the design seminar's schedule
    with step("examiner-scores-the-design"):
        score(page, live_server, examiner, password, "", "84")
    plan.refresh_from_db()
    assert plan.state == ActionPlan.State.EXAMINED

    design_title = "Lembar Persetujuan Rancangan Aktualisasi"
    with step("participant-prepares-the-approval-sheet"):
        sign_in(page, live_server, owner, password)
        home_says(page, live_server, f"Prepare your {design_title}")
        page.goto(f"{base}/agreements/{plan.pk}/")
        page.get_by_role("button", name=f"Prepare: {design_title}").click()
        page.get_by_text("ready to sign").first.wait_for()
    for who in (coach, mentor, examiner.user):
        with step(f"signs-the-design-{who.email}"):
            sign_sheet(page, live_server, who, password, f"/agreements/{plan.pk}/", design_title)
    plan.refresh_from_db()
    assert plan.state == ActionPlan.State.AGREED

    with step("participant-consults-the-mentor-in-the-habituation"):
        sign_in(page, live_server, owner, password)
        record_consultation(page, base, plan, consultant="mentor", held_on="2017-09-05", topic="Uji coba layanan")
    with step("mentor-confirms-the-consultation"):
        confirm_consultation(page, live_server, mentor, password, "Uji coba layanan", owner.full_name)

    with step("participant-writes-the-report"):
        sign_in(page, live_server, owner, password)
        home_says(page, live_server, "Write your report on what was carried out")
        page.goto(f"{base}{plan.get_absolute_url()}")
        page.get_by_role("link", name="Write the report").click()
        page.get_by_label("Summary of what was carried out").fill("Layanan satu pintu berjalan sejak September.")
        page.get_by_label("Effect on the work unit").fill("Waktu layanan turun dari 3 hari menjadi 1 hari.")
        activity = page.locator(f"#milestone-{plan.milestones.get().pk}")
        activity.get_by_label("What was done").fill("Menyusun dan menerapkan alur layanan satu pintu.")
        activity.get_by_label("Akuntabel").check()
        page.get_by_role("button", name="Save and submit for review").click()
        page.get_by_text("Your report is submitted to your coach and mentor.").wait_for()

    with step("coach-approves-the-report"):
        sign_in(page, live_server, coach, password)
        page.get_by_role("link", name=f"{owner.full_name}: {TITLE}").click()
        page.get_by_role("button", name="Approve for the report seminar").click()
        page.get_by_text("The report is approved.").wait_for()

    schedule_seminar(seminars["report"], by=None)  # the organiser builds the report seminar's schedule
    with step("examiner-scores-the-report"):
        score(page, live_server, examiner, password, "report/", "88")
    assert WorkReport.objects.get(plan=plan).state == WorkReport.State.EXAMINED

    report_title = "Lembar Pengesahan Laporan Aktualisasi"
    with step("participant-prepares-the-lembar-pengesahan"):
        sign_in(page, live_server, owner, password)
        page.goto(f"{base}/plans/{plan.pk}/report/")
        page.get_by_role("link", name="Prepare the sheet").click()
        page.get_by_role("button", name=f"Prepare: {report_title}").click()
        page.get_by_text("ready to sign").first.wait_for()
    for who in (coach, mentor, examiner.user):
        with step(f"signs-the-report-{who.email}"):
            sign_sheet(page, live_server, who, password, f"/agreements/{plan.pk}/report/", report_title)

    with step("participant-sees-the-work-completed"):
        sign_in(page, live_server, owner, password)
        home_says(page, live_server, "Your work is completed: its report is signed off")

    sealed = agreements.sheet_of(plan, agreements.REPORT)
    with step("public-verifies-the-lembar-pengesahan"):
        page.context.clear_cookies()
        page.goto(f"{base}/verify/")
        page.get_by_label("Verification code").fill(sealed.code.lower())
        page.get_by_role("button", name="Verify").click()
        page.get_by_text("Genuine and unchanged.").wait_for()

    plan.refresh_from_db()
    design = agreements.sheet_of(plan, agreements.DESIGN)
    assert plan.state == ActionPlan.State.COMPLETED
    assert [(s.stage, s.state) for s in (design, sealed)] == [("design", "sealed"), ("report", "sealed")]
    assert [list(s.signatures.order_by("signed_at").values_list("role", flat=True)) for s in (design, sealed)] == [
        SIGNERS,
        SIGNERS,
    ]
    assert list(Consultation.objects.filter(plan=plan).values_list("stage", "consultant", "state")) == [
        ("design", "coach", "confirmed"),
        ("report", "mentor", "confirmed"),
    ]
    assert [e.verb for e in events_of(plan.work_report)] == [
        "work_report.start",
        "work_report.submit",
        "work_report.approve",
        "work_report.examine",
        "work_report.sign",
    ]
    assert list(plan.score_sheets.order_by("seminar__date").values_list("seminar__stage", "total")) == [
        ("design", 84),
        ("report", 88),
    ]
    # The coach, who approves Latsar's design, is told of its submission; the mentor is not asked to review it.
    told = {
        who: list(Notification.objects.filter(user=who).order_by("pk").values_list("texts__en", flat=True))
        for who in (coach, mentor)
    }
    review = f"{owner.full_name} submitted the action plan “{TITLE}” for your review."
    assert (told[coach].count(review), told[mentor].count(review)) == (1, 0)
    assert errors == []
