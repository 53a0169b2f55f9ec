"""Tell people when a plan moves: a row in their in-app list at once, an e-mail after commit."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import ActionPlan, Notification, PlanEvent

State = ActionPlan.State


def _recipients(plan: ActionPlan, event: PlanEvent):
    """Who hears of a move: the mentor of a submission, the participant of a decision."""
    mentor = plan.participant.mentor.user if plan.participant.mentor else None
    if event.to_state == State.SUBMITTED and mentor:
        return [(mentor, "submitted")]
    if event.to_state in (State.APPROVED, State.REVISION):
        return [(plan.participant.user, event.to_state)]
    return []


def _message(kind: str, plan: ActionPlan) -> str:
    name, title = plan.participant.user.full_name, plan.title
    if kind == "submitted":
        return _("%(name)s submitted the action plan “%(title)s” for your review.") % {"name": name, "title": title}
    if kind == "approved":
        return _("Your mentor approved your action plan “%(title)s”.") % {"title": title}
    return _("Your mentor returned your action plan “%(title)s” for revision.") % {"title": title}


def notify(user, plan: ActionPlan, url: str, message: str, detail: str = "") -> None:
    """An in-app notification at once, and an e-mail (with `detail`) once the transaction commits."""
    Notification.objects.create(user=user, plan=plan, message=message[:300], url=url)
    if user.email:
        body = "\n\n".join(filter(None, [message, detail, settings.SITE_URL.rstrip("/") + url, "Inovasi"]))
        transaction.on_commit(lambda: send_mail(f"Inovasi: {message}"[:200], body, None, [user.email]))


def plan_moved(plan: ActionPlan, event: PlanEvent) -> None:
    for user, kind in _recipients(plan, event):
        path = reverse("innovations:review" if kind == "submitted" else "innovations:detail", args=[plan.pk])
        with translation.override(user.language):
            message = _message(kind, plan)
        notify(user, plan, path, message, event.note)
