"""The report stage's report: written once the design is agreed, submitted, returned with notes by the coach or the
mentor, submitted again, approved by the stage's approver; refused in words when it cannot be."""

import pytest
from django.core.exceptions import ValidationError

from core.editing import EditConflict
from innovations import demo, reports
from innovations.models import ActionPlan, WorkReport
from participants.models import AuditEvent, Notification
from programmes.models import Programme
from tests.factories import ActionPlanFactory, CohortFactory, ParticipantFactory
from tests.innovations.report_world import entries, latsar_plan, submitted, written

State = WorkReport.State


@pytest.fixture
def plan(db):
    return latsar_plan()


def verbs(report) -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(target_id=report.pk, verb__startswith="work_report.")
        .order_by("pk")
        .values_list("verb", "to_state")
    )


def test_the_first_save_starts_the_report_with_an_entry_per_activity(plan):
    report = written(plan)

    assert (report.state, report.version, report.summary) == (State.DRAFT, 2, "Aktualisasi berjalan di Kelurahan.")
    assert [(e.milestone.deliverable, e.values) for e in report.entries.all()] == [
        ("SK tim", ["Akuntabel"]),
        ("Sosialisasi layanan", ["Akuntabel"]),
    ]
    assert verbs(report) == [("work_report.start", "draft")]


def test_submitting_keeps_a_version_and_tells_the_coach_and_the_mentor(plan):
    report = submitted(plan)

    assert (report.state, report.versions.get().number) == (State.SUBMITTED, 1)
    assert report.versions.get().content["summary"] == "Aktualisasi berjalan di Kelurahan."
    told = set(Notification.objects.exclude(user=plan.participant.user).values_list("user", flat=True))
    assert told == {plan.participant.coach.user_id, plan.participant.mentor.user_id}
    assert verbs(report) == [("work_report.start", "draft"), ("work_report.submit", "submitted")]


def test_the_coach_approves_for_the_latsar_programme_and_the_participant_is_told(plan):
    report = submitted(plan)

    reports.approve_report(report, by=plan.participant.coach.user)

    report.refresh_from_db()
    assert (report.state, report.reviewed_by) == (State.APPROVED, plan.participant.coach.user)
    notice = Notification.objects.get(user=plan.participant.user)
    assert notice.url == f"/plans/{plan.pk}/report/"


def test_the_mentor_returns_with_notes_and_the_participant_resubmits(plan):
    report = submitted(plan)

    reports.return_report(report, by=plan.participant.mentor.user, note="Tambahkan foto kegiatan.")
    report.refresh_from_db()
    written(plan, version=report.version, effect="Antrean turun separuh.")
    report.refresh_from_db()
    reports.submit_report(report, by=plan.participant.user, version=report.version)

    report.refresh_from_db()
    assert (report.state, report.note, report.versions.count()) == (State.SUBMITTED, "Tambahkan foto kegiatan.", 2)
    assert Notification.objects.get(user=plan.participant.user).detail == "Tambahkan foto kegiatan."
    assert [verb for verb, _state in verbs(report)] == [
        "work_report.start",
        "work_report.submit",
        "work_report.return",
        "work_report.submit",
    ]


def test_what_changed_since_the_last_submission_is_marked(plan):
    report = submitted(plan)
    reports.return_report(report, by=plan.participant.coach.user, note="Perjelas dampak.")
    report.refresh_from_db()
    milestone = plan.milestones.last()
    reports.save_report(
        plan,
        by=plan.participant.user,
        version=report.version,
        summary=report.summary,
        effect=report.effect,
        entries=entries(plan) | {milestone.pk: entries(plan)[milestone.pk] | {"effect": "Antrean turun separuh."}},
    )
    report.refresh_from_db()
    reports.submit_report(report, by=plan.participant.user, version=report.version)

    rows, since = reports.changes(report)

    assert since == 1
    assert [row["label"] for row in rows if row["changed"]] == ["Sosialisasi layanan"]
    assert "<ins>turun" in rows[-1]["diff"]


def test_the_mentor_may_not_approve_where_the_coach_approves(plan):
    report = submitted(plan)

    with pytest.raises(ValidationError) as refused:
        reports.approve_report(report, by=plan.participant.mentor.user)

    assert refused.value.code == "not_allowed"
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


def test_the_mentor_approves_where_the_programme_names_the_mentor(db):
    pkp = Programme.objects.get(code="pkp")
    plan = ActionPlanFactory(participant=ParticipantFactory(cohort=CohortFactory(programme=pkp, spec=pkp.spec)))
    plan.milestones.create(term="short", deliverable="SK tim", due_date="2017-09-30")
    ActionPlan.objects.filter(pk=plan.pk).update(state=ActionPlan.State.AGREED)
    plan.refresh_from_db()
    report = written(plan, values=[])  # PKP names no basic values
    reports.submit_report(report, by=plan.participant.user, version=report.version)

    reports.approve_report(report, by=plan.participant.mentor.user)

    report.refresh_from_db()
    assert report.state == State.APPROVED


def test_the_participant_may_not_approve_their_own_report(plan):
    report = submitted(plan)

    with pytest.raises(ValidationError) as refused:
        reports.approve_report(report, by=plan.participant.user)

    assert refused.value.code == "not_allowed"


def test_a_return_without_a_note_is_refused(plan):
    report = submitted(plan)

    with pytest.raises(ValidationError) as refused:
        reports.return_report(report, by=plan.participant.coach.user, note="  ")

    assert refused.value.messages == ["Say why: write a note."]


def test_an_approved_report_cannot_be_returned(plan):
    report = submitted(plan)
    reports.approve_report(report, by=plan.participant.coach.user)

    with pytest.raises(ValidationError) as refused:
        reports.return_report(report, by=plan.participant.mentor.user, note="Terlambat.")

    assert refused.value.code == "illegal_transition"
    assert refused.value.messages == ["A report that is approved for the seminar cannot become returned with notes."]


def test_a_draft_cannot_be_approved(plan):
    report = written(plan)

    with pytest.raises(ValidationError) as refused:
        reports.approve_report(report, by=plan.participant.coach.user)

    assert refused.value.code == "illegal_transition"


# Bad input ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [ActionPlan.State.SUBMITTED, ActionPlan.State.APPROVED, ActionPlan.State.EXAMINED])
def test_a_report_before_the_design_is_done_is_refused_and_nothing_is_written(db, state):
    plan = latsar_plan(state=state)

    with pytest.raises(ValidationError) as refused:
        written(plan)

    assert refused.value.code == "design_not_done"
    assert refused.value.messages == [
        "The report is written once the design is approved, examined and agreed: finish the design stage first."
    ]
    assert (WorkReport.objects.count(), AuditEvent.objects.filter(verb__startswith="work_report.").count()) == (0, 0)


def test_the_2017_flow_has_no_report(db):
    plan = ActionPlanFactory(state=ActionPlan.State.AGREED)

    with pytest.raises(ValidationError) as refused:
        written(plan)

    assert (refused.value.code, WorkReport.objects.count()) == ("no_report_stage", 0)


def test_a_second_submit_is_refused_in_words(plan):
    report = submitted(plan)

    with pytest.raises(ValidationError) as refused:
        reports.submit_report(report, by=plan.participant.user, version=report.version)

    assert refused.value.messages == ["Your report is already submitted: it waits for your reviewers."]
    assert report.versions.count() == 1


def test_a_save_from_an_older_tab_is_refused_and_nothing_is_written(plan):
    report = written(plan)
    written(plan, version=report.version, done="Versi tab pertama.")

    with pytest.raises(EditConflict):
        written(plan, version=report.version, done="Versi tab kedua.")

    assert set(report.entries.values_list("done", flat=True)) == {"Versi tab pertama."}


def test_a_second_tab_starting_the_report_meets_the_first(plan):
    written(plan)

    with pytest.raises(EditConflict):
        written(plan, version=0)

    assert WorkReport.objects.count() == 1


def test_a_submission_from_an_older_tab_is_refused(plan):
    report = written(plan)
    written(plan, version=report.version)

    with pytest.raises(EditConflict):
        reports.submit_report(report, by=plan.participant.user, version=report.version)

    report.refresh_from_db()
    assert (report.state, report.versions.count()) == (State.DRAFT, 0)


def test_an_incomplete_report_is_not_submitted_and_says_what_is_missing(plan):
    report = written(plan, values=[])

    with pytest.raises(ValidationError) as refused:
        reports.submit_report(report, by=plan.participant.user, version=report.version)

    assert refused.value.messages == [
        "“SK tim”: choose the basic values it carries.",
        "“Sosialisasi layanan”: choose the basic values it carries.",
    ]
    report.refresh_from_db()
    assert report.state == State.DRAFT


def test_a_value_the_programme_does_not_name_is_refused(plan):
    with pytest.raises(ValidationError) as refused:
        written(plan, values=["Jujur"])

    assert refused.value.messages == ["“Jujur” is not one of the programme's basic values."]
    assert WorkReport.objects.count() == 0


def test_a_submitted_report_cannot_be_changed(plan):
    report = submitted(plan)

    with pytest.raises(ValidationError) as refused:
        written(plan, version=report.version, done="Diubah.")

    assert refused.value.code == "not_editable"


def test_the_demo_writes_reports_in_varied_states(db):
    first = latsar_plan()
    cohort = first.participant.cohort
    others = [
        latsar_plan(cohort=cohort, roll_number=number, kecamatan=first.participant.kecamatan) for number in (80, 81)
    ]

    written_states = demo.write_reports(cohort)

    plans = sorted([first, *others], key=lambda plan: plan.participant.roll_number)
    assert [written_states[plan.pk] for plan in plans] == [State.APPROVED, State.RETURNED, State.SUBMITTED]
    assert demo.write_reports(CohortFactory()) == {}
