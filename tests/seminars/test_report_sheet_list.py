"""Staff's list of the report's sheets (the lembar pengesahan), beside the design's; the archive of both stages' sealed
sheets; the examiner's panel asking for the report's sheet on the report seminar."""

import io
import zipfile

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils.text import slugify

from innovations import reports
from participants.audit import events_of
from participants.models import Notification
from seminars import agreements, report_sheets
from seminars.models import Agreement, Slot
from seminars.services import seminar_times
from tests.downloads import ask, fetch
from tests.factories import PASSWORD, PanelFactory, SeminarFactory, UserFactory, examined_plan
from tests.seminars.test_report_sheets import latsar_examined

DESIGN_TITLE, REPORT_TITLE = "Lembar Persetujuan Rancangan Aktualisasi", "Lembar Pengesahan Laporan Aktualisasi"


def sign(sheet, user):
    agreements.sign(sheet, by=user, password=PASSWORD, ip_address="10.0.0.1", user_agent="test")


def report_examined(cohort):
    """A Latsar plan whose design sheet is sealed and whose report is examined: (plan, examiner)."""
    plan, examiner = latsar_examined(cohort)
    reports.examine_report(plan, by=examiner.user)
    return plan, examiner


@pytest.fixture
def examined(cohort):
    return report_examined(cohort)


def list_url(cohort):
    return reverse("seminars:report_sheet_list", args=[cohort.slug])


def test_the_report_list_shows_each_sheet_and_whom_it_waits_for(client, cohort, staff_user, examined):
    plan, _examiner = examined
    sheet = report_sheets.prepare_report_sheet(plan, by=plan.participant.user)
    sign(sheet, plan.participant.coach.user)
    client.force_login(staff_user)

    response = client.get(list_url(cohort))

    assert response.context["rows"] == [(sheet, ["mentor", "examiner"])]
    assert list(response.context["not_prepared"]) == []
    assert [(tab["title"], tab["url"], tab["active"]) for tab in response.context["tabs"]] == [
        (DESIGN_TITLE, reverse("seminars:agreement_list", args=[cohort.slug]), False),
        (REPORT_TITLE, list_url(cohort), True),
    ]
    page = response.content.decode()
    assert f'href="{reverse("seminars:report_sheet", args=[plan.pk])}"' in page
    assert "mentor, examiner" in page


def test_the_design_list_of_a_latsar_cohort_names_the_coach_and_links_the_report_list(
    client, cohort, staff_user, examined
):
    plan, examiner = latsar_examined(cohort)  # a second plan, its design's sheet sealed
    design = agreements.sheet_of(plan)
    waiting = examined_plan(cohort, with_coach=True)[0]
    agreements.prepare_agreement(waiting, by=waiting.participant.user)
    client.force_login(staff_user)

    response = client.get(reverse("seminars:agreement_list", args=[cohort.slug]))

    assert design in [agreement for agreement, _waiting in response.context["rows"]]
    assert response.context["rows"][-1][1] == ["coach", "mentor", "examiner"]
    assert "coach, mentor, examiner" in response.content.decode()
    assert [tab["active"] for tab in response.context["tabs"]] == [True, False]
    assert f'href="{list_url(cohort)}"' in response.content.decode()
    assert examiner  # the second plan's examiner signed its design's sheet


def test_the_report_list_offers_staff_to_prepare_an_examined_reports_sheet(client, cohort, staff_user, examined):
    plan, examiner = examined
    client.force_login(staff_user)
    listing = client.get(list_url(cohort))
    design_listing = client.get(reverse("seminars:agreement_list", args=[cohort.slug]))

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("seminars:report_sheet_prepare_for", args=[cohort.slug]), {"plan": plan.pk}, follow=True
        )

    assert list(listing.context["not_prepared"]) == [plan]
    assert list(design_listing.context["not_prepared"]) == []
    assert f"Prepare: {REPORT_TITLE}" in listing.content.decode()
    sheet = Agreement.objects.get(plan=plan, stage="report")
    assert response.redirect_chain == [(list_url(cohort), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        f"“{REPORT_TITLE}” of {plan.participant.user.full_name} is ready to sign; its signers are told."
    ]
    assert [(e.verb, e.actor) for e in events_of(sheet)] == [("agreement.prepare", staff_user)]
    assert list(sheet.content["parties"]) == ["coach", "mentor", "examiner"]
    assert sheet.examiner == examiner


def test_staff_preparing_a_sheet_before_the_report_is_examined_are_told_why(client, cohort, staff_user):
    plan, _examiner = latsar_examined(cohort)  # its report approved, not yet examined
    client.force_login(staff_user)

    response = client.post(
        reverse("seminars:report_sheet_prepare_for", args=[cohort.slug]), {"plan": plan.pk}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "The sheet is prepared once the report has been examined at the report seminar."
    ]
    assert agreements.sheet_of(plan, agreements.REPORT) is None


def test_a_2017_cohort_has_no_report_list_and_its_design_list_no_tabs(client, cohort, staff_user):
    client.force_login(staff_user)

    report = client.get(list_url(cohort))
    prepare = client.post(reverse("seminars:report_sheet_prepare_for", args=[cohort.slug]), {"plan": 1})
    design = client.get(reverse("seminars:agreement_list", args=[cohort.slug]))

    assert (report.status_code, prepare.status_code) == (404, 404)
    assert (design.context["tabs"], design.context["heading"]) == ([], "Agreements")
    assert "/report/" not in design.content.decode()


def test_the_report_list_is_for_the_cohorts_staff_only(client, cohort, examined):
    plan, examiner = examined
    urls = [list_url(cohort), reverse("seminars:report_sheet_prepare_for", args=[cohort.slug])]

    anonymous = [client.get(urls[0]), client.post(urls[1], {"plan": plan.pk})]
    answers = []
    for user in (UserFactory(is_staff=True), examiner.user, plan.participant.mentor.user, plan.participant.user):
        client.force_login(user)
        answers.append((client.get(urls[0]).status_code, client.post(urls[1], {"plan": plan.pk}).status_code))

    login = reverse("participants:login")
    assert [(r.status_code, r.url.split("?")[0]) for r in anonymous] == [(302, login), (302, login)]
    assert answers == [(404, 404)] * 4
    assert client.get(urls[1]).status_code == 405
    assert agreements.sheet_of(plan, agreements.REPORT) is None


def test_reminding_from_the_report_list_comes_back_to_it(client, cohort, staff_user, examined):
    plan, _examiner = examined
    report_sheets.prepare_report_sheet(plan, by=plan.participant.user)
    client.force_login(staff_user)

    response = client.post(reverse("seminars:agreement_remind", args=[cohort.slug]), {"stage": "report"})

    assert response.url == list_url(cohort)
    # The coach is asked for the report's sheet by its title: a Latsar work has two sheets.
    told = Notification.objects.filter(user=plan.participant.coach.user).latest("pk")
    assert told.texts["en"] == f"Please sign: Lembar Pengesahan Laporan Aktualisasi: {plan.title}."


@pytest.mark.parametrize("count", [1, 3])
def test_report_list_query_count_does_not_grow(client, cohort, staff_user, count, django_assert_num_queries):
    for _ in range(count):
        plan, _examiner = report_examined(cohort)
        report_sheets.prepare_report_sheet(plan, by=plan.participant.user)
        report_examined(cohort)  # and one not prepared yet
    client.force_login(staff_user)

    # As many as the design's list: the sheets, their signatures and the plans not prepared, whatever their number.
    with django_assert_num_queries(7):
        response = client.get(list_url(cohort))

    assert (len(response.context["rows"]), len(response.context["not_prepared"])) == (count, count)


# The archive of sealed sheets ------------------------------------------------------------------------------------


def test_the_archive_holds_both_stages_sealed_sheets_a_folder_each(client, cohort, staff_user, examined):
    plan, examiner = examined
    design = agreements.sheet_of(plan)
    assert not design.pdf  # its signatures' commit never ran its PDF job: the archive's job renders it
    sheet = report_sheets.prepare_report_sheet(plan, by=plan.participant.user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        for user in (plan.participant.coach.user, plan.participant.mentor.user, examiner.user):
            sign(sheet, user)
    client.force_login(staff_user)

    _response, job = ask(client, reverse("seminars:agreement_zip", args=[cohort.slug]))
    download, data = fetch(client, job)

    archive = zipfile.ZipFile(io.BytesIO(data))
    person = f"{plan.participant.roll_number:03d}-{slugify(plan.participant.user.full_name)}.pdf"
    assert archive.namelist() == [
        f"lembar-persetujuan-rancangan-aktualisasi/{person}",
        f"lembar-pengesahan-laporan-aktualisasi/{person}",
    ]
    sheet.refresh_from_db()
    design.refresh_from_db()
    with design.pdf.open("rb") as first, sheet.pdf.open("rb") as second:
        assert [archive.read(name) for name in archive.namelist()] == [first.read(), second.read()]
    assert (job.state, job.progress_done, job.filename) == ("done", 2, f"lembar-{cohort.slug}.zip")
    assert download["Content-Type"] == "application/zip"


# The examiner's panel -------------------------------------------------------------------------------------------


def test_the_report_seminars_panel_asks_for_the_report_sheet_by_its_title(client, cohort, examined):
    plan, examiner = examined
    report = SeminarFactory(cohort=cohort, stage="report", title="Seminar Laporan")
    room = PanelFactory(room__seminar=report, examiners=[examiner]).room
    start, end = seminar_times(report)[0]
    Slot.objects.create(seminar=report, room=room, plan=plan, starts_at=start, ends_at=end)
    report_sheets.prepare_report_sheet(plan, by=plan.participant.user)
    client.force_login(examiner.user)

    on_report = client.get(reverse("seminars:panel", args=[cohort.slug, "report"])).content.decode()
    on_design = client.get(reverse("seminars:panel", args=[cohort.slug])).content.decode()

    report_page, design_page = (
        reverse(name, args=[plan.pk]) for name in ("seminars:report_sheet", "seminars:agreement")
    )
    assert f'<a class="badge text-bg-danger" href="{report_page}">Sign: {REPORT_TITLE}<span' in on_report
    assert "Sign the agreement" not in on_report
    assert f'<a class="small" href="{design_page}">{DESIGN_TITLE}<span' in on_design  # sealed: a link, no badge
    assert "text-bg-danger" not in on_design
