"""Writes to a plan that do more than one thing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.models import Participant, User

from .models import ActionPlan, Attachment, CandidateIssue


class EditConflict(Exception):
    """Someone saved the plan since this copy was opened; the caller keeps the text for the user."""


def start_plan(participant: Participant) -> ActionPlan:
    """The participant's plan in progress, started if they have none (a withdrawn one does not count)."""
    plan = participant.plans.exclude(state=ActionPlan.State.WITHDRAWN).first()
    if plan is None:
        plan = ActionPlan.objects.create(participant=participant, title=_("My action plan"))
    return plan


@transaction.atomic
def save_plan(plan: ActionPlan, *, fields: dict, version: int, by: User, tab: str = "", formsets=()) -> ActionPlan:
    """Save the owner's edits if nobody else saved in between (optimistic lock), with the plan's lists.

    `tab` identifies the browser tab: a tab may overtake its own autosave, never another tab's save.
    Raises EditConflict when another tab saved since, ValidationError when the plan is no longer
    editable by `by`. Nothing is written in either case.
    """
    same_tab = Q(edit_token=tab) if tab else Q(pk__in=[])
    updated = (
        ActionPlan.objects.editable_by(by)
        .filter(Q(version=version) | same_tab, pk=plan.pk)
        .update(**fields, version=F("version") + 1, edit_token=tab, updated_at=timezone.now())
    )
    if not updated:
        if ActionPlan.objects.editable_by(by).filter(pk=plan.pk).exists():
            raise EditConflict
        raise ValidationError(_("This plan can no longer be edited: it is with your mentor or past review."))
    for formset in formsets:
        formset.save()
    plan.refresh_from_db()
    return plan


@transaction.atomic
def choose_core_issue(plan: ActionPlan, issue: CandidateIssue, *, by: User) -> ActionPlan:
    plan = ActionPlan.objects.editable_by(by).select_for_update().filter(pk=plan.pk).first()
    if plan is None or issue.plan_id != plan.pk:
        raise ValidationError(_("Only the owner can choose the core issue of a draft plan."))
    plan.core_issue = issue
    plan.version += 1
    plan.save(update_fields=["core_issue", "version", "updated_at"])
    return plan


def add_attachment(plan: ActionPlan, upload, *, by: User) -> Attachment:
    if not ActionPlan.objects.editable_by(by).filter(pk=plan.pk).exists():
        raise ValidationError(_("Attachments can be added only while the plan is a draft or in revision."))
    return Attachment.objects.create(
        plan=plan,
        file=upload,
        name=upload.name[:200],
        content_type=upload.detected_type,
        size=upload.size,
        uploaded_by=by,
    )
