"""The life of an action plan: one transition function, and thin verbs on top of it.

draft → submitted → (revision → submitted)* → approved → examined → agreed → completed,
and withdrawn from any state before agreed (staff may restore it). The moves and who may make them are
`ActionPlan.State.MOVES`.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.audit import events_of
from participants.lifecycle import Lifecycle
from participants.models import User
from participants.rules import person_path

from . import notifications, sections
from .models import ActionPlan, PlanVersion
from .snapshots import plan_snapshot

State = ActionPlan.State


# What the apps above do when a plan is withdrawn (the seminar takes it off its schedule): this layer cannot import
# them, so they register a step here from their AppConfig.ready(); it runs inside the withdrawal's transaction.
WITHDRAWAL_STEPS: list[Callable[[ActionPlan, User], None]] = []


def on_withdrawal(step: Callable[[ActionPlan, User], None]) -> Callable[[ActionPlan, User], None]:
    WITHDRAWAL_STEPS.append(step)
    return step


LIFECYCLE = Lifecycle(
    State,
    model=ActionPlan,
    kind="plan",
    route=ActionPlan.ROUTE,
    noun=gettext_lazy("plan"),
    related=[person_path("owner", "participant"), person_path("mentor", "participant"), "participant__cohort"],
    touch=["updated_at"],
)


# The moves with a page or dialog of their own (the mentor's review, the withdrawal's reason, …); any other move a
# person may make shows on the plan's page as a plain button (its `label`) that posts to `innovations:move`.
OWN_PAGES = frozenset({"submit", "approve", "return", "withdraw", "restore"})


def allowed_moves(plan: ActionPlan, user: User | None, *, roles=None) -> dict[str, str]:
    """The buttons to show `user` on this plan, as {action: target state}: templates ask, never decide."""
    return LIFECYCLE.allowed(plan, user, roles=roles)


def move_plan(plan: ActionPlan, *, name: str, by: User, note: str = "") -> ActionPlan:
    """Make the move called `name`, if `by` may make it now and it has no page of its own: the plain buttons' verb."""
    target = allowed_moves(plan, by).get(name)
    if target is None or name in OWN_PAGES:
        raise ValidationError(_("This change is not possible now."), code="not_allowed")
    return transition(plan, to=target, by=by, note=note)


def submission_gaps(plan: ActionPlan) -> list[str]:
    """What a plan still lacks before it can be submitted, each named as the form names it."""
    gaps = []
    if not plan.title.strip():
        gaps.append(str(ActionPlan._meta.get_field("title").verbose_name))
    if plan.cluster_id is None and plan.participant.cohort.clusters.exists():  # a cohort without clusters asks none
        gaps.append(str(ActionPlan._meta.get_field("cluster").verbose_name))
    spec = plan.participant.cohort.programme_spec
    if spec.issues:  # the work starts from the issue selection
        if plan.core_issue is None:  # no query when there is none, as with `core_issue_id`
            gaps.append(_("core issue (choose it on the issue selection page)"))
        elif not plan.core_issue.passes_apkl:
            gaps.append(_("a core issue that passes APKL (the chosen one no longer does)"))
    gaps += sections.gaps(plan, spec)
    stakeholders, team, risks, milestones = (
        spec.list_spec(kind) for kind in ("stakeholders", "team", "risks", "milestones")
    )
    if stakeholders and stakeholders.required and not plan.stakeholders.exists():
        gaps.append(_("at least one stakeholder"))
    if team and team.required and not plan.team.exists():
        gaps.append(_("at least one member of the effective team"))
    if risks and risks.required and not plan.risks.exists():
        gaps.append(_("at least one risk with its mitigation"))
    if milestones and milestones.required:
        if "short" in milestones.terms and not plan.milestones.filter(term="short").exists():
            gaps.append(_("at least one short-term milestone"))
        elif not plan.milestones.exists():
            gaps.append(_("at least one milestone"))
    return gaps


@transaction.atomic
def transition(plan: ActionPlan, *, to: str, by: User, note: str = "", section_notes: dict | None = None) -> ActionPlan:
    """Move a plan to another state, or refuse with a clear message and change nothing.

    Locks the plan's row, checks the move and the actor, writes the state, records the audit event,
    snapshots the plan on submission, and notifies (in-app at once, mail after commit).
    """
    section_notes = {key: text.strip() for key, text in (section_notes or {}).items() if text and text.strip()}
    with LIFECYCLE.moving(plan, to=to, by=by, note=note) as change:
        plan = change.obj
        if to == State.SUBMITTED:
            gaps = submission_gaps(plan)
            if gaps:
                raise ValidationError(
                    _("The plan cannot be submitted yet. Still missing: %(gaps)s.") % {"gaps": "; ".join(gaps)},
                    code="incomplete",
                )
        if change.move.action == "return" and not note.strip() and not section_notes:
            raise ValidationError(_("Say what should be revised: write a note."), code="note_required")
        change.data = {"section_notes": section_notes} if section_notes else None
    if to == State.WITHDRAWN:
        for step in WITHDRAWAL_STEPS:
            step(plan, by)
    if to == State.SUBMITTED:
        number = plan.versions.count() + 1
        PlanVersion.objects.create(plan=plan, number=number, content=plan_snapshot(plan), created_by=by)
    assert change.event is not None  # written by LIFECYCLE.moving on the way out
    notifications.plan_moved(plan, change.event)
    return plan


def submit_plan(plan: ActionPlan, *, by: User) -> ActionPlan:
    return transition(plan, to=State.SUBMITTED, by=by)


def approve_plan(plan: ActionPlan, *, by: User, note: str = "") -> ActionPlan:
    return transition(plan, to=State.APPROVED, by=by, note=note)


def return_plan(plan: ActionPlan, *, by: User, note: str, section_notes: dict | None = None) -> ActionPlan:
    return transition(plan, to=State.REVISION, by=by, note=note, section_notes=section_notes)


def withdraw_plan(plan: ActionPlan, *, by: User, note: str = "") -> ActionPlan:
    return transition(plan, to=State.WITHDRAWN, by=by, note=note)


def restore_target(plan: ActionPlan) -> str:
    """Where a withdrawn plan goes back to: the state it was withdrawn from, as its last withdrawal recorded it.
    An examined plan comes back approved (its exposé slot went with the withdrawal, so it is scheduled and
    scored again); a plan whose withdrawal left no record comes back a draft."""
    withdrawal = events_of(plan).filter(verb="plan.withdraw").order_by("at", "pk").last()
    previous = withdrawal.from_state if withdrawal else State.DRAFT
    if previous == State.EXAMINED:
        return State.APPROVED
    return previous if (State.WITHDRAWN, previous) in State.MOVES else State.DRAFT  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves


def restore_plan(plan: ActionPlan, *, by: User, note: str = "", restoring_participant: bool = False) -> ActionPlan:
    """Staff undo a plan's withdrawal (workflow.restore_target says to which state). Refused while its participant
    has another plan under way (a participant works on one plan at a time), and while the participant is withdrawn
    from the cohort (restoring them brings their plan back)."""
    if plan.participant.is_withdrawn and not restoring_participant:
        raise ValidationError(
            _("%(name)s is withdrawn from the cohort: restore them on their page, and their plan comes back with them.")
            % {"name": plan.participant.user.full_name},
            code="participant_withdrawn",
        )
    if plan.participant.plans.exclude(pk=plan.pk).exclude(state=State.WITHDRAWN).exists():
        raise ValidationError(
            _("%(name)s has started another plan since, so this one cannot come back.")
            % {"name": plan.participant.user.full_name},
            code="another_plan",
        )
    return transition(plan, to=restore_target(plan), by=by, note=note)
