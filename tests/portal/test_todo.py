"""The to-do lists of the home pages: what waits for each person, counted, and the participant's next step."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from innovations import workflow
from innovations.models import ActionPlan, Milestone
from innovations.progress import report_progress
from portal.selectors import cohort_todos
from portal.todos import examiner_todo, mentor_todo
from seminars import agreements, revisions
from seminars.models import Agreement, Slot
from seminars.services import seminar_times
from tests.factories import (
    PASSWORD,
    ExaminerFactory,
    PanelFactory,
    SeminarFactory,
    complete_plan,
    examined_plan,
)

State = ActionPlan.State


def home(client, user):
    client.force_login(user)
    return client.get(reverse("portal:home"))


def labels(todos):
    return [todo.label for todo in todos]


def test_mentor_todo_counts_plans_revisions_reports_and_agreements_in_that_order(cohort):
    plan, _examiner = examined_plan(cohort)
    mentor = plan.participant.mentor
    submitted = complete_plan(participant__cohort=cohort, participant__mentor=mentor)
    workflow.submit_plan(submitted, by=submitted.participant.user)
    rows = [{"term": "short", "deliverable": "SK tim", "due_date": datetime.date(2017, 10, 1)}]
    revisions.propose_revision(plan, milestones=rows, by=plan.participant.user)

    todo = mentor_todo(mentor.user)

    assert labels(todo) == ["1 plan to review", "1 milestone revision to confirm"]
    assert todo[0].items == [
        (
            f"{submitted.participant.user.full_name} ({cohort.name}): {submitted.title}",
            reverse("innovations:review", args=[submitted.pk]),
        )
    ]

    agreement = revisions.confirm_revision(plan.milestone_revision, by=mentor.user)
    assert labels(mentor_todo(mentor.user)) == ["1 plan to review", "1 agreement to sign"]
    for user in (plan.participant.user, mentor.user, agreement.examiner.user):
        agreements.sign(agreement, by=user, password=PASSWORD, ip_address=None, user_agent="")
    report_progress(
        plan.milestones.get(), by=plan.participant.user, status="done", percent=100, narrative="x", links=""
    )
    assert labels(mentor_todo(mentor.user)) == ["1 plan to review", "1 progress report to verify"]


def test_examiner_todo_lists_the_sheets_to_score_then_the_agreements_to_sign(cohort):
    plan, examiner = examined_plan(cohort)
    waiting = complete_plan(participant__cohort=cohort, state=State.APPROVED)
    slot = plan.slot_in("design")
    start, end = seminar_times(slot.seminar)[1]
    Slot.objects.create(seminar=slot.seminar, room=slot.room, plan=waiting, starts_at=start, ends_at=end)

    assert labels(examiner_todo(examiner.user)) == ["1 score sheet to fill in"]
    agreements.prepare_agreement(plan, by=plan.participant.user)
    todo = examiner_todo(examiner.user)
    assert labels(todo) == ["1 score sheet to fill in", "1 agreement to sign"]
    assert todo[0].items[0][1] == reverse("seminars:score", args=[cohort.slug, waiting.pk])


def test_participant_next_step_follows_the_plan(client, cohort):
    plan = complete_plan(participant__cohort=cohort)
    seminar = SeminarFactory(cohort=cohort)

    assert "Write your plan and submit it to your mentor" in home(client, plan.participant.user).content.decode()
    workflow.submit_plan(plan, by=plan.participant.user)
    workflow.return_plan(plan, by=plan.participant.mentor.user, note="Perjelas indikator")
    assert "Your mentor asks for changes" in home(client, plan.participant.user).content.decode()
    workflow.submit_plan(plan, by=plan.participant.user)
    workflow.approve_plan(plan, by=plan.participant.mentor.user)
    examiner = ExaminerFactory(cohort=cohort)
    room = PanelFactory(room__seminar=seminar, room__name="Ruang Melati", examiners=[examiner]).room
    start, end = seminar_times(seminar)[3]
    Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)

    response = home(client, plan.participant.user)

    [participation] = response.context["participations"]
    step = participation.next_step
    assert (step.label, step.detail) == ("Present your plan at the seminar", "21 August 2017 at 09:30 in Ruang Melati")
    assert [(stage.label, stage.status) for stage in participation.journey] == [
        ("Written", "done"),
        ("Approved by the mentor", "done"),
        ("Seminar", "current"),
        ("Agreement", "next"),
        ("Milestones", "next"),
    ]
    assert "My seminar result" not in response.content.decode()


@freeze_time("2017-12-01 08:00:00+07:00")
def test_participant_next_step_counts_overdue_milestones(client, cohort):
    plan = complete_plan(participant__cohort=cohort, state=State.AGREED)
    Milestone.objects.create(plan=plan, term="short", deliverable="Sosialisasi", due_date=datetime.date(2017, 11, 1))

    step = home(client, plan.participant.user).context["participations"][0].next_step

    assert (step.label, step.deadline) == ("2 milestones overdue", datetime.date(2017, 9, 30))


def test_staff_see_what_waits_in_each_cohort(cohort):
    plan, examiner = examined_plan(cohort)
    agreements.prepare_agreement(plan, by=plan.participant.user)
    approved = complete_plan(participant__cohort=cohort, state=State.APPROVED)
    start, end = seminar_times(plan.slot_in("design").seminar)[1]
    Slot.objects.create(
        seminar=plan.slot_in("design").seminar,
        room=plan.slot_in("design").room,
        plan=approved,
        starts_at=start,
        ends_at=end,
    )
    submitted = complete_plan(participant__cohort=cohort)
    workflow.submit_plan(submitted, by=submitted.participant.user)
    late = complete_plan(participant__cohort=cohort, state=State.AGREED)
    # A report's lembar pengesahan waiting for its signers counts on its own.
    Agreement.objects.create(
        plan=late, stage="report", examiner=examiner, content={}, content_hash="x" * 64, code="RPT0002"
    )

    todo = cohort_todos([cohort], today=datetime.date(2018, 1, 1))[cohort.pk]

    assert (todo.plans_to_review, todo.sheets_missing, todo.agreements_unsigned, todo.milestones_overdue) == (
        1,
        1,
        1,
        1,
    )
    assert late.milestones.count() == 1
    assert todo.report_sheets_unsigned == 1


@pytest.mark.parametrize("count", [1, 3])
def test_examiner_home_query_count_does_not_grow(client, cohort, count, django_assert_num_queries):
    seminar = SeminarFactory(cohort=cohort)
    examiner = ExaminerFactory(cohort=cohort)
    room = PanelFactory(room__seminar=seminar, examiners=[examiner]).room
    for (start, end), _ in zip(seminar_times(seminar), range(count), strict=False):
        plan = complete_plan(participant__cohort=cohort, state=State.APPROVED)
        Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
    client.force_login(examiner.user)

    # session, user, the menu (roles and unread count); sheets to score, agreements to sign; examinerships,
    # seminars
    with django_assert_num_queries(7):
        response = client.get(reverse("portal:home"))

    assert response.context["examiner_todo"][0].count == count


@pytest.mark.parametrize("count", [1, 3])
def test_participant_home_query_count_does_not_grow_with_milestones(client, cohort, count, django_assert_num_queries):
    plan = complete_plan(participant__cohort=cohort, state=State.AGREED)
    for n in range(count - 1):
        Milestone.objects.create(plan=plan, term="medium", deliverable=f"T{n}", due_date=datetime.date(2018, 1, 1))
    client.force_login(plan.participant.user)

    # session, user, the menu (roles and unread count); the follow-ups to answer; participations, plans with
    # revision and report, their slots (one per seminar), their design's sheets, their report's sheets, milestones,
    # progress reports, seminars (no sheet yet: no signatures to read)
    with django_assert_num_queries(12):
        client.get(reverse("portal:home"))
