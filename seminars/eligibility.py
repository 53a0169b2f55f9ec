"""Who goes to a seminar: the one rule each stage's schedule is built from (seminars.services.ready_plans)."""

from django.db.models import QuerySet

from innovations.models import ActionPlan, WorkReport

from .models import Seminar


def ready_for(seminar: Seminar) -> QuerySet[ActionPlan]:
    """The cohort's plans that may present at `seminar`, before the programme's consultations are counted.

    At the design seminar: the plans approved and waiting for it (an examined plan keeps the exposé it was scored
    in). At the report seminar: the plans agreed on and carried out whose report the stage's approver approved
    (innovations.reports).
    """
    plans = ActionPlan.objects.filter(participant__cohort=seminar.cohort_id)
    if seminar.stage == Seminar.Stage.DESIGN:
        return plans.filter(state=ActionPlan.State.APPROVED)
    return plans.filter(state=ActionPlan.State.AGREED, work_report__state=WorkReport.State.APPROVED)
