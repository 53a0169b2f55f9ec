"""The one revision of a plan's milestones after the seminar, on the examiners' notes: proposed by the
participant, confirmed by the mentor (its one lifecycle), after which the agreement is prepared."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovations.models import ActionPlan, Milestone
from participants.audit import Verb, record
from participants.lifecycle import Lifecycle
from participants.models import User
from participants.notifications import notify

from .agreements import prepare_agreement
from .models import Agreement, MilestoneRevision

State = MilestoneRevision.State


LIFECYCLE = Lifecycle(
    State,
    model=MilestoneRevision,
    kind="revision",
    route=MilestoneRevision.ROUTE,
    related=["plan__participant__cohort", "plan__participant__mentor__user"],
    noun=gettext_lazy("milestone revision"),
    not_allowed=gettext_lazy("Only the participant's mentor can confirm the revision."),
)


def _milestones_data(milestones) -> list[dict]:
    return [{"term": m["term"], "deliverable": m["deliverable"], "due_date": str(m["due_date"])} for m in milestones]


@transaction.atomic
def propose_revision(plan: ActionPlan, *, milestones: list[dict], by: User) -> MilestoneRevision:
    """The participant's one revision of the milestones after the seminar; nothing changes until the mentor confirms."""
    plan = (
        ActionPlan.objects.select_for_update(of=("self",))
        .select_related("participant__cohort", "participant__user", "participant__mentor__user")
        .get(pk=plan.pk)
    )
    if not plan.held_by(by, "owner") or plan.state != ActionPlan.State.EXAMINED:
        raise ValidationError(
            _("Only the participant can revise the milestones, after the seminar and before signing.")
        )
    if MilestoneRevision.objects.filter(plan=plan).exists() or Agreement.objects.filter(plan=plan).exists():
        raise ValidationError(_("The milestones can be revised once only, before the agreement is prepared."))
    if not any(m["term"] == Milestone.Term.SHORT for m in milestones):
        raise ValidationError(_("Keep at least one short-term milestone."))
    revision = MilestoneRevision.objects.create(plan=plan, milestones=_milestones_data(milestones))
    record(
        Verb.REVISION_PROPOSE,
        cohort=plan.participant.cohort,
        actor=by,
        target=revision,
        to_state=revision.state,
        data={"milestones": len(milestones)},
    )
    if plan.participant.mentor:
        name, title = by.full_name, plan.title
        notify(
            plan.participant.mentor.user,
            lambda: (
                _("%(name)s revised the milestones of “%(title)s”: confirm them so the agreement can be signed.")
                % {"name": name, "title": title}
            ),
            cohort=plan.participant.cohort,
            url=reverse("seminars:agreement", args=[plan.pk]),
        )
    return revision


@transaction.atomic
def transition(revision: MilestoneRevision, *, to: str, by: User, on=None) -> Agreement:
    """The mentor confirms the revised milestones; they replace the old ones and the agreement is prepared."""
    with LIFECYCLE.moving(revision, to=to, by=by) as change:
        plan = change.obj.plan
        plan.milestones.all().delete()
        Milestone.objects.bulk_create(
            Milestone(plan=plan, term=m["term"], deliverable=m["deliverable"], due_date=m["due_date"], order=order)
            for order, m in enumerate(change.obj.milestones, start=1)
        )
    return prepare_agreement(plan, by=by, on=on)


def confirm_revision(revision: MilestoneRevision, *, by: User, on=None) -> Agreement:
    return transition(revision, to=State.CONFIRMED, by=by, on=on)
