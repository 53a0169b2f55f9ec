"""Carrying out an agreed plan: progress reports on milestones, verified by the mentor."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from participants.audit import SystemNote, Verb, record
from participants.lifecycle import Lifecycle
from participants.models import User
from participants.notifications import notify
from participants.rules import person_path

from . import workflow
from .models import ActionPlan, Evidence, Milestone, ProgressReport
from .services import keep_upload

State = ActionPlan.State
Status = ProgressReport.Status
Review = ProgressReport.State
# Progress is reported once the agreement is sealed, until the plan is completed.
REPORTABLE = frozenset({State.AGREED})
DUE_SOON_DAYS = 7


LIFECYCLE = Lifecycle(
    Review,
    model=ProgressReport,
    kind="report",
    route=ProgressReport.ROUTE,
    noun=gettext_lazy("progress report"),
    related=[
        person_path("mentor", "milestone__plan__participant"),
        person_path("owner", "milestone__plan__participant"),
    ],
    not_allowed=gettext_lazy("Only the participant's mentor reviews progress reports."),
)


@dataclass
class MilestoneProgress:
    milestone: Milestone
    latest: ProgressReport | None
    achieved: bool  # its latest verified report says done
    overdue: bool


def milestone_progress(milestones, *, today: datetime.date | None = None) -> list[MilestoneProgress]:
    """Each milestone with its latest report. Expects `reports` prefetched, newest first."""
    today = today or timezone.localdate()
    rows = []
    for milestone in milestones:
        reports = list(milestone.reports.all())
        verified = next((r for r in reports if r.state == Review.VERIFIED), None)
        achieved = verified is not None and verified.status == Status.DONE
        rows.append(
            MilestoneProgress(
                milestone,
                reports[0] if reports else None,
                achieved,
                overdue=not achieved and milestone.due_date < today,
            )
        )
    return rows


def percent_done(rows: list[MilestoneProgress]) -> int:
    """Only verified milestones count."""
    return round(100 * sum(row.achieved for row in rows) / len(rows)) if rows else 0


@transaction.atomic
def report_progress(
    milestone: Milestone, *, by: User, status: str, percent: int, narrative: str, links: str, files=()
) -> ProgressReport:
    """The participant reports on one milestone of their agreed plan; the mentor is told."""
    plan = (
        ActionPlan.objects.select_for_update(of=("self",))
        .select_related("participant__cohort", person_path("mentor", "participant"))
        .get(pk=milestone.plan_id)
    )
    if not plan.held_by(by, "owner"):
        raise ValidationError(_("Only the participant reports progress on their plan."))
    if plan.state not in REPORTABLE:
        raise ValidationError(_("Progress is reported once the agreement is signed, until the plan is completed."))
    if status == Status.DONE and percent != 100 or status != Status.DONE and percent == 100:
        raise ValidationError(_("A milestone is done exactly when its progress is 100%."))
    report = ProgressReport.objects.create(
        milestone=milestone, author=by, status=status, percent=percent, narrative=narrative, links=links
    )
    for upload in files:
        # Kept under a safe name with the extension of the type its content was found to be, with a thumbnail.
        keep_upload(Evidence(report=report), upload)
    record(
        Verb.REPORT_SUBMIT,
        cohort=plan.participant.cohort,
        actor=by,
        target=report,
        to_state=report.state,
        data={"milestone": milestone.deliverable, "status": status, "percent": percent},
    )
    if plan.participant.mentor:
        notify(
            plan.participant.mentor.user,
            lambda: (
                _("%(name)s reported progress on “%(milestone)s”.")
                % {"name": by.full_name, "milestone": milestone.deliverable}
            ),
            cohort=plan.participant.cohort,
            url=reverse("innovations:progress", args=[plan.pk]),
            detail=narrative,
        )
    return report


@transaction.atomic
def transition(report: ProgressReport, *, to: str, by: User, note: str = "") -> ProgressReport:
    """The mentor verifies a report or returns it with a note. The last milestone verified done completes the plan.

    The plan's row is locked first, then the report's, so two reviews of the plan's last reports are taken one
    after the other and only the second completes it.
    """
    plan = ActionPlan.objects.select_for_update(of=("self",)).get(pk=report.milestone.plan_id)
    with LIFECYCLE.moving(report, to=to, by=by, note=note) as change:
        report = change.obj
        change.set(mentor_note=note.strip(), reviewed_at=timezone.now())
        change.data = {"milestone": report.milestone.deliverable}
    participant = report.milestone.plan.participant
    verified = to == Review.VERIFIED
    deliverable = report.milestone.deliverable
    notify(
        participant.user,
        lambda: (
            (
                _("Your mentor verified your report on “%(milestone)s”.")
                if verified
                else _("Your mentor returned your report on “%(milestone)s”.")
            )
            % {"milestone": deliverable}
        ),
        cohort=participant.cohort,
        url=reverse("innovations:progress", args=[plan.pk]),
        detail=report.mentor_note,
    )
    rows = milestone_progress(plan.milestones.prefetch_related("reports"))
    if verified and rows and all(row.achieved for row in rows) and plan.state == State.AGREED:
        workflow.transition(
            plan, to=State.COMPLETED, by=by, note=SystemNote(gettext_noop("Every milestone is verified done."))
        )
    return report


def review_report(report: ProgressReport, *, by: User, verified: bool, note: str = "") -> ProgressReport:
    return transition(report, to=Review.VERIFIED if verified else Review.RETURNED, by=by, note=note)
