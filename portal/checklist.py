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

from innovations.models import ActionPlan, Milestone, ProgressReport
from participants.models import Cohort, Participant
from seminars.models import Agreement, Room

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
    seminar: object
    withdrawn_count: int = 0  # of participant_count: on the roster still, but no longer in the cohort's work

    @property
    def next_step(self) -> ChecklistStep | None:
        return next((step for step in self.steps if step.is_next), None)

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)


def cohort_checklist(cohort: Cohort, *, today=None) -> Checklist:
    """The nine steps of a cohort, from the roster to the milestones, in ten queries whatever its size.

    A step is done only when there is something to have done: with no participant yet, nobody "has a mentor".
    The first step not done is marked as the next one.
    """
    # A participant who has withdrawn needs no mentor any more, but was on the roster.
    staying = Q(withdrawn_at__isnull=True)
    people = Participant.objects.filter(cohort=cohort).aggregate(
        total=Count("pk"),
        staying=Count("pk", filter=staying),
        unmentored=Count("pk", filter=staying & Q(mentor__isnull=True)),
    )
    examiner_count = cohort.examiners.count()
    seminar = cohort.seminars.first()
    rooms = (
        list(Room.objects.filter(seminar=seminar).annotate(seats=Count("panel__examiners")).values_list("seats"))
        if seminar
        else []
    )
    # Plans per state, with how many of them have a slot and an agreement, sealed or not: one query.
    plans = {
        row["state"]: row
        for row in ActionPlan.objects.filter(participant__cohort=cohort)
        .values("state")
        .annotate(
            n=Count("pk"),
            scheduled=Count("slot"),
            agreements=Count("agreement"),
            unsealed=Count("agreement", filter=~Q(agreement__state=Agreement.State.SEALED)),
        )
        .order_by()
    }

    def count(states, key="n") -> int:
        return sum(plans[state][key] for state in states if state in plans)

    today = today or timezone.localdate()
    sheets = sheets_missing(Cohort.objects.filter(pk=cohort.pk))[cohort.pk]
    achieved = ProgressReport.objects.filter(
        milestone=OuterRef("pk"), state=ProgressReport.State.VERIFIED, status=ProgressReport.Status.DONE
    )
    milestones = (
        Milestone.objects.filter(plan__participant__cohort=cohort, plan__state__in=State.AGREED_OR_LATER)
        .annotate(achieved=Exists(achieved))
        .aggregate(
            total=Count("pk"),
            verified=Count("pk", filter=Q(achieved=True)),
            overdue=Count("pk", filter=Q(achieved=False, due_date__lt=today, plan__state=State.AGREED)),
        )
    )

    slug = cohort.slug
    steps = [
        _roster_step(slug, people["total"]),
        _mentor_step(slug, people["staying"], people["unmentored"]),
        _examiner_step(slug, examiner_count),
        _seminar_step(slug, seminar, rooms),
    ]
    before_approval = count([State.DRAFT, State.SUBMITTED, State.REVISION])
    approved = count(State.APPROVED_OR_LATER)
    scheduled = count(State.APPROVED_OR_LATER, "scheduled")
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
    steps.append(
        ChecklistStep(
            "schedule",
            _("Schedule built and sent"),
            done=not missing and seminar is not None,
            summary=_("%(scheduled)d of %(total)d approved plans scheduled")
            % {"scheduled": scheduled, "total": approved},
            url=reverse("seminars:schedule", args=[slug]),
            link_label=_("Open the schedule"),
            missing=missing if seminar else [_("Set the seminar up first."), *missing],
        )
    )
    examined = count(State.EXAMINED_OR_LATER)
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
    if sheets:
        missing.append(
            ngettext(
                "%(count)d score sheet is not submitted yet.",
                "%(count)d score sheets are not submitted yet.",
                sheets,
            )
            % {"count": sheets}
        )
    steps.append(
        ChecklistStep(
            "scores",
            _("Scores complete"),
            done=not missing,
            summary=_("%(examined)d of %(total)d plans scored") % {"examined": examined, "total": approved},
            url=reverse("seminars:results", args=[slug]),
            link_label=_("Open the results"),
            missing=missing,
        )
    )
    published = seminar is not None and seminar.results_are_published
    steps.append(
        ChecklistStep(
            "results",
            _("Results published"),
            done=published,
            summary=_("Published") if published else _("Not published"),
            url=reverse("seminars:results", args=[slug]),
            link_label=_("Open the results"),
            missing=[] if published else [_("The results are not published to the participants yet.")],
        )
    )
    agreed = count(State.AGREED_OR_LATER)
    unsealed = count(State.EXAMINED_OR_LATER, "unsealed")
    unprepared = count([State.EXAMINED]) - count([State.EXAMINED], "agreements")
    missing = []
    if not examined:
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
            ngettext(
                "%(count)d agreement waits for signatures.",
                "%(count)d agreements wait for signatures.",
                unsealed,
            )
            % {"count": unsealed}
        )
    steps.append(
        ChecklistStep(
            "agreements",
            _("Agreements sealed"),
            done=not missing,
            summary=_("%(sealed)d of %(total)d agreements sealed") % {"sealed": agreed, "total": examined},
            url=reverse("seminars:agreement_list", args=[slug]),
            link_label=_("Open the agreements"),
            missing=missing,
        )
    )
    completed = count([State.COMPLETED])
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
    steps.append(
        ChecklistStep(
            "milestones",
            _("Milestones under way"),
            done=not missing,
            summary=_("%(verified)d of %(total)d milestones verified")
            % {"verified": milestones["verified"], "total": milestones["total"]},
            url=reverse("portal:dashboard", args=[slug]) + "#milestones-heading",
            link_label=_("Open the dashboard"),
            missing=missing,
        )
    )
    for step in steps:
        if not step.done:
            step.is_next = True
            break
    return Checklist(
        steps,
        participant_count=people["total"],
        examiner_count=examiner_count,
        seminar=seminar,
        withdrawn_count=people["total"] - people["staying"],
    )


def _roster_step(slug: str, total: int) -> ChecklistStep:
    return ChecklistStep(
        "roster",
        _("Roster imported"),
        done=total > 0,
        summary=ngettext("%(count)d participant", "%(count)d participants", total) % {"count": total},
        url=reverse("participants:roster_upload", args=[slug]),
        link_label=_("Import the roster"),
        missing=[] if total else [_("The roster is not imported yet.")],
    )


def _mentor_step(slug: str, total: int, unmentored: int) -> ChecklistStep:
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


def _examiner_step(slug: str, count: int) -> ChecklistStep:
    return ChecklistStep(
        "examiners",
        _("Examiners"),
        done=count > 0,
        summary=ngettext("%(count)d examiner", "%(count)d examiners", count) % {"count": count},
        url=reverse("portal:examiner_list", args=[slug]),
        link_label=_("Open the examiners"),
        missing=[] if count else [_("No examiner is added yet.")],
    )


def _seminar_step(slug: str, seminar, rooms: list[tuple[int]]) -> ChecklistStep:
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
