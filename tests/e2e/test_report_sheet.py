"""On a phone (390 px): the coach opens the lembar pengesahan of a Latsar report examined at its seminar from the
report's page, reads it and signs it with their password; nothing scrolls sideways."""

import pytest
from django.urls import reverse

from innovations import reports
from seminars import agreements, report_sheets
from tests.e2e.conftest import sign_in
from tests.e2e.test_consultations import PHONE, fits
from tests.factories import CohortFactory
from tests.seminars.test_report_sheets import latsar_examined

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_coach_signs_the_reports_sheet_on_a_phone(page, live_server, password, programmes):
    plan, examiner = latsar_examined(CohortFactory())
    reports.examine_report(plan, by=examiner.user)
    report_sheets.prepare_report_sheet(plan, by=plan.participant.user)
    coach = plan.participant.coach.user
    page.set_viewport_size(PHONE)

    sign_in(page, live_server, coach, password)
    page.goto(f"{live_server.url}{reverse('innovations:work_report', args=[plan.pk])}")
    page.get_by_role("link", name="Open the sheet").click()
    reading = fits(page)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign: Lembar Pengesahan Laporan Aktualisasi").click()
    page.get_by_text("You have signed the sheet.").wait_for()

    sheet = agreements.sheet_of(plan, agreements.REPORT)
    assert list(sheet.signatures.values_list("role", flat=True)) == ["coach"]
    assert reading == {"page": True, "tables": [], "wide": []}
