"""Who hears of a plan's move, and what they are told (participants.notifications sends it)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from participants.models import AuditEvent
from participants.notifications import notify

from . import approvers
from .models import ActionPlan

State = ActionPlan.State


def plan_moved(plan: ActionPlan, event: AuditEvent) -> None:
    """Whoever approves the design (the mentor, or the coach where the programme says so) hears of a submission; the
    participant of a decision, in words that name that approver, a withdrawal by others, and completion."""
    participant, title = plan.participant, plan.title
    name = participant.user.full_name
    approver = approvers.design_approver_of(plan)
    words = approvers.words_for(plan)
    detail = reverse("innovations:detail", args=[plan.pk])
    # action of the move -> (who is told, what they read, where the link goes)
    notices = {
        "submit": (
            approver.user if approver is not None else None,
            lambda: (
                _("%(name)s submitted the action plan “%(title)s” for your review.") % {"name": name, "title": title}
            ),
            reverse("innovations:review", args=[plan.pk]),
        ),
        "approve": (
            participant.user,
            lambda: str(words.approved) % {"title": title},
            detail,
        ),
        "return": (
            participant.user,
            lambda: str(words.returned) % {"title": title},
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
