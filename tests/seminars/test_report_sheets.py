"""The report's lembar pengesahan: once the report is examined at the report seminar, the sheet is prepared from it,
signed by the programme's signers (Latsar: coach, mentor, examiner) and sealed; the report is signed off and the
work completed. The design's sheet stays the design's."""

from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, TestCase
from django.urls import reverse

from innovations import reports
from innovations.models import ActionPlan, WorkReport
from participants.audit import events_of
from participants.models import Participant
from portal.todos import coach_todo
from programmes.models import Programme
from seminars import agreements, report_sheets
from seminars.models import Agreement
from tests.downloads import pdf_text
from tests.factories import PASSWORD, CohortFactory, examined_plan
from tests.innovations.report_world import entries
from tests.races import at_once, require_postgresql


def sign(sheet, user):
    agreements.sign(sheet, by=user, password=PASSWORD, ip_address="10.0.0.1", user_agent="test")


def latsar_examined(cohort):
    """A Latsar plan whose design sheet is sealed (agreed) and whose report is approved: (plan, examiner)."""
    programme = Programme.objects.get(code="latsar-cpns")
    cohort.programme, cohort.spec = programme, programme.spec
    cohort.save()
    cohort.organisation.head_name, cohort.organisation.head_position = "Dr. Sri Handayani", "Kepala BPSDM"
    cohort.organisation.save()
    plan, examiner = examined_plan(cohort, with_coach=True)
    coach, mentor = plan.participant.coach.user, plan.participant.mentor.user
    design = agreements.prepare_agreement(plan, by=plan.participant.user)
    for user in (coach, mentor, examiner.user):
        sign(design, user)
    plan.refresh_from_db()
    owner = plan.participant.user
    report = reports.save_report(
        plan, by=owner, version=0, summary="Aktualisasi berjalan.", effect="Antrean berkurang.", entries=entries(plan)
    )
    report = reports.submit_report(report, by=owner, version=report.version)
    reports.approve_report(report, by=coach)
    return plan, examiner


@pytest.fixture
def approved(cohort):
    return latsar_examined(cohort)


@pytest.fixture
def examined(approved):
    plan, examiner = approved
    reports.examine_report(plan, by=examiner.user)
    return plan, examiner


def test_examine_report_moves_the_approved_report_on_and_audits_it(approved):
    plan, examiner = approved

    report = reports.examine_report(plan, by=examiner.user)

    assert (report.state, WorkReport.objects.get(plan=plan).state) == ("examined", "examined")
    assert [e.verb for e in events_of(report)][-1:] == ["work_report.examine"]


def test_examine_report_refuses_a_report_not_approved(examined):
    plan, examiner = examined

    with pytest.raises(ValidationError):
        reports.examine_report(plan, by=examiner.user)

    assert WorkReport.objects.get(plan=plan).state == "examined"


def test_the_whole_path_seals_the_sheet_signs_the_report_and_completes_the_work(examined, client):
    plan, examiner = examined
    coach, mentor = plan.participant.coach.user, plan.participant.mentor.user

    sheet = report_sheets.prepare_report_sheet(plan, by=plan.participant.user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        for user in (coach, mentor, examiner.user):
            sign(sheet, user)

    sheet.refresh_from_db()
    plan.refresh_from_db()
    assert (sheet.stage, sheet.state, plan.work_report.state, plan.state) == ("report", "sealed", "signed", "completed")
    assert list(sheet.content["parties"]) == ["coach", "mentor", "examiner"]
    assert sheet.content["head"]["name"] == "Dr. Sri Handayani"
    assert agreements.sheet_of(plan).stage == "design"  # the design's sheet stays the design's
    assert sheet.pdf.name.endswith(f"/lembar-pengesahan-laporan-aktualisasi-{sheet.code}.pdf")
    with sheet.pdf.open("rb") as stored:
        text = pdf_text(stored.read())
    assert "LEMBAR PENGESAHAN LAPORAN AKTUALISASI" in text
    first = plan.milestones.all()[0]
    assert f"Melaksanakan {first.deliverable}." in " ".join(text.split())
    assert "Mengetahui," in text
    assert [e.verb for e in events_of(plan.work_report)][-1:] == ["work_report.sign"]
    assert events_of(plan).filter(to_state="completed").get().note == (
        "The report's approval sheet is signed by all its signers."
    )
    client.force_login(mentor)
    page = client.get(reverse("seminars:verify", args=[sheet.code]))
    assert (page.status_code, page.context["agreement"]) == (200, sheet)


def test_the_sheet_is_not_prepared_before_the_report_is_examined(approved):
    plan, _examiner = approved

    with pytest.raises(ValidationError) as refused:
        report_sheets.prepare_report_sheet(plan, by=plan.participant.user)

    assert refused.value.code == "not_examined"
    assert agreements.sheet_of(plan, agreements.REPORT) is None


def test_the_sheet_is_not_prepared_without_a_coach(examined):
    plan, _examiner = examined
    Participant.objects.filter(pk=plan.participant.pk).update(coach=None)
    plan = ActionPlan.objects.get(pk=plan.pk)

    with pytest.raises(ValidationError) as refused:
        report_sheets.prepare_report_sheet(plan, by=plan.participant.user)

    assert refused.value.code == "no_coach"
    assert agreements.sheet_of(plan, agreements.REPORT) is None


def test_a_non_signer_and_a_second_signature_are_refused(examined):
    plan, _examiner = examined
    sheet = report_sheets.prepare_report_sheet(plan, by=plan.participant.user)
    sign(sheet, plan.participant.coach.user)

    with pytest.raises(ValidationError) as outsider:
        sign(sheet, plan.participant.user)
    with pytest.raises(ValidationError) as again:
        sign(sheet, plan.participant.coach.user)

    assert outsider.value.messages == ["You are not one of those who sign this sheet."]
    assert again.value.messages == ["You have already signed this agreement."]
    assert sheet.signatures.count() == 1


def test_preparing_twice_returns_the_same_sheet(examined):
    plan, _examiner = examined

    first = report_sheets.prepare_report_sheet(plan, by=plan.participant.user)
    second = report_sheets.prepare_report_sheet(plan, by=plan.participant.mentor.user)

    assert (first.pk, first.number) == (second.pk, second.number)


def test_the_pages_prepare_and_sign_the_sheet_and_the_report_links_it(examined, client):
    plan, _examiner = examined
    coach = plan.participant.coach.user
    client.force_login(coach)

    client.post(reverse("seminars:report_sheet_prepare", args=[plan.pk]))
    client.post(reverse("seminars:report_sheet_sign", args=[plan.pk]), {"password": PASSWORD})
    page = client.get(reverse("seminars:report_sheet", args=[plan.pk]))
    report_page = client.get(reverse("innovations:work_report", args=[plan.pk]))

    sheet = Agreement.objects.get(plan=plan, stage="report")
    assert list(sheet.signatures.values_list("role", flat=True)) == ["coach"]
    assert (page.status_code, page.context["sheet_title"]) == (200, "Lembar Pengesahan Laporan Aktualisasi")
    assert (report_page.context["sheet"], report_page.context["sheet_url"]) == (sheet, page.request["PATH_INFO"])


@pytest.mark.django_db(transaction=True)
def test_two_last_signatures_at_once_seal_once():
    require_postgresql()
    plan, examiner = latsar_examined(CohortFactory())
    reports.examine_report(plan, by=examiner.user)
    sheet = report_sheets.prepare_report_sheet(plan, by=plan.participant.user)
    sign(sheet, plan.participant.coach.user)
    clients = []
    for user in (plan.participant.mentor.user, examiner.user):
        client = Client()
        client.force_login(user)
        clients.append(client)
    url = reverse("seminars:report_sheet_sign", args=[plan.pk])

    at_once(*(partial(client.post, url, {"password": PASSWORD}) for client in clients))

    sheet.refresh_from_db()
    plan.refresh_from_db()
    assert (sheet.state, sheet.signatures.count(), plan.state) == ("sealed", 3, "completed")
    assert events_of(plan).filter(to_state="completed").count() == 1
    assert events_of(plan.work_report).filter(verb="work_report.sign").count() == 1


def test_staff_prepare_it_on_its_page(examined, client, staff_user):
    plan, _examiner = examined
    plan.participant.cohort.organisation.staff_members.add(staff_user)
    client.force_login(staff_user)

    client.post(reverse("seminars:report_sheet_prepare", args=[plan.pk]))

    sheet = agreements.sheet_of(plan, agreements.REPORT)
    assert (sheet.state, events_of(sheet).get().actor) == ("prepared", staff_user)


def test_the_coachs_to_do_names_the_sheet_and_opens_its_page(examined):
    plan, _examiner = examined
    report_sheets.prepare_report_sheet(plan, by=plan.participant.user)

    [sheets] = [item for item in coach_todo(plan.participant.coach.user) if "sheet" in item.label]

    assert sheets.items == [
        (
            f"{plan.participant.user.full_name}: {plan.title} (Lembar Pengesahan Laporan Aktualisasi)",
            reverse("seminars:report_sheet", args=[plan.pk]),
        )
    ]
