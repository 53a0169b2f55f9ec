"""The one revision of a plan's milestones after the seminar, on the examiners' notes: proposed by the
participant, confirmed by the mentor or returned with a note and proposed again (its one lifecycle); once confirmed,
the agreement is prepared from it."""

import datetime
import difflib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovations.models import ActionPlan, Milestone
from participants.audit import Verb, record
from participants.lifecycle import Lifecycle
from participants.models import User
from participants.notifications import notify
from participants.rules import person_path

from .agreements import DESIGN, prepare_agreement, sheet_of
from .models import Agreement, MilestoneRevision

State = MilestoneRevision.State


LIFECYCLE = Lifecycle(
    State,
    model=MilestoneRevision,
    kind="revision",
    route=MilestoneRevision.ROUTE,
    related=[
        "plan__participant__cohort",
        person_path("owner", "plan__participant"),
        person_path("mentor", "plan__participant"),
    ],
    noun=gettext_lazy("milestone revision"),
    not_allowed=gettext_lazy("Only the participant's mentor can confirm or return the revision."),
)


def _has_sheet(plan: ActionPlan) -> bool:
    return sheet_of(plan, DESIGN) is not None


def _milestones_data(milestones) -> list[dict]:
    return [{"term": m["term"], "deliverable": m["deliverable"], "due_date": str(m["due_date"])} for m in milestones]


def _tell_mentor(plan: ActionPlan, *, by: User) -> None:
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


@transaction.atomic
def propose_revision(plan: ActionPlan, *, milestones: list[dict], by: User) -> MilestoneRevision:
    """The participant's revision of the milestones after the seminar, once, or again after the mentor returned it;
    nothing changes until the mentor confirms. The mentor is told."""
    plan = (
        ActionPlan.objects.select_for_update(of=("self",))
        .select_related(
            "participant__cohort", person_path("owner", "participant"), person_path("mentor", "participant")
        )
        .get(pk=plan.pk)
    )
    if not plan.held_by(by, "owner") or plan.state != ActionPlan.State.EXAMINED:
        raise ValidationError(
            _("Only the participant can revise the milestones, after the seminar and before signing.")
        )
    if not any(m["term"] == Milestone.Term.SHORT for m in milestones):
        raise ValidationError(_("Keep at least one short-term milestone."))
    revision = MilestoneRevision.objects.filter(plan=plan).first()
    if revision is not None and revision.state == State.RETURNED and not _has_sheet(plan):
        return transition(revision, to=State.PROPOSED, by=by, milestones=milestones)
    if revision is not None or _has_sheet(plan):
        raise ValidationError(_("The milestones can be revised once only, before the agreement is prepared."))
    revision = MilestoneRevision.objects.create(plan=plan, milestones=_milestones_data(milestones))
    record(
        Verb.REVISION_PROPOSE,
        cohort=plan.participant.cohort,
        actor=by,
        target=revision,
        to_state=revision.state,
        data={"milestones": len(milestones)},
    )
    _tell_mentor(plan, by=by)
    return revision


@transaction.atomic
def transition(
    revision: MilestoneRevision, *, to: str, by: User, note: str = "", milestones: list[dict] | None = None, on=None
) -> MilestoneRevision:
    """Move a milestone revision, or refuse with a clear message and change nothing.

    Confirmed (the mentor): the revised milestones replace the agreed ones and the agreement is prepared. Returned
    (the mentor, with a note): the participant is told and may revise again. Proposed again (the participant, with
    the new `milestones`): the mentor is told. Each move writes one audit event.
    """
    with LIFECYCLE.moving(revision, to=to, by=by, note=note) as change:
        revision = change.obj
        if to == State.RETURNED:
            change.set(mentor_note=note.strip())
        if to == State.PROPOSED:
            change.set(milestones=_milestones_data(milestones or []), proposed_at=timezone.now())
            change.data = {"milestones": len(revision.milestones)}
    plan = revision.plan
    if to == State.CONFIRMED:
        plan.milestones.all().delete()
        Milestone.objects.bulk_create(
            Milestone(plan=plan, term=m["term"], deliverable=m["deliverable"], due_date=m["due_date"], order=order)
            for order, m in enumerate(revision.milestones, start=1)
        )
        prepare_agreement(plan, by=by, on=on)
    elif to == State.RETURNED:
        title = plan.title
        notify(
            plan.participant.user,
            lambda: (
                _("Your mentor returned your revised milestones of “%(title)s”: revise them again.") % {"title": title}
            ),
            cohort=plan.participant.cohort,
            url=reverse("seminars:agreement_revise", args=[plan.pk]),
            detail=revision.mentor_note,
        )
    else:
        _tell_mentor(plan, by=by)
    return revision


def confirm_revision(revision: MilestoneRevision, *, by: User, on=None) -> Agreement:
    """The mentor confirms; the agreement prepared from the revised milestones is returned."""
    revision = transition(revision, to=State.CONFIRMED, by=by, on=on)
    return Agreement.objects.get(plan_id=revision.plan_id, stage=DESIGN)


def return_revision(revision: MilestoneRevision, *, by: User, note: str) -> MilestoneRevision:
    return transition(revision, to=State.RETURNED, by=by, note=note)


def _line(term: str, deliverable: str, due_date: datetime.date) -> str:
    return f"[{Milestone.Term(term).label}] {deliverable} ({date_format(due_date, 'j M Y')})"


def comparison(revision: MilestoneRevision) -> list[tuple[str, str]]:
    """The agreed milestones against the revised ones, each sorted by date and written with its term, line by line
    as (what happened to it, the line): "kept", "removed" or "added"."""
    agreed = sorted(revision.plan.milestones.all(), key=lambda m: (m.due_date, m.order, m.pk))
    revised = sorted(revision.milestones, key=lambda m: m["due_date"])
    before = [_line(m.term, m.deliverable, m.due_date) for m in agreed]
    after = [_line(m["term"], m["deliverable"], datetime.date.fromisoformat(m["due_date"])) for m in revised]
    rows = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [("kept", line) for line in after[b1:b2]]
            continue
        rows += [("removed", line) for line in before[a1:a2]] + [("added", line) for line in after[b1:b2]]
    return rows
