"""What a participant's journey is made of (its next step, its stages) and its later half where their programme has
a report stage (Latsar CPNS, PKP, PKA, PKN): after the design's sheet, the report is written and approved, presented at
the report seminar and signed off on its lembar pengesahan, instead of milestones reported one by one.
portal.selectors.plan_journey puts the journey together."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from innovations.models import ActionPlan, WorkReport
from seminars import agreements
from seminars.models import Agreement, Seminar, Slot

ReportState = WorkReport.State


@dataclass
class Step:
    """The participant's one next step: what to do, by when, and where."""

    label: str
    detail: str = ""
    url: str = ""
    action: str = ""
    deadline: object = None
    waiting: bool = False  # nothing to do but wait for someone else


@dataclass
class Stage:
    label: str
    status: str  # "done", "current" or "next"
    detail: str = ""


def at_seminar(slot: Slot | None) -> str:
    """When and where the exposé is: "22 Oktober 2026 at 08:30 in Ruang Toba", or nothing before its schedule."""
    if slot is None:
        return ""
    starts = timezone.localtime(slot.starts_at)
    return _("%(date)s at %(time)s in %(room)s") % {
        "date": date_format(starts, "j F Y"),
        "time": f"{starts:%H:%M}",
        "room": slot.room.name,
    }


@dataclass
class ReportJourney:
    """What the report's half of the journey reads of one plan: its report, its slot at the report seminar and its
    lembar pengesahan (each loaded with the participant's plans: portal.selectors.participations_of)."""

    plan: ActionPlan
    report: WorkReport | None
    slot: Slot | None
    sheet: Agreement | None

    @classmethod
    def of(cls, plan: ActionPlan) -> "ReportJourney":
        try:
            report = plan.work_report
        except WorkReport.DoesNotExist:
            report = None
        sheet = next(iter(getattr(plan, "report_sheets", [])), None)
        return cls(plan=plan, report=report, slot=plan.slot_in(Seminar.Stage.REPORT), sheet=sheet)

    @property
    def sheet_title(self) -> str:
        return agreements.title_of(self.plan.participant.cohort, agreements.REPORT)

    @property
    def reached(self) -> int:
        """How far the report has come: 0 written (or not yet), 1 approved, 2 examined, 3 signed off."""
        order: list[str] = [ReportState.APPROVED, ReportState.EXAMINED, ReportState.SIGNED]
        state = self.report.state if self.report else ""
        return order.index(state) + 1 if state in order else 0

    def at_seminar(self) -> str:
        return at_seminar(self.slot)

    def stages(self, *, underway: bool) -> list[tuple[str, int, str]]:
        """The report's stages as (label, index, detail): its approval, its seminar, its sheet."""
        sealed = self.sheet.sealed_at if self.sheet and self.sheet.sealed_at else None
        return [
            (_("Report"), 0, self.report.get_state_display() if self.report and underway else ""),
            (_("Report seminar"), 1, self.at_seminar()),
            (self.sheet_title, 2, date_format(timezone.localtime(sealed), "j F Y") if sealed else ""),
        ]


def report_step(journey: ReportJourney) -> Step:
    """The participant's next step while their agreed work is reported on."""
    plan, report = journey.plan, journey.report
    page = reverse("innovations:work_report", args=[plan.pk])
    state = report.state if report else ReportState.DRAFT
    if state == ReportState.RETURNED:
        return Step(_("Your report is returned with notes"), detail=report.note if report else "", url=page)
    if state == ReportState.DRAFT:
        return Step(_("Write your report on what was carried out"), url=page)
    if state == ReportState.SUBMITTED:
        return Step(_("Waiting for your coach and mentor to review your report"), url=page, waiting=True)
    if state == ReportState.APPROVED:
        if journey.slot is None:
            return Step(_("Waiting for the report seminar's schedule"), url=page, waiting=True)
        return Step(
            _("Present your report at the report seminar"),
            detail=journey.at_seminar(),
            url=reverse("seminars:agenda", args=[plan.participant.cohort.slug, Seminar.Stage.REPORT]),
            deadline=journey.slot.starts_at,
        )
    sheet_page = reverse("seminars:report_sheet", args=[plan.pk])
    if state == ReportState.EXAMINED and journey.sheet is None:
        return Step(_("Prepare your %(sheet)s") % {"sheet": journey.sheet_title}, url=sheet_page)
    if state == ReportState.EXAMINED:
        return Step(
            _("Waiting for the signatures on your %(sheet)s") % {"sheet": journey.sheet_title},
            url=sheet_page,
            waiting=True,
        )
    return Step(_("Your work is completed: its report is signed off"), url=page, waiting=True)
