"""Who hears of a plan's move, and what they are told (participants.notifications sends it)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from participants.models import AuditEvent
from participants.notifications import notify

from .models import ActionPlan

State = ActionPlan.State


def plan_moved(plan: ActionPlan, event: AuditEvent) -> None:
    """The mentor hears of a submission; the participant of a decision, a withdrawal by others, and completion."""
    participant, title = plan.participant, plan.title
    mentor = participant.mentor.user if participant.mentor else None
    cohort, detail = participant.cohort, event.note
    detail_url = reverse("innovations:detail", args=[plan.pk])
    name = participant.user.full_name
    if event.to_state == State.SUBMITTED and mentor:
        notify(
            mentor,
            lambda: (
                _("%(name)s submitted the action plan “%(title)s” for your review.") % {"name": name, "title": title}
            ),
            cohort=cohort,
            url=reverse("innovations:review", args=[plan.pk]),
            detail=detail,
        )
    elif event.to_state == State.APPROVED and event.from_state == State.SUBMITTED:
        notify(
            participant.user,
            lambda: _("Your mentor approved your action plan “%(title)s”.") % {"title": title},
            cohort=cohort,
            url=detail_url,
            detail=detail,
        )
    elif event.to_state == State.REVISION:
        notify(
            participant.user,
            lambda: _("Your mentor returned your action plan “%(title)s” for revision.") % {"title": title},
            cohort=cohort,
            url=detail_url,
            detail=detail,
        )
    elif event.to_state == State.WITHDRAWN and event.actor_id != participant.user_id:
        notify(
            participant.user,
            lambda: _("Your action plan “%(title)s” was withdrawn by the organiser.") % {"title": title},
            cohort=cohort,
            url=detail_url,
            detail=detail,
        )
    elif event.to_state == State.COMPLETED:
        notify(
            participant.user,
            lambda: _("Every milestone of “%(title)s” is verified: the plan is completed.") % {"title": title},
            cohort=cohort,
            url=reverse("innovations:progress", args=[plan.pk]),
        )
