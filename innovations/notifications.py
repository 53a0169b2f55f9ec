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
    name = participant.user.full_name
    mentor = participant.mentor.user if participant.mentor else None
    detail = reverse("innovations:detail", args=[plan.pk])
    # action of the move -> (who is told, what they read, where the link goes)
    notices = {
        "submit": (
            mentor,
            lambda: (
                _("%(name)s submitted the action plan “%(title)s” for your review.") % {"name": name, "title": title}
            ),
            reverse("innovations:review", args=[plan.pk]),
        ),
        "approve": (
            participant.user,
            lambda: _("Your mentor approved your action plan “%(title)s”.") % {"title": title},
            detail,
        ),
        "return": (
            participant.user,
            lambda: _("Your mentor returned your action plan “%(title)s” for revision.") % {"title": title},
            detail,
        ),
        "withdraw": (
            participant.user if event.actor_id != participant.user_id else None,
            lambda: _("Your action plan “%(title)s” was withdrawn by the organiser.") % {"title": title},
            detail,
        ),
        "restore": (
            participant.user,
            lambda: _("The organiser restored your action plan “%(title)s”.") % {"title": title},
            detail,
        ),
        "complete": (
            participant.user,
            lambda: _("Every milestone of “%(title)s” is verified: the plan is completed.") % {"title": title},
            reverse("innovations:progress", args=[plan.pk]),
        ),
    }
    recipient, message, url = notices.get(event.verb.partition(".")[2], (None, None, ""))
    if recipient is not None:
        assert message is not None  # a notice with a recipient has its message
        notify(recipient, message, cohort=participant.cohort, url=url, detail=event.note_text)
