"""The final grade from the programme's components: computed, entered, adjusted."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from closing import grades
from closing.models import ComponentScore
from core.editing import EditConflict
from participants.models import AuditEvent
from tests.closing.conftest import scored
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


def enter(cohort, staff, values):
    book = grades.grade_book(cohort)
    return grades.save_scores(cohort, version=book.version, values=values, by=staff)


def test_the_final_grade_weighs_the_components_and_gives_band_pass_and_rank(closing_cohort, staff_user):
    best, weak_attitude, below_mark = scored(closing_cohort, [90, 80, 50])
    enter(
        closing_cohort,
        staff_user,
        {
            best.pk: {"academic": D(88), "attitude": D(90)},
            weak_attitude.pk: {"academic": D(70), "attitude": D(55)},
            below_mark.pk: {"academic": D(80), "attitude": D(80)},
        },
    )

    rows = {row.participant.pk: row for row in grades.final_grades(closing_cohort)}

    assert [(r.final, r.band, r.passed, r.rank) for r in rows.values()] == [
        (D("89.40"), "Memuaskan", True, 1),
        (D("72.00"), "Cukup Memuaskan", False, 2),
        (D("65.00"), "Kurang Memuaskan", False, 3),
    ]
    assert rows[weak_attitude.pk].shortfalls == ["Sikap perilaku below its minimum of 60"]
    assert rows[below_mark.pk].shortfalls == ["below the pass mark of 70"]
    assert [row.participant for row in grades.best_of(list(rows.values()))] == [best]


def test_a_missing_component_leaves_the_grade_incomplete(closing_cohort, staff_user):
    (participant,) = scored(closing_cohort, [90])
    enter(closing_cohort, staff_user, {participant.pk: {"academic": D(88)}})

    (row,) = grades.final_grades(closing_cohort)

    assert (row.final, row.passed, row.missing, row.rank) == (None, None, ["attitude"], None)


def test_equal_finals_share_a_rank(closing_cohort, staff_user):
    people = scored(closing_cohort, [80, 80, 70])
    enter(closing_cohort, staff_user, {p.pk: {"academic": D(80), "attitude": D(80)} for p in people})

    assert [row.rank for row in grades.final_grades(closing_cohort)] == [1, 1, 3]


def test_a_withdrawn_participant_has_no_grade_row(closing_cohort):
    kept, gone = scored(closing_cohort, [80, 80])
    gone.withdrawn_at = timezone.now()
    gone.save(update_fields=["withdrawn_at"])

    assert [row.participant for row in grades.final_grades(closing_cohort)] == [kept]


def test_saving_scores_writes_them_raises_the_version_and_records_one_event(closing_cohort, staff_user):
    (participant,) = scored(closing_cohort, [80])

    changed = enter(closing_cohort, staff_user, {participant.pk: {"academic": D("85.5"), "attitude": D(90)}})

    stored = dict(ComponentScore.objects.filter(participant=participant).values_list("key", "value"))
    assert (changed, stored, grades.grade_book(closing_cohort).version) == (
        2,
        {"academic": D("85.50"), "attitude": D("90.00")},
        2,
    )
    assert list(AuditEvent.objects.filter(verb="grades.enter").values_list("data", flat=True)) == [{"changed": 2}]


def test_a_score_out_of_range_is_refused_and_nothing_is_written(closing_cohort, staff_user):
    first, second = scored(closing_cohort, [80, 80])

    with pytest.raises(ValidationError) as refused:
        enter(closing_cohort, staff_user, {first.pk: {"academic": D(85)}, second.pk: {"academic": D(101)}})

    assert refused.value.messages == [f"{second.user.full_name}: a score is from 0 to 100, not 101."]
    assert ComponentScore.objects.count() == 0


def test_a_score_for_someone_outside_the_cohort_is_refused(closing_cohort, staff_user):
    (inside,) = scored(closing_cohort, [80])
    outsider = ParticipantFactory()

    with pytest.raises(ValidationError) as refused:
        enter(closing_cohort, staff_user, {inside.pk: {"academic": D(85)}, outsider.pk: {"academic": D(85)}})

    assert refused.value.messages == [f"Participant {outsider.pk} is not in this cohort."]
    assert ComponentScore.objects.count() == 0


def test_a_seminar_component_cannot_be_typed(closing_cohort, staff_user):
    (participant,) = scored(closing_cohort, [80])

    with pytest.raises(ValidationError) as refused:
        enter(closing_cohort, staff_user, {participant.pk: {"seminar": D(99)}})

    assert refused.value.messages == ["“seminar” is not a component staff enter in this cohort."]


def test_a_page_opened_before_another_save_is_refused(closing_cohort, staff_user):
    (participant,) = scored(closing_cohort, [80])
    enter(closing_cohort, staff_user, {participant.pk: {"academic": D(70)}})

    with pytest.raises(EditConflict):
        grades.save_scores(closing_cohort, version=1, values={participant.pk: {"academic": D(90)}}, by=staff_user)

    assert ComponentScore.objects.get(participant=participant).value == D(70)


def test_staff_adjust_the_rules_until_grades_are_entered(closing_cohort, staff_user):
    rules = {
        "components": [
            {"key": "attitude", "label": "Sikap", "weight": 40, "source": "entered", "minimum": "65"},
            {"key": "seminar", "label": "Seminar", "weight": 60, "source": "seminar:design"},
        ],
        "pass_mark": "75",
        "lesson_hours": 60,
        "bands": [{"above": "80", "label": "Lulus dengan pujian"}, {"above": None, "label": "Lulus"}],
    }

    grades.adjust_grading(
        closing_cohort,
        fingerprint=grades.rules_fingerprint(closing_cohort),
        rules=rules,
        training_type="Diklat Teknis",
        by=staff_user,
    )

    closing_cohort.refresh_from_db()
    spec = closing_cohort.programme_spec
    assert ([c.key for c in spec.components], spec.pass_mark, spec.lesson_hours, spec.band_for(D(81))) == (
        ["attitude", "seminar"],
        D(75),
        60,
        "Lulus dengan pujian",
    )
    assert AuditEvent.objects.filter(verb="grading.edit").count() == 1


def test_rules_that_do_not_add_up_are_refused_by_the_programme_check(closing_cohort, staff_user):
    rules = {"components": [{"key": "seminar", "label": "Seminar", "weight": 90, "source": "seminar:design"}]}

    with pytest.raises(ValidationError) as refused:
        grades.adjust_grading(
            closing_cohort,
            fingerprint=grades.rules_fingerprint(closing_cohort),
            rules=rules,
            training_type="",
            by=staff_user,
        )

    assert refused.value.messages == ["The final grade's components weigh 90 in all, not 100."]


def test_the_weights_stay_once_a_grade_is_entered(closing_cohort, staff_user):
    (participant,) = scored(closing_cohort, [80])
    enter(closing_cohort, staff_user, {participant.pk: {"academic": D(70)}})
    rules = {"pass_mark": "60"}

    with pytest.raises(ValidationError) as refused:
        grades.adjust_grading(
            closing_cohort,
            fingerprint=grades.rules_fingerprint(closing_cohort),
            rules=rules,
            training_type="",
            by=UserFactory(),
        )

    assert refused.value.messages == [
        "Grades are entered or certificates issued already: the components, weights and pass mark stay."
    ]


def test_rules_saved_from_an_older_page_are_refused(closing_cohort, staff_user):
    with pytest.raises(EditConflict):
        grades.adjust_grading(closing_cohort, fingerprint="0" * 64, rules={}, training_type="", by=staff_user)
