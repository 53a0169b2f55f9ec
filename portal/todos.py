"""The to-do lists of the home pages: what waits for a mentor, a coach or an examiner, one query a kind whatever
the number of their mentees, coachees or exposés."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext_lazy

from innovations.models import ActionPlan, Consultation, ProgressReport, WorkReport
from innovations.records import InnovationRecord
from participants.rules import person_path
from seminars.agreements import REPORT, SIGNS_FOR, page_of
from seminars.models import Agreement, MilestoneRevision, ScoreSheet, Seminar, Slot


@dataclass
class Todo:
    """One line of a to-do list: how many things of one kind wait for the person, and where to do them."""

    label: str
    count: int
    url: str
    items: list[tuple[str, str]] = field(default_factory=list)  # (what, its page), the first few


def todo(label, rows, url, item) -> Todo | None:
    rows = list(rows)
    if not rows:
        return None
    return Todo(label=label % {"count": len(rows)}, count=len(rows), url=url, items=[item(row) for row in rows[:5]])


def mentor_todo(user) -> list[Todo]:
    """A mentor's to-do, in order of urgency: plans to review, revisions to confirm, reports to verify, agreements
    to sign. One query a kind, whatever the number of mentees."""
    revisions = (
        MilestoneRevision.objects.held_as("mentor", user)
        .filter(state=MilestoneRevision.State.PROPOSED)
        .select_related(person_path("owner", "plan__participant"))
    )
    reports = (
        ProgressReport.objects.held_as("mentor", user)
        .filter(state=ProgressReport.State.REPORTED)
        .select_related(person_path("owner", "milestone__plan__participant"))
        .order_by("created_at")
    )
    found = [
        _plans_to_review(user, reverse("innovations:mentees") + "?state=submitted"),
        todo(
            ngettext_lazy(
                "%(count)d milestone revision to confirm", "%(count)d milestone revisions to confirm", "count"
            ),
            revisions,
            reverse("seminars:agreement", args=[revisions[0].plan_id]) if revisions else "",
            lambda r: (
                f"{r.plan.participant.user.full_name}: {r.plan.title}",
                reverse("seminars:agreement", args=[r.plan_id]),
            ),
        ),
        todo(
            ngettext_lazy("%(count)d progress report to verify", "%(count)d progress reports to verify", "count"),
            reports,
            "",
            lambda r: (
                f"{r.milestone.plan.participant.user.full_name}: {r.milestone.deliverable}",
                reverse("innovations:progress", args=[r.milestone.plan_id]) + f"#milestone-{r.milestone_id}",
            ),
        ),
        _sheets_to_sign(
            user, "mentor", ngettext_lazy("%(count)d agreement to sign", "%(count)d agreements to sign", "count")
        ),
        _records_to_confirm(user),
        _consultations_to_confirm(user, Consultation.With.MENTOR),
        _reports_to_review(user, "mentor"),
    ]
    return [todo for todo in found if todo]


def coach_todo(user) -> list[Todo]:
    """A coach's to-do: the plans they approve where the programme says so (Latsar's design), the approval sheets
    waiting for their signature, the consultations their coachees recorded with them, and the reports waiting for
    review."""
    found = [
        _plans_to_review(user, ""),
        _sheets_to_sign(
            user,
            "coach",
            ngettext_lazy("%(count)d approval sheet to sign", "%(count)d approval sheets to sign", "count"),
        ),
        _consultations_to_confirm(user, Consultation.With.COACH),
        _reports_to_review(user, "coach"),
    ]
    return [todo for todo in found if todo]


def _plans_to_review(user, url: str) -> Todo | None:
    """The submitted plans this person approves (`design_approver`: the mentor, or the coach where the programme
    says so)."""
    plans = (
        ActionPlan.objects.held_as("design_approver", user)
        .filter(state=ActionPlan.State.SUBMITTED)
        .select_related(person_path("owner", "participant"), "participant__cohort")
    )
    return todo(
        ngettext_lazy("%(count)d plan to review", "%(count)d plans to review", "count"),
        plans,
        url,
        lambda p: (
            f"{p.participant.user.full_name} ({p.participant.cohort.name}): {p.title}",
            reverse("innovations:review", args=[p.pk]),
        ),
    )


def _sheets_to_sign(user, role: str, label) -> Todo | None:
    """The sheets of either stage (the design's agreement or approval sheet, the report's lembar pengesahan) this
    person signs as `role` and has not signed yet; the report's named by its title."""
    unsigned = (
        Agreement.objects.held_as(role, user)
        .filter(content__parties__has_key=SIGNS_FOR[role])  # a signer of this sheet, by its programme
        .exclude(state=Agreement.State.SEALED)
        .exclude(signatures__role=SIGNS_FOR[role])
        .select_related(person_path("owner", "plan__participant"))
    )
    return todo(
        label,
        unsigned,
        "",
        lambda a: (
            f"{a.plan.participant.user.full_name}: {a.plan.title}"
            + (f" ({a.content['title']})" if a.stage == REPORT else ""),
            page_of(a),
        ),
    )


def _reports_to_review(user, role: str) -> Todo | None:
    """The report stage's reports submitted by the person's coachees or mentees (`role`), oldest first; one query."""
    waiting = (
        WorkReport.objects.held_as(role, user)
        .filter(state=WorkReport.State.SUBMITTED)
        .select_related("plan", person_path("owner", "plan__participant"))
        .order_by("updated_at", "pk")
    )
    return todo(
        ngettext_lazy("%(count)d report to review", "%(count)d reports to review", "count"),
        waiting,
        "",
        lambda r: (
            f"{r.plan.participant.user.full_name}: {r.plan.title}",
            reverse("innovations:work_report_review", args=[r.plan_id]),
        ),
    )


def _consultations_to_confirm(user, consultant: str) -> Todo | None:
    """The consultations held with this person as coach or as mentor (`consultant`) that wait for them, oldest
    meeting first; one query."""
    waiting = (
        Consultation.objects.held_as("consulted", user)
        .filter(state=Consultation.State.RECORDED, consultant=consultant)
        .select_related(person_path("owner", "plan__participant"))
        .order_by("held_on", "pk")
    )
    return todo(
        ngettext_lazy("%(count)d consultation to confirm", "%(count)d consultations to confirm", "count"),
        waiting,
        "",
        lambda c: (
            f"{c.plan.participant.user.full_name}: {c.topic}",
            reverse("innovations:consultations", args=[c.plan_id]) + f"#consultation-{c.pk}",
        ),
    )


def _records_to_confirm(user) -> Todo | None:
    """The innovation records a mentor's mentees sent after the cohort (impact.record), oldest first."""
    records = (
        InnovationRecord.objects.held_as("mentor", user)
        .filter(state=InnovationRecord.State.SUBMITTED)
        .select_related(person_path("owner", "plan__participant"))
        .order_by("updated_at", "pk")
    )
    return todo(
        ngettext_lazy("%(count)d innovation record to confirm", "%(count)d innovation records to confirm", "count"),
        records,
        "",
        lambda r: (f"{r.plan.participant.user.full_name}: {r.plan.title}", reverse("impact:record", args=[r.plan_id])),
    )


def examiner_todo(user) -> list[Todo]:
    """An examiner's to-do: the exposés of their panels still to score (reopened ones first), then the agreements
    that name them and wait for their signature."""
    sheets = ScoreSheet.objects.held_as("examiner", user).filter(plan=OuterRef("plan"), seminar=OuterRef("seminar"))
    submitted = sheets.filter(state=ScoreSheet.State.SUBMITTED)
    reopened = sheets.filter(state=ScoreSheet.State.REOPENED)
    slots = (
        Slot.objects.before_panel_of(user)
        # At the design seminar, the plans still being examined; at the report seminar, every exposé.
        .filter(Q(plan__state=ActionPlan.State.APPROVED) | ~Q(seminar__stage=Seminar.Stage.DESIGN))
        .annotate(done=Exists(submitted), reopened=Exists(reopened))
        .filter(done=False)
        .select_related(person_path("owner", "plan__participant"), "room", "seminar__cohort")
        .order_by("-reopened", "starts_at")
    )
    found = [
        todo(
            ngettext_lazy("%(count)d score sheet to fill in", "%(count)d score sheets to fill in", "count"),
            slots,
            "",
            lambda s: (
                ("↺ " if s.reopened else "")
                + f"{date_format(timezone.localtime(s.starts_at), 'j M Y H:i')} {s.room.name}: "
                + s.plan.participant.user.full_name,
                reverse("seminars:score", args=[s.seminar.cohort.slug, s.seminar.stage, s.plan_id]),
            ),
        ),
        _sheets_to_sign(
            user, "examiner", ngettext_lazy("%(count)d agreement to sign", "%(count)d agreements to sign", "count")
        ),
    ]
    return [todo for todo in found if todo]
