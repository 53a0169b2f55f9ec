"""Who goes to a seminar: the one rule each stage's schedule is built from (seminars.services.ready_plans)."""

from django.db.models import QuerySet

from innovations.models import ActionPlan

from .models import Seminar


def ready_for(seminar: Seminar) -> QuerySet[ActionPlan]:
    """The cohort's plans that may present at `seminar`, before the programme's consultations are counted.

    At the design seminar: the plans approved and waiting for it (an examined plan keeps the exposé it was scored
    in). At the report seminar: the plans agreed on, carried out and reported on; once reports are approved on
    their own, this is where the report's approval is asked.
    """
    state = ActionPlan.State.APPROVED if seminar.stage == Seminar.Stage.DESIGN else ActionPlan.State.AGREED
    return ActionPlan.objects.filter(participant__cohort=seminar.cohort_id, state=state)
