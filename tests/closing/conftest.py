"""A cohort whose final grade has two entered components and the design seminar, and participants scored there."""

from decimal import Decimal

import pytest

from closing.grades import grade_book
from programmes.spec import parse
from seminars.models import Slot
from seminars.scoring import ensure_rubric, submit_sheet
from seminars.services import seminar_times
from tests.factories import CohortFactory, ExaminerFactory, PanelFactory, SeminarFactory, complete_plan

RULES = {
    "components": [
        {"key": "academic", "label": "Evaluasi akademik", "weight": 30, "source": "entered"},
        {"key": "attitude", "label": "Sikap perilaku", "weight": 20, "source": "entered", "minimum": 60},
        {"key": "seminar", "label": "Seminar rancangan", "weight": 50, "source": "seminar:design"},
    ],
    "pass_mark": 70,
    "lesson_hours": 40,
}


def graded_cohort(**kwargs):
    cohort = CohortFactory(**kwargs)
    cohort.spec = parse({**cohort.spec, **RULES}).to_json()
    cohort.save(update_fields=["spec"])
    book = grade_book(cohort)
    book.training_type = "Diklat Teknis"
    book.save(update_fields=["training_type"])
    return cohort


def scored(cohort, finals: list[int]):
    """One participant per final seminar score, in order, scored by a one-examiner panel of the design seminar."""
    seminar = cohort.seminars.first() or SeminarFactory.create(cohort=cohort)
    criteria = list(ensure_rubric(cohort).criteria.all())
    examiner = ExaminerFactory.create(cohort=cohort)
    room = PanelFactory.create(room__seminar=seminar, examiners=[examiner]).room
    times = seminar_times(seminar)
    participants = []
    for index, final in enumerate(finals):
        plan = complete_plan(participant__cohort=cohort, state="approved")
        start, end = times[index]
        Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
        sheet = plan.score_sheets.create(seminar=seminar, examiner=examiner)
        submit_sheet(sheet, values={c.pk: Decimal(final) for c in criteria}, note="", by=examiner.user)
        participants.append(plan.participant)
    return participants


@pytest.fixture
def closing_cohort(staff_user):
    cohort = graded_cohort()
    cohort.organisation.staff_members.add(staff_user)
    return cohort
