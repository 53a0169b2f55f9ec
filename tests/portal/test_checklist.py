"""A cohort's checklist: each step's state in a fresh cohort, a half-run one and a finished one; and the overview."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.lifecycle import Publication
from innovations.models import ActionPlan, Milestone, ProgressReport, WorkReport
from portal.checklist import cohort_checklist
from programmes.models import Programme
from seminars.models import Agreement, ScoreSheet, Slot
from seminars.services import seminar_times
from tests.factories import (
    ActionPlanFactory,
    CohortFactory,
    ExaminerFactory,
    PanelFactory,
    ParticipantFactory,
    SeminarFactory,
    UserFactory,
    complete_plan,
)

State = ActionPlan.State
STEPS = ["roster", "mentors", "examiners", "seminar", "schedule", "scores", "results", "agreements", "milestones"]
TODAY = datetime.date(2017, 10, 1)


def states(checklist) -> dict[str, bool]:
    return {step.key: step.done for step in checklist.steps}


def missing(checklist) -> dict[str, list[str]]:
    return {step.key: step.missing for step in checklist.steps}


def scheduled_plan(seminar, room, state, *, sheet_by=None, sealed=None, due=datetime.date(2017, 9, 30), **kwargs):
    """A plan of the seminar's cohort with its exposé slot; optionally its submitted sheet, its agreement, and a
    milestone (verified as done when the plan is completed)."""
    plan = ActionPlanFactory(participant__cohort=seminar.cohort, state=state, **kwargs)
    times = seminar_times(seminar)
    start, end = times[Slot.objects.filter(seminar=seminar).count()]
    Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
    if sheet_by:
        ScoreSheet.objects.create(
            seminar=seminar, plan=plan, examiner=sheet_by, state=ScoreSheet.State.SUBMITTED, total=85
        )
    if sealed is not None:
        Agreement.objects.create(
            plan=plan,
            examiner=sheet_by,
            content={},
            content_hash="0" * 64,
            code=f"CODE{plan.pk}",
            state=Agreement.State.SEALED if sealed else Agreement.State.SIGNING,
        )
    milestone = Milestone.objects.create(plan=plan, deliverable="SK tim", due_date=due)
    if state == State.COMPLETED:
        ProgressReport.objects.create(
            milestone=milestone,
            author=plan.participant.user,
            status=ProgressReport.Status.DONE,
            percent=100,
            narrative="Selesai",
            state=ProgressReport.State.VERIFIED,
        )
    return plan


@pytest.fixture
def seminar_with_panel(cohort):
    seminar = SeminarFactory(cohort=cohort)
    examiner = ExaminerFactory(cohort=cohort)
    room = PanelFactory(room__seminar=seminar, examiners=[examiner]).room
    return seminar, room, examiner


# The steps ----------------------------------------------------------------------------------------------------------


def test_checklist_of_a_fresh_cohort_has_nothing_done_and_starts_with_the_roster(cohort):
    checklist = cohort_checklist(cohort, today=TODAY)

    assert [step.key for step in checklist.steps] == STEPS
    assert states(checklist) == dict.fromkeys(STEPS, False)
    assert checklist.next_step.key == "roster"
    assert [step.is_next for step in checklist.steps] == [True] + [False] * 8
    assert missing(checklist)["roster"] == ["The roster is not imported yet."]
    # With nobody in the cohort, nobody "has a mentor".
    assert missing(checklist)["mentors"] == ["No participants yet: import the roster first."]
    assert checklist.steps[1].summary == ""
    assert missing(checklist)["seminar"] == ["The seminar has no date yet."]
    assert missing(checklist)["schedule"] == ["Set the seminar up first.", "No plan is approved by its mentor yet."]


def test_checklist_of_a_half_run_cohort_points_to_the_missing_mentors(cohort, seminar_with_panel):
    seminar, room, examiner = seminar_with_panel
    ParticipantFactory.create_batch(3, cohort=cohort, mentor=None)
    approved = scheduled_plan(seminar, room, State.APPROVED)
    ActionPlanFactory(participant__cohort=cohort, state=State.SUBMITTED)
    ActionPlanFactory(participant__cohort=cohort, state=State.APPROVED)  # approved after the schedule was built

    checklist = cohort_checklist(cohort, today=TODAY)

    assert states(checklist) == {
        "roster": True,
        "mentors": False,
        "examiners": True,
        "seminar": True,
        "schedule": False,
        "scores": False,
        "results": False,
        "agreements": False,
        "milestones": False,
    }
    assert checklist.next_step.key == "mentors"
    assert missing(checklist)["mentors"] == ["3 participants have no mentor yet."]
    assert checklist.steps[1].summary == "3 of 6 participants have a mentor"
    assert checklist.steps[1].url == reverse("portal:participant_list", args=[cohort.slug]) + "?mentor=none"
    assert missing(checklist)["schedule"] == [
        "1 approved plan is not in the schedule: build it again.",
        "1 plan is not approved by its mentor yet.",
    ]
    assert checklist.steps[4].summary == "1 of 2 approved plans scheduled"
    assert missing(checklist)["scores"] == ["2 plans are not fully scored yet.", "1 score sheet is not submitted yet."]
    assert approved.slot_in("design").room == room


def test_checklist_asks_no_mentor_for_a_participant_who_withdrew(cohort):
    ParticipantFactory(cohort=cohort)
    ParticipantFactory(cohort=cohort, mentor=None, withdrawn_at=timezone.now(), withdrawal_reason="Pindah tugas")

    checklist = cohort_checklist(cohort, today=TODAY)

    assert (states(checklist)["mentors"], checklist.steps[1].summary) == (True, "1 of 1 participants have a mentor")
    assert states(checklist)["roster"] is True


def test_checklist_of_a_seminar_without_examiners_on_a_panel_says_so(cohort):
    seminar = SeminarFactory(cohort=cohort)
    PanelFactory(room__seminar=seminar)
    PanelFactory(room__seminar=seminar)

    checklist = cohort_checklist(cohort, today=TODAY)

    assert missing(checklist)["seminar"] == ["2 rooms have no examiner on their panel."]
    assert missing(checklist)["examiners"] == ["No examiner is added yet."]


def test_checklist_counts_unsealed_agreements_and_overdue_milestones(cohort, seminar_with_panel):
    seminar, room, examiner = seminar_with_panel
    scheduled_plan(seminar, room, State.EXAMINED, sheet_by=examiner, sealed=False)
    scheduled_plan(seminar, room, State.EXAMINED, sheet_by=examiner)
    scheduled_plan(seminar, room, State.AGREED, sheet_by=examiner, sealed=True, due=datetime.date(2017, 9, 1))

    checklist = cohort_checklist(cohort, today=TODAY)

    assert missing(checklist)["agreements"] == [
        "1 agreement is not prepared yet.",
        "1 agreement waits for signatures.",
    ]
    assert checklist.steps[7].summary == "1 of 3 agreements sealed"
    assert missing(checklist)["milestones"] == [
        "1 plan still has milestones to carry out.",
        "1 milestone is overdue.",
    ]
    assert checklist.steps[8].summary == "0 of 1 milestones verified"
    assert states(checklist)["scores"] is True


def test_checklist_of_a_finished_cohort_has_every_step_done(cohort, seminar_with_panel):
    seminar, room, examiner = seminar_with_panel
    for _ in range(2):
        scheduled_plan(seminar, room, State.COMPLETED, sheet_by=examiner, sealed=True)
    seminar.results_state = Publication.PUBLISHED
    seminar.save()

    checklist = cohort_checklist(cohort, today=TODAY)

    assert states(checklist) == dict.fromkeys(STEPS, True)
    assert missing(checklist) == dict.fromkeys(STEPS, [])
    assert checklist.next_step is None
    assert checklist.done_count == 9
    assert [step.summary for step in checklist.steps] == [
        "2 participants",
        "2 of 2 participants have a mentor",
        "1 examiner",
        "21 August 2017, 1 room",
        "2 of 2 approved plans scheduled",
        "2 of 2 plans scored",
        "Published",
        "2 of 2 agreements sealed",
        "2 of 2 milestones verified",
    ]


def test_checklist_leaves_withdrawn_plans_out(cohort, seminar_with_panel):
    seminar, room, examiner = seminar_with_panel
    scheduled_plan(seminar, room, State.EXAMINED, sheet_by=examiner)
    ActionPlanFactory(participant__cohort=cohort, state=State.WITHDRAWN)

    checklist = cohort_checklist(cohort, today=TODAY)

    assert states(checklist)["schedule"] is True
    assert checklist.steps[4].summary == "1 of 1 approved plans scheduled"


# The overview -------------------------------------------------------------------------------------------------------


def test_cohort_overview_shows_the_checklist_and_its_next_step(client, cohort, staff_user):
    ParticipantFactory(cohort=cohort, mentor=None)
    client.force_login(staff_user)

    response = client.get(reverse("portal:cohort_detail", args=[cohort.slug]))

    body = response.content.decode()
    assert response.context["checklist"].next_step.key == "mentors"
    assert "1 participant has no mentor yet." in body
    assert 'aria-current="step" id="step-mentors"' in body


def test_cohort_overview_with_no_participants_does_not_say_everyone_has_a_mentor(client, cohort, staff_user):
    client.force_login(staff_user)

    body = client.get(reverse("portal:cohort_detail", args=[cohort.slug])).content.decode()

    assert "Every participant has a mentor" not in body
    assert "No participants yet: import the roster first." in body


def test_cohort_overview_is_not_found_for_staff_of_another_organisation(client, cohort):
    outsider = UserFactory(is_staff=True)
    CohortFactory().organisation.staff_members.add(outsider)
    client.force_login(outsider)

    assert client.get(reverse("portal:cohort_detail", args=[cohort.slug])).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_cohort_overview_query_count_does_not_grow_with_plans(
    client, cohort, staff_user, seminar_with_panel, count, django_assert_num_queries
):
    seminar, room, examiner = seminar_with_panel
    for state in [State.APPROVED, State.EXAMINED, State.COMPLETED][:count]:
        scheduled_plan(seminar, room, state, sheet_by=examiner, sealed=state == State.COMPLETED or None)
    client.force_login(staff_user)

    # session, user, cohort; the checklist: participants, examiners, seminar, its rooms, plans per state, sheets
    # missing, milestones; without a mentor, mentors, not signed in, clusters, the menu (roles and unread count)
    with django_assert_num_queries(15):
        response = client.get(reverse("portal:cohort_detail", args=[cohort.slug]))

    assert response.context["checklist"].participant_count == count


# A programme with a report stage: its steps after the design's. ------------------------------------------------


def test_a_latsar_cohorts_checklist_adds_the_reports_and_the_report_seminar(cohort):
    latsar = Programme.objects.get(code="latsar-cpns")
    cohort.programme, cohort.spec = latsar, latsar.spec
    cohort.save()
    approved = complete_plan(participant__cohort=cohort, state="agreed")
    WorkReport.objects.create(plan=approved, state=WorkReport.State.APPROVED)
    waiting = complete_plan(participant__cohort=cohort, state="agreed")
    WorkReport.objects.create(plan=waiting, state=WorkReport.State.SUBMITTED)

    before = cohort_checklist(cohort)
    SeminarFactory(cohort=cohort, stage="report", title="Seminar Laporan Aktualisasi")
    after = cohort_checklist(cohort)

    assert [step.key for step in before.steps][-3:] == ["reports", "report_seminar", "report_sheets"]
    assert missing(before)["reports"] == [
        "1 agreed plan has no approved report yet.",
        "1 report waits for its reviewers.",
    ]
    assert [step.summary for step in before.steps][-3:-1] == [
        "1 of 2 agreed plans have an approved report",
        "0 of 1 approved reports scheduled",
    ]
    assert missing(before)["report_seminar"] == ["The report seminar has no date yet."]
    assert missing(after)["report_seminar"] == [
        "1 approved report is not in the report seminar's schedule: build it again."
    ]


def test_a_latsar_cohorts_checklist_counts_the_report_sheets_and_links_their_list(cohort):
    latsar = Programme.objects.get(code="latsar-cpns")
    cohort.programme, cohort.spec = latsar, latsar.spec
    cohort.save()
    for state in (WorkReport.State.EXAMINED, WorkReport.State.SIGNED, WorkReport.State.SIGNED):
        WorkReport.objects.create(plan=complete_plan(participant__cohort=cohort, state="agreed"), state=state)

    step = cohort_checklist(cohort).steps[-1]

    assert (step.key, step.done, step.summary) == ("report_sheets", False, "2 of 3 examined reports signed off")
    assert step.missing == ["1 examined report waits for its sheet to be prepared or signed."]
    assert (step.url, step.link_label) == (
        reverse("seminars:report_sheet_list", args=[cohort.slug]),
        "Open the report's sheets",
    )


def test_the_2017_flows_checklist_has_no_report_steps(cohort):
    assert "reports" not in [step.key for step in cohort_checklist(cohort).steps]
