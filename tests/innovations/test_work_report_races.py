"""Two reviewers deciding on one report at the same moment, and a double submit: of the two, exactly one is made,
the other is refused in words, and one audit event is written. On PostgreSQL, threads released by a barrier."""

from functools import partial

import pytest
from django.core.exceptions import ValidationError

from innovations import reports
from innovations.models import WorkReport
from participants.models import AuditEvent
from programmes import builtin
from programmes.models import Programme
from tests.innovations.report_world import latsar_plan, submitted, written
from tests.races import at_once, require_postgresql

State = WorkReport.State
TRIALS = 20


@pytest.mark.django_db(transaction=True)
def test_the_coach_approving_and_the_mentor_returning_at_once_make_one_decision():
    require_postgresql()
    builtin.load(Programme)  # a transactional test before this one flushed the migration's programmes
    plan = latsar_plan()
    report = submitted(plan)
    coach, mentor = plan.participant.coach.user, plan.participant.mentor.user

    for trial in range(TRIALS):
        WorkReport.objects.filter(pk=report.pk).update(state=State.SUBMITTED)
        before = AuditEvent.objects.filter(verb__in=["work_report.approve", "work_report.return"]).count()

        results = at_once(
            partial(reports.approve_report, report, by=coach),
            partial(reports.return_report, report, by=mentor, note="Tambah foto."),
        )

        refused = [r for r in results if isinstance(r, ValidationError)]
        assert [r.code for r in refused] == ["illegal_transition"], trial
        made = next(r for r in results if isinstance(r, WorkReport))
        assert WorkReport.objects.get(pk=report.pk).state == made.state, trial
        after = AuditEvent.objects.filter(verb__in=["work_report.approve", "work_report.return"]).count()
        assert after - before == 1, trial


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_submit_once():
    require_postgresql()
    builtin.load(Programme)  # a transactional test before this one flushed the migration's programmes
    plan = latsar_plan()
    report = written(plan)
    owner = plan.participant.user

    results = at_once(*(partial(reports.submit_report, report, by=owner, version=report.version) for _ in range(2)))

    assert sorted(type(r).__name__ for r in results) == ["ValidationError", "WorkReport"]
    refusal = next(r for r in results if isinstance(r, ValidationError))
    assert refusal.messages == ["Your report is already submitted: it waits for your reviewers."]
    assert (WorkReport.objects.get().state, report.versions.count()) == (State.SUBMITTED, 1)
