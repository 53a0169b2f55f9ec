"""Publishing the results warns first when plans are flagged for moderation or sheets are missing; withdrawing
them needs a reason, is audited, and tells the participants."""

from decimal import Decimal

import pytest
from django.urls import reverse

from participants.audit import events_of
from participants.models import Notification
from seminars.models import ScoreSheet, Slot
from seminars.scoring import ensure_rubric, submit_sheet
from seminars.services import seminar_times
from tests.factories import ActionPlanFactory, ExaminerFactory, PanelFactory, SeminarFactory


@pytest.fixture
def seminar(cohort):
    return SeminarFactory(cohort=cohort)


@pytest.fixture
def rubric(cohort):
    return ensure_rubric(cohort)


@pytest.fixture
def examiners(cohort):
    return [ExaminerFactory(cohort=cohort, user__full_name=name) for name in ("Dr. Ani Lestari", "Dr. Budi Santoso")]


@pytest.fixture
def room(seminar, examiners):
    return PanelFactory(room__seminar=seminar, examiners=examiners).room


def scheduled(seminar, room, index, name, title):
    plan = ActionPlanFactory(
        participant__cohort=seminar.cohort, participant__user__full_name=name, state="approved", title=title
    )
    start, end = seminar_times(seminar)[index]
    Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
    return plan


def score(plan, examiner, rubric, value):
    sheet = ScoreSheet.objects.get_or_create(seminar=plan.slot_in("design").seminar, plan=plan, examiner=examiner)[0]
    values = {criterion.pk: Decimal(value) for criterion in rubric.criteria.all()}
    return submit_sheet(sheet, values=values, note="", by=examiner.user)


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def test_publishing_with_a_flagged_plan_and_a_missing_sheet_lists_them_and_publishes_nothing(
    staff, seminar, room, examiners, rubric
):
    flagged = scheduled(seminar, room, 0, "Rina Sari", "Arsip Rapi")
    waiting = scheduled(seminar, room, 1, "Andi Lubis", "Pojok Baca")
    score(flagged, examiners[0], rubric, 95)
    score(flagged, examiners[1], rubric, 70)
    score(waiting, examiners[0], rubric, 85)

    response = staff.post(reverse("seminars:results_publish", args=[seminar.cohort.slug]), {"action": "publish"})

    assert response.status_code == 200
    warnings = response.context["warnings"]
    assert [row.plan for row in warnings.flagged] == [flagged]
    assert warnings.missing == [(waiting, examiners[1])]
    body = response.content.decode()
    assert "Rina Sari: Arsip Rapi (95.00 · 70.00)" in body
    assert "Dr. Budi Santoso, for Andi Lubis: Pojok Baca" in body
    seminar.refresh_from_db()
    assert (seminar.results_state, list(events_of(seminar))) == ("unpublished", [])
    assert not Notification.objects.exists()


def test_publishing_anyway_after_the_warnings_publishes(
    staff, seminar, room, examiners, rubric, django_capture_on_commit_callbacks
):
    plan = scheduled(seminar, room, 0, "Rina Sari", "Arsip Rapi")
    score(plan, examiners[0], rubric, 90)
    url = reverse("seminars:results_publish", args=[seminar.cohort.slug])

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url, {"action": "publish", "confirmed": "yes"})

    assert response.status_code == 302
    seminar.refresh_from_db()
    assert seminar.results_state == "published"
    assert [e.verb for e in events_of(seminar)] == ["results.publish"]


def test_publishing_without_warnings_needs_no_second_page(staff, seminar, room, examiners, rubric):
    plan = scheduled(seminar, room, 0, "Rina Sari", "Arsip Rapi")
    for examiner in examiners:
        score(plan, examiner, rubric, 88)

    response = staff.post(reverse("seminars:results_publish", args=[seminar.cohort.slug]), {"action": "publish"})

    assert response.status_code == 302
    seminar.refresh_from_db()
    assert seminar.results_state == "published"


def test_results_page_says_what_publishing_will_warn_about(staff, seminar, room, examiners, rubric):
    plan = scheduled(seminar, room, 0, "Rina Sari", "Arsip Rapi")
    score(plan, examiners[0], rubric, 88)

    body = staff.get(reverse("seminars:results", args=[seminar.cohort.slug])).content.decode()

    assert "1 score sheet is not submitted yet." in body
    assert "Publishing lists them first and asks you to confirm." in body


def test_results_page_withdraw_form_asks_first(staff, seminar, room, examiners, rubric, staff_user):
    plan = scheduled(seminar, room, 0, "Rina Sari", "Arsip Rapi")
    for examiner in examiners:
        score(plan, examiner, rubric, 88)
    staff.post(reverse("seminars:results_publish", args=[seminar.cohort.slug]), {"action": "publish"})

    body = staff.get(reverse("seminars:results", args=[seminar.cohort.slug])).content.decode()

    assert (
        'data-confirm="Withdraw the results? Participants no longer see their scores and are told your reason."' in body
    )
    assert 'name="note" class="form-control" required' in body
