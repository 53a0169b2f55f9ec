"""A seminar's steps wait for its day (issue 22, item 5): scoring and agreements are refused before the seminar's
first day, publishing the results asks first, and the participant's journey never says the seminar is done before
it has happened."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from freezegun import freeze_time

from seminars import agreements
from seminars.models import ScoreSheet, Seminar, Slot
from seminars.scoring import ensure_rubric, save_sheet, submit_sheet
from seminars.services import seminar_times
from tests.factories import ActionPlanFactory, ExaminerFactory, PanelFactory, SeminarFactory, examined_plan

THREE_DAYS_BEFORE = "2017-08-18 10:00:00+07:00"  # the seminar is on Monday 21 August 2017


@pytest.fixture
def scheduled(cohort):
    """An approved plan on the schedule of a one-examiner panel."""
    seminar = SeminarFactory(cohort=cohort)
    examiner = ExaminerFactory(cohort=cohort)
    room = PanelFactory(room__seminar=seminar, examiners=[examiner]).room
    plan = ActionPlanFactory(participant__cohort=cohort, state="approved", title="Arsip Rapi")
    start, end = seminar_times(seminar)[0]
    Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
    return plan, examiner


def every(cohort, value):
    return {c.pk: Decimal(value) for c in ensure_rubric(cohort).criteria.all()}


@freeze_time(THREE_DAYS_BEFORE)
@pytest.mark.parametrize("action", [save_sheet, submit_sheet])
def test_scoring_before_the_seminars_first_day_is_refused(cohort, scheduled, action):
    plan, examiner = scheduled
    sheet = ScoreSheet.objects.create(seminar=plan.slot_in("design").seminar, plan=plan, examiner=examiner)

    with pytest.raises(ValidationError) as refused:
        action(sheet, values=every(cohort, 85), note="", by=examiner.user)

    assert refused.value.messages == ["Scoring opens on the seminar's first day, 21 August 2017."]
    sheet.refresh_from_db()
    assert (sheet.state, sheet.scores.count()) == ("draft", 0)


@freeze_time(THREE_DAYS_BEFORE)
def test_the_score_page_before_the_seminar_says_when_scoring_opens(client, cohort, scheduled):
    plan, examiner = scheduled
    client.force_login(examiner.user)

    page = client.get(reverse("seminars:score", args=[cohort.slug, plan.pk])).content.decode()
    posted = client.post(
        reverse("seminars:score", args=[cohort.slug, plan.pk]),
        {f"criterion-{pk}": "85" for pk in every(cohort, 85)} | {"action": "submit", "version": 1, "tab": "t"},
    )

    assert "Scoring opens on the seminar&#x27;s first day, 21 August 2017." in page
    assert not ScoreSheet.objects.filter(state="submitted").exists()
    assert posted.status_code == 200


def test_scoring_on_the_seminars_day_is_open(cohort, scheduled):
    plan, examiner = scheduled
    with freeze_time("2017-08-21 08:00:00+07:00"):
        submit_sheet(
            ScoreSheet.objects.create(seminar=plan.slot_in("design").seminar, plan=plan, examiner=examiner),
            values=every(cohort, 85),
            note="",
            by=examiner.user,
        )

    plan.refresh_from_db()
    assert plan.state == "examined"


def test_an_agreement_before_the_seminar_is_refused(cohort):
    plan, _examiner = examined_plan(cohort)

    with freeze_time(THREE_DAYS_BEFORE), pytest.raises(ValidationError) as refused:
        agreements.prepare_agreement(plan, by=plan.participant.user)

    assert refused.value.messages == ["The agreement is made after the seminar: from 21 August 2017."]


def test_an_agreement_dated_before_the_seminar_is_refused(cohort):
    plan, _examiner = examined_plan(cohort)

    with pytest.raises(ValidationError, match="from 21 August 2017"):
        agreements.prepare_agreement(plan, by=plan.participant.user, on=datetime.date(2017, 8, 18))

    assert agreements.sheet_of(plan) is None


@freeze_time(THREE_DAYS_BEFORE)
def test_publishing_before_the_seminar_asks_first(client, cohort, scheduled, staff_user):
    plan, examiner = scheduled
    seminar = plan.slot_in("design").seminar
    with freeze_time("2017-08-21 10:00:00+07:00"):
        submit_sheet(
            ScoreSheet.objects.create(seminar=plan.slot_in("design").seminar, plan=plan, examiner=examiner),
            values=every(cohort, 85),
            note="",
            by=examiner.user,
        )
    client.force_login(staff_user)
    url = reverse("seminars:results_publish", args=[cohort.slug])

    asked = client.post(url, {"action": "publish"})

    assert asked.status_code == 200
    assert asked.context["warnings"].early == datetime.date(2017, 8, 21)
    assert "The seminar is on 21 August 2017: it has not taken place yet." in asked.content.decode()
    assert Seminar.objects.get(pk=seminar.pk).results_state == "unpublished"
    client.post(url, {"action": "publish", "confirmed": "yes"})
    assert Seminar.objects.get(pk=seminar.pk).results_state == "published"


def test_the_journey_does_not_say_the_seminar_is_done_before_its_day(client, cohort):
    plan, _examiner = examined_plan(cohort)  # scored on the day, then the seminar moved later
    Seminar.objects.filter(pk=plan.slot_in("design").seminar_id).update(date=datetime.date(2017, 9, 4))

    with freeze_time("2017-08-25 10:00:00+07:00"):
        client.force_login(plan.participant.user)
        journey = client.get(reverse("portal:home")).context["participations"][0].journey

    assert [(stage.label, stage.status) for stage in journey][2] == ("Seminar", "current")
