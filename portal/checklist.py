"""A cohort's checklist: the steps of running it, in order, each done or not, with what is still missing.

The cohort overview shows it; its first step not done is the cohort's next step.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from innovations.models import ActionPlan, Milestone, ProgressReport, WorkReport
from participants.models import Cohort, Participant
from seminars.models import Agreement, Room, Seminar

from .selectors import sheets_missing

State = ActionPlan.State


@dataclass
class ChecklistStep:
    """One step of running a cohort: whether it is done, how far it is in numbers, what is missing in words, and
    the page where it is done."""

    key: str
    label: str
    done: bool
    summary: str
    url: str
    link_label: str
    missing: list[str] = field(default_factory=list)
    is_next: bool = False


@dataclass
class Checklist:
    steps: list[ChecklistStep]
    # Figures the overview shows beside the steps, counted once for both.
    participant_count: int
    examiner_count: int
    seminar: Seminar | None
    withdrawn_count: int = 0  # of participant_count: on the roster still, but no longer in the cohort's work
    # One entry per seminar of the cohort's programme, in order: (stage, the programme's title, the seminar if set up).
    seminars: list[tuple[str, str, Seminar | None]] = field(default_factory=list)

    @property
    def next_step(self) -> ChecklistStep | None:
        return next((step for step in self.steps if step.is_next), None)

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)


@dataclass
class Figures:
    """What the steps count, gathered in ten queries whatever the cohort's size."""

    slug: str
    people: dict  # total, staying (not withdrawn), unmentored (of those staying)
    examiner_count: int
    seminar: Seminar | None
    seminars: dict[str, Seminar]  # by stage
    rooms: list  # the seminar's rooms, as (seats on its panel,)
    plans: dict  # per state: n, scheduled, agreements, unsealed
    sheets_missing: int
    milestones: dict  # total, verified, overdue
    # Where the programme has a report stage: the reports per state, and the exposés of the report seminar.
    reports: dict[str, int] = field(default_factory=dict)
    report_scheduled: int = 0

    def count(self, states, key: str = "n") -> int:
        return sum(self.plans[state][key] for state in states if state in self.plans)

    @property
    def approved(self) -> int:
        return self.count(State.APPROVED_OR_LATER)  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves

    @property
    def examined(self) -> int:
        return self.count(State.EXAMINED_OR_LATER)  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves

    @property
    def agreed(self) -> int:
        return self.count(State.AGREED_OR_LATER)  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves

    @property
    def reports_approved(self) -> int:
        approved = WorkReport.State.APPROVED_OR_LATER  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
        return sum(n for state, n in self.reports.items() if state in approved)


def _figures(cohort: Cohort, today) -> Figures:
    # A participant who has withdrawn needs no mentor any more, but was on the roster.
    staying = Q(withdrawn_at__isnull=True)
    # The nine steps follow the design seminar; the seminars' own pages follow each stage's.
    seminars = {seminar.stage: seminar for seminar in cohort.seminars.all()}
    seminar = seminars.get(Seminar.Stage.DESIGN)
    achieved = ProgressReport.objects.filter(
        milestone=OuterRef("pk"), state=ProgressReport.State.VERIFIED, status=ProgressReport.Status.DONE
    )
    return Figures(
        slug=cohort.slug,
        people=Participant.objects.filter(cohort=cohort).aggregate(
            total=Count("pk"),
            staying=Count("pk", filter=staying),
            unmentored=Count("pk", filter=staying & Q(mentor__isnull=True)),
        ),
        examiner_count=cohort.examiners.count(),
        seminar=seminar,
        seminars=seminars,
        rooms=list(Room.objects.filter(seminar=seminar).annotate(seats=Count("panel__examiners")).values_list("seats"))
        if seminar
        else [],
        # Plans per state, with how many of them have a slot and an agreement, sealed or not: one query.
        plans={
            row["state"]: row
            for row in ActionPlan.objects.filter(participant__cohort=cohort)
            .values("state")
            .annotate(
                # Distinct: a plan scheduled at both seminars is joined to two slots, and has a sheet per stage.
                n=Count("pk", distinct=True),
                scheduled=Count("slots", filter=Q(slots__seminar__stage=Seminar.Stage.DESIGN), distinct=True),
                agreements=Count("sheets", filter=Q(sheets__stage=Seminar.Stage.DESIGN), distinct=True),
                unsealed=Count(
                    "sheets",
                    filter=Q(sheets__stage=Seminar.Stage.DESIGN) & ~Q(sheets__state=Agreement.State.SEALED),
                    distinct=True,
                ),
            )
            .order_by()
        },
        sheets_missing=sheets_missing(Cohort.objects.filter(pk=cohort.pk))[cohort.pk],
        milestones=Milestone.objects.filter(plan__participant__cohort=cohort, plan__state__in=State.AGREED_OR_LATER)  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
        .annotate(achieved=Exists(achieved))
        .aggregate(
            total=Count("pk"),
            verified=Count("pk", filter=Q(achieved=True)),
            overdue=Count("pk", filter=Q(achieved=False, due_date__lt=today, plan__state=State.AGREED)),
        ),
    )


def _report_figures(cohort: Cohort, figures: Figures) -> None:
    """The report stage's figures, in two queries: the cohort's reports per state, the report seminar's exposés."""
    figures.reports = dict(
        WorkReport.objects.filter(plan__participant__cohort=cohort).values_list("state").annotate(n=Count("pk"))
    )
    report_seminar = figures.seminars.get(Seminar.Stage.REPORT)
    figures.report_scheduled = report_seminar.slots.count() if report_seminar else 0


def cohort_checklist(cohort: Cohort, *, today=None) -> Checklist:
    """The steps of a cohort, from the roster to the milestones (`STEPS`), in ten queries whatever its size; where
    its programme has a report stage, the report's steps after them (`REPORT_STEPS`), in two more.

    A step is done only when there is something to have done: with no participant yet, nobody "has a mentor".
    The first step not done is marked as the next one.
    """
    figures = _figures(cohort, today or timezone.localdate())
    kinds = list(STEPS)
    report = cohort.programme_spec.stage("report")
    if report is not None:
        _report_figures(cohort, figures)
        kinds += REPORT_STEPS + (SHEET_STEPS if report.sign_off else [])
    steps = [step(figures) for step in kinds]
    for step in steps:
        if not step.done:
            step.is_next = True
            break
    people = figures.people
    return Checklist(
        steps,
        participant_count=people["total"],
        examiner_count=figures.examiner_count,
        seminar=figures.seminar,
        withdrawn_count=people["total"] - people["staying"],
        seminars=[
            (stage.key, stage.seminar.title, figures.seminars.get(stage.key))
            for stage in cohort.programme_spec.seminars
            if stage.seminar
        ],
    )


def _schedule_step(figures: Figures) -> ChecklistStep:
    approved, scheduled = figures.approved, figures.count(State.APPROVED_OR_LATER, "scheduled")  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    before_approval = figures.count([State.DRAFT, State.SUBMITTED, State.REVISION])
    missing = []
    if not approved:
        missing.append(_("No plan is approved by its mentor yet."))
    elif scheduled < approved:
        missing.append(
            ngettext(
                "%(count)d approved plan is not in the schedule: build it again.",
                "%(count)d approved plans are not in the schedule: build it again.",
                approved - scheduled,
            )
            % {"count": approved - scheduled}
        )
    if before_approval:
        missing.append(
            ngettext(
                "%(count)d plan is not approved by its mentor yet.",
                "%(count)d plans are not approved by their mentors yet.",
                before_approval,
            )
            % {"count": before_approval}
        )
    return ChecklistStep(
        "schedule",
        _("Schedule built and sent"),
        done=not missing and figures.seminar is not None,
        summary=_("%(scheduled)d of %(total)d approved plans scheduled") % {"scheduled": scheduled, "total": approved},
        url=reverse("seminars:schedule", args=[figures.slug]),
        link_label=_("Open the schedule"),
        missing=missing if figures.seminar else [_("Set the seminar up first."), *missing],
    )


def _scores_step(figures: Figures) -> ChecklistStep:
    approved, examined = figures.approved, figures.examined
    missing = []
    if not approved:
        missing.append(_("No plan to score yet."))
    elif examined < approved:
        missing.append(
            ngettext(
                "%(count)d plan is not fully scored yet.",
                "%(count)d plans are not fully scored yet.",
                approved - examined,
            )
            % {"count": approved - examined}
        )
    if figures.sheets_missing:
        missing.append(
            ngettext(
                "%(count)d score sheet is not submitted yet.",
                "%(count)d score sheets are not submitted yet.",
                figures.sheets_missing,
            )
            % {"count": figures.sheets_missing}
        )
    return ChecklistStep(
        "scores",
        _("Scores complete"),
        done=not missing,
        summary=_("%(examined)d of %(total)d plans scored") % {"examined": examined, "total": approved},
        url=reverse("seminars:results", args=[figures.slug]),
        link_label=_("Open the results"),
        missing=missing,
    )


def _results_step(figures: Figures) -> ChecklistStep:
    published = figures.seminar is not None and figures.seminar.results_are_published
    return ChecklistStep(
        "results",
        _("Results published"),
        done=published,
        summary=_("Published") if published else _("Not published"),
        url=reverse("seminars:results", args=[figures.slug]),
        link_label=_("Open the results"),
        missing=[] if published else [_("The results are not published to the participants yet.")],
    )


def _agreements_step(figures: Figures) -> ChecklistStep:
    unsealed = figures.count(State.EXAMINED_OR_LATER, "unsealed")  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    unprepared = figures.count([State.EXAMINED]) - figures.count([State.EXAMINED], "agreements")
    missing = []
    if not figures.examined:
        missing.append(_("No plan is scored yet, so no agreement can be prepared."))
    if unprepared:
        missing.append(
            ngettext(
                "%(count)d agreement is not prepared yet.", "%(count)d agreements are not prepared yet.", unprepared
            )
            % {"count": unprepared}
        )
    if unsealed:
        missing.append(
            ngettext("%(count)d agreement waits for signatures.", "%(count)d agreements wait for signatures.", unsealed)
            % {"count": unsealed}
        )
    return ChecklistStep(
        "agreements",
        _("Agreements sealed"),
        done=not missing,
        summary=_("%(sealed)d of %(total)d agreements sealed") % {"sealed": figures.agreed, "total": figures.examined},
        url=reverse("seminars:agreement_list", args=[figures.slug]),
        link_label=_("Open the agreements"),
        missing=missing,
    )


def _milestones_step(figures: Figures) -> ChecklistStep:
    agreed, completed, milestones = figures.agreed, figures.count([State.COMPLETED]), figures.milestones
    missing = []
    if not agreed:
        missing.append(_("No agreement is sealed yet, so no milestone is under way."))
    elif completed < agreed:
        missing.append(
            ngettext(
                "%(count)d plan still has milestones to carry out.",
                "%(count)d plans still have milestones to carry out.",
                agreed - completed,
            )
            % {"count": agreed - completed}
        )
    if milestones["overdue"]:
        missing.append(
            ngettext("%(count)d milestone is overdue.", "%(count)d milestones are overdue.", milestones["overdue"])
            % {"count": milestones["overdue"]}
        )
    return ChecklistStep(
        "milestones",
        _("Milestones under way"),
        done=not missing,
        summary=_("%(verified)d of %(total)d milestones verified")
        % {"verified": milestones["verified"], "total": milestones["total"]},
        url=reverse("portal:dashboard", args=[figures.slug]) + "#milestones-heading",
        link_label=_("Open the dashboard"),
        missing=missing,
    )


def _roster_step(figures: Figures) -> ChecklistStep:
    slug, total = figures.slug, figures.people["total"]
    return ChecklistStep(
        "roster",
        _("Roster imported"),
        done=total > 0,
        summary=ngettext("%(count)d participant", "%(count)d participants", total) % {"count": total},
        url=reverse("participants:roster_upload", args=[slug]),
        link_label=_("Import the roster"),
        missing=[] if total else [_("The roster is not imported yet.")],
    )


def _mentor_step(figures: Figures) -> ChecklistStep:
    slug, total, unmentored = figures.slug, figures.people["staying"], figures.people["unmentored"]
    if not total:
        missing = [_("No participants yet: import the roster first.")]
    elif unmentored:
        missing = [
            ngettext(
                "%(count)d participant has no mentor yet.", "%(count)d participants have no mentor yet.", unmentored
            )
            % {"count": unmentored}
        ]
    else:
        missing = []
    return ChecklistStep(
        "mentors",
        _("Mentors for everyone"),
        done=not missing,
        summary=_("%(with)d of %(total)d participants have a mentor") % {"with": total - unmentored, "total": total}
        if total
        else "",
        url=reverse("portal:participant_list", args=[slug]) + ("?mentor=none" if unmentored else ""),
        link_label=_("Open the participants"),
        missing=missing,
    )


def _examiner_step(figures: Figures) -> ChecklistStep:
    slug, count = figures.slug, figures.examiner_count
    return ChecklistStep(
        "examiners",
        _("Examiners"),
        done=count > 0,
        summary=ngettext("%(count)d examiner", "%(count)d examiners", count) % {"count": count},
        url=reverse("portal:examiner_list", args=[slug]),
        link_label=_("Open the examiners"),
        missing=[] if count else [_("No examiner is added yet.")],
    )


def _seminar_step(figures: Figures) -> ChecklistStep:
    slug, seminar, rooms = figures.slug, figures.seminar, figures.rooms
    missing = []
    if seminar is None:
        missing.append(_("The seminar has no date yet."))
    elif not rooms:
        missing.append(_("The seminar has no room yet."))
    empty = sum(1 for (seats,) in rooms if not seats)
    if empty:
        missing.append(
            ngettext(
                "%(count)d room has no examiner on its panel.",
                "%(count)d rooms have no examiner on their panel.",
                empty,
            )
            % {"count": empty}
        )
    summary = (
        _("%(date)s, %(rooms)s")
        % {
            "date": date_format(seminar.date, "j F Y"),
            "rooms": ngettext("%(count)d room", "%(count)d rooms", len(rooms)) % {"count": len(rooms)},
        }
        if seminar
        else _("No date yet")
    )
    return ChecklistStep(
        "seminar",
        _("Seminar set up"),
        done=not missing,
        summary=summary,
        url=reverse("seminars:setup", args=[slug]),
        link_label=_("Set the seminar up"),
        missing=missing,
    )


# The steps of running a cohort, in order.
STEPS = [
    _roster_step,
    _mentor_step,
    _examiner_step,
    _seminar_step,
    _schedule_step,
    _scores_step,
    _results_step,
    _agreements_step,
    _milestones_step,
]


def _reports_step(figures: Figures) -> ChecklistStep:
    """Every agreed plan's report written, reviewed and approved for the report seminar."""
    agreed, reports = figures.agreed, figures.reports
    approved = figures.reports_approved
    waiting = reports.get(WorkReport.State.SUBMITTED, 0)
    missing = []
    if not agreed:
        missing.append(_("No plan is agreed yet: the reports come after the design's sheet."))
    elif approved < agreed:
        missing.append(
            ngettext(
                "%(count)d agreed plan has no approved report yet.",
                "%(count)d agreed plans have no approved report yet.",
                agreed - approved,
            )
            % {"count": agreed - approved}
        )
    if waiting:
        missing.append(
            ngettext(
                "%(count)d report waits for its reviewers.",
                "%(count)d reports wait for their reviewers.",
                waiting,
            )
            % {"count": waiting}
        )
    return ChecklistStep(
        "reports",
        _("Reports approved"),
        done=not missing,
        summary=_("%(approved)d of %(total)d agreed plans have an approved report")
        % {"approved": approved, "total": agreed},
        url=reverse("portal:dashboard", args=[figures.slug]),
        link_label=_("Open the dashboard"),
        missing=missing,
    )


def _report_seminar_step(figures: Figures) -> ChecklistStep:
    """The report seminar set up, every approved report on its schedule, its results published."""
    seminar = figures.seminars.get(Seminar.Stage.REPORT)
    approved = figures.reports_approved
    missing = []
    if seminar is None:
        missing.append(_("The report seminar has no date yet."))
    elif figures.report_scheduled < approved:
        missing.append(
            ngettext(
                "%(count)d approved report is not in the report seminar's schedule: build it again.",
                "%(count)d approved reports are not in the report seminar's schedule: build it again.",
                approved - figures.report_scheduled,
            )
            % {"count": approved - figures.report_scheduled}
        )
    elif not seminar.results_are_published:
        missing.append(_("The report seminar's results are not published yet."))
    return ChecklistStep(
        "report_seminar",
        _("Report seminar held"),
        done=bool(approved) and not missing,
        summary=_("%(scheduled)d of %(total)d approved reports scheduled")
        % {"scheduled": figures.report_scheduled, "total": approved},
        url=reverse("seminars:setup", args=[figures.slug, Seminar.Stage.REPORT])
        if seminar is None
        else reverse("seminars:schedule", args=[figures.slug, Seminar.Stage.REPORT]),
        link_label=_("Open the report seminar"),
        missing=missing,
    )


def _report_sheets_step(figures: Figures) -> ChecklistStep:
    """Every examined report's sheet (the lembar pengesahan) prepared and sealed: a sealed sheet signs the report."""
    examined = figures.reports.get(WorkReport.State.EXAMINED, 0)
    signed = figures.reports.get(WorkReport.State.SIGNED, 0)
    missing = []
    if not examined and not signed:
        missing.append(_("No report is examined yet, so no sheet can be prepared."))
    if examined:
        missing.append(
            ngettext(
                "%(count)d examined report waits for its sheet to be prepared or signed.",
                "%(count)d examined reports wait for their sheets to be prepared or signed.",
                examined,
            )
            % {"count": examined}
        )
    return ChecklistStep(
        "report_sheets",
        _("Report sheets sealed"),
        done=not missing,
        summary=_("%(signed)d of %(total)d examined reports signed off")
        % {"signed": signed, "total": examined + signed},
        url=reverse("seminars:report_sheet_list", args=[figures.slug]),
        link_label=_("Open the report's sheets"),
        missing=missing,
    )


# The report stage's steps, where the cohort's programme has one; the last where its report closes with a sheet.
REPORT_STEPS = [_reports_step, _report_seminar_step]
SHEET_STEPS = [_report_sheets_step]
