"""Carrying out an agreed plan: progress reports on milestones, verified by the mentor."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participants.models import User

from . import workflow
from .models import ActionPlan, Evidence, Milestone, ProgressReport
from .notifications import notify

State = ActionPlan.State
Status = ProgressReport.Status
Review = ProgressReport.Review
REPORTABLE = (State.AGREED,)
DUE_SOON_DAYS = 7


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
        verified = next((r for r in reports if r.review == Review.VERIFIED), None)
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
    plan = ActionPlan.objects.select_for_update().get(pk=milestone.plan_id)
    if plan.participant.user_id != by.pk:
        raise ValidationError(_("Only the participant reports progress on their plan."))
    if plan.state not in REPORTABLE:
        raise ValidationError(_("Progress is reported once the agreement is signed, until the plan is completed."))
    if status == Status.DONE and percent != 100 or status != Status.DONE and percent == 100:
        raise ValidationError(_("A milestone is done exactly when its progress is 100%."))
    report = ProgressReport.objects.create(
        milestone=milestone, author=by, status=status, percent=percent, narrative=narrative, links=links
    )
    for upload in files:
        Evidence.objects.create(
            report=report, file=upload, name=upload.name[:200], content_type=upload.detected_type, size=upload.size
        )
    if plan.participant.mentor:
        mentor = plan.participant.mentor.user
        with translation.override(mentor.language):
            message = _("%(name)s reported progress on “%(milestone)s”.") % {
                "name": by.full_name,
                "milestone": milestone.deliverable,
            }
        notify(mentor, plan, reverse("innovations:progress", args=[plan.pk]), message, narrative)
    return report


@transaction.atomic
def review_report(report: ProgressReport, *, by: User, verified: bool, note: str = "") -> ProgressReport:
    """The mentor verifies a report or returns it with a note. The last milestone verified done completes the plan."""
    plan = ActionPlan.objects.select_for_update().get(pk=report.milestone.plan_id)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if plan.participant.mentor is None or plan.participant.mentor.user_id != by.pk:
        raise ValidationError(_("Only the participant's mentor reviews progress reports."))
    if report.review != Review.PENDING:
        raise ValidationError(_("This report has already been reviewed."))
    if not verified and not note.strip():
        raise ValidationError(_("Say what is missing: write a note."))
    report.review = Review.VERIFIED if verified else Review.RETURNED
    report.mentor_note, report.reviewed_by, report.reviewed_at = note.strip(), by, timezone.now()
    report.save(update_fields=["review", "mentor_note", "reviewed_by", "reviewed_at"])
    participant = plan.participant.user
    with translation.override(participant.language):
        message = (
            _("Your mentor verified your report on “%(milestone)s”.")
            if verified
            else _("Your mentor returned your report on “%(milestone)s”.")
        ) % {"milestone": report.milestone.deliverable}
    notify(participant, plan, reverse("innovations:progress", args=[plan.pk]), message, report.mentor_note)
    rows = milestone_progress(plan.milestones.prefetch_related("reports"))
    if verified and rows and all(row.achieved for row in rows) and plan.state == State.AGREED:
        workflow.transition(plan, to=State.COMPLETED, by=by, note=_("Every milestone is verified done."))
    return report
