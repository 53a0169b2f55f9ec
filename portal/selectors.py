"""Reads for the home pages that span the apps."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from impact.models import Dossier
from impact.record import RECORDABLE
from innovations import approvers, progress
from innovations.models import ActionPlan, Milestone, ProgressReport
from innovations.records import Stage as InnovationStage
from participants.models import Cohort, Participant
from participants.rules import person_path
from seminars import agreements
from seminars.models import Agreement, MilestoneRevision, ScoreSheet, Seminar, Signature, Slot

from .journey import ReportJourney, Stage, Step, at_seminar, report_step
from .todos import Todo, todo


@dataclass
class ClusterRow:
    name: str
    counts: list[int]
    total: int


@dataclass
class CohortOverview:
    cohort: Cohort
    state_counts: list[tuple[str | Promise, int]]  # (a state's lazy label, plans)
    cluster_rows: list[ClusterRow] = field(default_factory=list)
    plan_total: int = 0


def cohort_overviews(cohorts) -> list[CohortOverview]:
    """Plans of each cohort counted per state, and per cluster and state, in two queries."""
    staying = Q(participants__withdrawn_at__isnull=True)
    cohorts = list(
        cohorts.annotate(
            # As the cohort's checklist counts them: the withdrawn are no longer in the cohort's work.
            participant_count=Count("participants", filter=staying, distinct=True),
            unmentored_count=Count(
                "participants", filter=staying & Q(participants__mentor__isnull=True), distinct=True
            ),
        )
        .select_related("organisation")
        .prefetch_related("seminars", "clusters")
    )
    counts: defaultdict[tuple[int, int | None, str], int] = defaultdict(int)
    rows = (
        ActionPlan.objects.filter(participant__cohort__in=cohorts)
        .values_list("participant__cohort_id", "cluster_id", "state")
        .annotate(n=Count("id"))
        .order_by()
    )
    for cohort_id, cluster_id, state, n in rows:
        counts[cohort_id, cluster_id, state] += n

    states = ActionPlan.State
    overviews = []
    for cohort in cohorts:
        clusters = [(c.pk, c.name) for c in cohort.clusters.all()]
        if any(key[0] == cohort.pk and key[1] is None for key in counts):
            clusters.append((None, "—"))
        cluster_rows = []
        for cluster_id, name in clusters:
            row = [counts[cohort.pk, cluster_id, state] for state in states.values]
            cluster_rows.append(ClusterRow(name=name, counts=row, total=sum(row)))
        per_state = [sum(r.counts[i] for r in cluster_rows) for i in range(len(states.values))]
        overviews.append(
            CohortOverview(
                cohort=cohort,
                state_counts=list(zip(states.labels, per_state, strict=True)),
                cluster_rows=cluster_rows,
                plan_total=sum(per_state),
            )
        )
    return overviews


def work_started(cohort) -> bool:
    """Whether any participant of the cohort has begun their work: its programme's shape can no longer change."""
    return ActionPlan.objects.filter(participant__cohort=cohort).exists()


def participations_of(user):
    """A participant's cohorts, each with its mentor and plans, and what their journey needs: the slot, the
    agreement and its signatures, the milestone revision, the milestones and their reports, the report and its sheet."""
    design_sheets = Agreement.objects.filter(stage=Seminar.Stage.DESIGN).prefetch_related("signatures")
    report_sheets = Agreement.objects.filter(stage=Seminar.Stage.REPORT)
    plans = ActionPlan.objects.select_related("cluster", "milestone_revision", "work_report").prefetch_related(
        Prefetch("slots", queryset=Slot.objects.select_related("room", "seminar")),
        Prefetch("sheets", queryset=design_sheets, to_attr="design_sheets"),
        Prefetch("sheets", queryset=report_sheets, to_attr="report_sheets"),
        "milestones__reports",
    )
    return (
        Participant.objects.held_as("owner", user)
        .select_related("cohort", "kecamatan", person_path("mentor"))
        .prefetch_related(Prefetch("plans", queryset=plans), "cohort__seminars")
        .order_by("-cohort__start_date")
    )


def people_held_as(role: str, user):
    """The participants on whom a person holds `role` ("mentor", "coach"), in any cohort, with their plans."""
    return (
        Participant.objects.held_as(role, user)
        .select_related("cohort", "user", "kecamatan")
        .prefetch_related(Prefetch("plans", queryset=ActionPlan.objects.select_related("cluster")))
        .order_by("-cohort__start_date", "roll_number")
    )


# To-do lists -------------------------------------------------------------------------------------------------------


@dataclass
class BureauOverview:
    """What an organisation bureau's home page shows of its region: its innovations per stage, and the dossiers
    going forward that are not submitted yet."""

    total: int
    stages: list[tuple[str | Promise, int]]
    todos: list[Todo]


def bureau_overview(user) -> BureauOverview:
    """Two queries, whatever the size of the region."""
    per_stage = dict(
        ActionPlan.objects.held_as("bureau", user)
        .filter(state__in=RECORDABLE)
        .values_list("record__stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    stages: list[tuple[str | Promise, int]] = [
        (label, per_stage.get(value, 0)) for value, label in InnovationStage.choices
    ]
    stages.append((_("Record not started"), per_stage.get(None, 0)))
    chosen = (
        Dossier.objects.held_as("bureau", user)
        .filter(state=Dossier.State.CHOSEN)
        .select_related("plan")
        .order_by("created_at", "pk")
    )
    waiting = todo(
        ngettext_lazy("%(count)d dossier to complete and submit", "%(count)d dossiers to complete and submit", "count"),
        chosen,
        reverse("impact:region"),
        lambda d: (f"{d.get_form_display()}: {d.plan.title}", reverse("impact:dossier", args=[d.pk])),
    )
    return BureauOverview(total=sum(per_stage.values()), stages=stages, todos=[waiting] if waiting else [])


def plan_journey(participation) -> tuple[Step, list[Stage]]:
    """A participant's next step on their plan and the stages of its journey, both read from the plan's states table
    (`ActionPlan.State.PATH`, `STANDS_AT` and `LOOKS`, in the words of whoever approves the plan's design); the
    seminar, the agreement and the milestones add what they know (time and room, signatures, reports) to the states
    they concern."""
    if participation.is_withdrawn:
        return Step(_("You are withdrawn from this cohort."), detail=participation.withdrawal_reason, waiting=True), []
    states = ActionPlan.State
    plans = [p for p in participation.plans.all() if p.state not in states.OFF_PATH]  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    seminar = next(iter(participation.cohort.seminars.all()), None)
    before_seminar = seminar.date if seminar else None
    if not plans:
        start = _("Start your %(work)s") % {"work": participation.cohort.programme_spec.work}
        return Step(start, deadline=before_seminar), []
    plan = plans[-1]
    journey = Journey(
        plan=plan,
        slug=participation.cohort.slug,
        slot=plan.slot_in(Seminar.Stage.DESIGN),
        agreement=next(iter(getattr(plan, "design_sheets", [])), None),
        revision=getattr(plan, "milestone_revision", None),
        rows=progress.milestone_progress(plan.milestones.all()),
    )
    # A draft's, a revision's and a submitted plan's steps name who approves the design: its coach or its mentor.
    words = approvers.words_for(plan)
    look = plan.look.in_words(words)
    # Where the programme has a report stage, the agreed work is reported on in its report, not milestone by milestone.
    report = ReportJourney.of(plan) if plan.has_report_stage else None
    found: Step | None = None
    if report and plan.state in (states.AGREED, states.COMPLETED):
        found = report_step(report)
    elif plan.state in STEPS:
        found = STEPS[plan.state](journey)
    step = found or Step(
        look.step,
        detail=look.detail,
        url=reverse(look.page, args=[plan.pk]),
        waiting=look.waiting,
        deadline=before_seminar if plan.is_editable else None,
    )
    details = {
        states.APPROVED: journey.at_seminar or (date_format(seminar.date, "j F Y") if seminar else ""),
        states.EXAMINED: date_format(timezone.localtime(journey.agreement.sealed_at), "j F Y")
        if journey.agreement and journey.agreement.sealed_at
        else "",
        states.AGREED: _("%(done)d of %(total)d verified")
        % {"done": sum(row.achieved for row in journey.rows), "total": len(journey.rows)}
        if journey.rows
        else "",
    }
    details = {state: details.get(state, "") for state in states.PATH}  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    reached = states.PATH.index(states.STANDS_AT.get(plan.state, plan.state))  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    if seminar is not None and timezone.localdate() < seminar.date:
        # The seminar is never done before its day, whatever was scored early.
        reached = min(reached, states.PATH.index(states.APPROVED))  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    labels = {state: states.LOOKS[state].in_words(words).stage for state in states.PATH}  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    labels[states.EXAMINED] = plan.design_sheet_name  # the agreement, or the programme's approval sheet
    stages = [
        Stage(labels[state], "done" if reached > index else "current" if reached == index else "next", details[state])
        for index, state in enumerate(states.PATH[:-1])  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
        if not (report and state == states.AGREED)  # the report's stages take the milestones' place
    ]
    if report:
        underway = reached >= states.PATH.index(states.AGREED)  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
        done = report.reached if underway else -1
        stages += [
            Stage(label, "done" if done > index else "current" if done == index else "next", detail)
            for label, index, detail in report.stages(underway=underway)
        ]
    return step, stages


@dataclass
class Journey:
    """What the steps of a plan's later states read: its exposé, its agreement, its revision, its milestones."""

    plan: ActionPlan
    slug: str
    slot: Slot | None
    agreement: Agreement | None
    revision: MilestoneRevision | None
    rows: list

    @property
    def at_seminar(self) -> str:
        return at_seminar(self.slot)


def _step_at_seminar(journey: Journey) -> Step | None:
    if journey.slot is None:
        return None  # the table's: waiting for the schedule
    return Step(
        _("Present your plan at the seminar"),
        detail=journey.at_seminar,
        url=reverse("seminars:agenda", args=[journey.slug]),
        deadline=journey.slot.starts_at,
    )


def _step_agreement(journey: Journey) -> Step | None:
    agreement, revision = journey.agreement, journey.revision
    url = reverse("seminars:agreement", args=[journey.plan.pk])
    signed = {s.role for s in agreement.signatures.all()} if agreement else set()
    # The participant signs the 2017 flow's agreement; an approval sheet (lembar persetujuan) only others sign.
    sign_off = agreements.sign_off_of(journey.plan.participant.cohort, agreements.DESIGN)
    approval = sign_off.title if sign_off and sign_off.is_approval else ""
    if agreement and approval:
        return Step(_("Waiting for the signatures on your %(sheet)s") % {"sheet": approval}, url=url, waiting=True)
    if agreement and Signature.Role.PARTICIPANT not in signed:
        return Step(_("Sign the agreement"), url=url)
    if agreement:
        return Step(_("Waiting for the other signatures on your agreement"), url=url, waiting=True)
    if revision and revision.is_returned:
        return Step(
            _("Your mentor returned your revised milestones"),
            detail=revision.mentor_note,
            url=reverse("seminars:agreement_revise", args=[journey.plan.pk]),
        )
    if revision and not revision.is_confirmed:
        return Step(_("Waiting for your mentor to confirm your revised milestones"), url=url, waiting=True)
    if approval:
        return Step(_("Prepare your %(sheet)s") % {"sheet": approval}, url=url)
    return None  # the table's: prepare the agreement


def _step_progress(journey: Journey) -> Step:
    rows = journey.rows
    late = [row for row in rows if row.overdue]
    returned = [row for row in rows if row.latest and row.latest.state == ProgressReport.State.RETURNED]
    open_rows = [
        row
        for row in rows
        if not row.achieved and not (row.latest and row.latest.state == ProgressReport.State.REPORTED)
    ]
    url = reverse("innovations:progress", args=[journey.plan.pk])
    if late:
        return Step(
            ngettext("%(count)d milestone overdue", "%(count)d milestones overdue", len(late)) % {"count": len(late)},
            detail=_("Report your progress on it with evidence."),
            url=url + f"#milestone-{late[0].milestone.pk}",
            deadline=late[0].milestone.due_date,
        )
    if returned:
        return Step(
            _("Your mentor returned a report"),
            detail=returned[0].milestone.deliverable,
            url=url + f"#milestone-{returned[0].milestone.pk}",
        )
    if open_rows:
        return Step(
            _("Report progress: %(milestone)s") % {"milestone": open_rows[0].milestone.deliverable},
            url=url + f"#milestone-{open_rows[0].milestone.pk}",
            deadline=open_rows[0].milestone.due_date,
        )
    return Step(_("Waiting for your mentor to verify your reports"), url=url, waiting=True)


# The states whose next step depends on more than the states table: None from one falls back to the table's step.
STEPS = {
    ActionPlan.State.APPROVED: _step_at_seminar,
    ActionPlan.State.EXAMINED: _step_agreement,
    ActionPlan.State.AGREED: _step_progress,
}


@dataclass
class CohortTodo:
    """What waits in one cohort, counted for its staff's home page; the cohort overview shows the whole checklist
    (portal.checklist)."""

    plans_to_review: int = 0
    sheets_missing: int = 0
    agreements_unsigned: int = 0
    report_sheets_unsigned: int = 0  # the report's lembar pengesahan, where the programme has one
    milestones_overdue: int = 0


def sheets_missing(cohorts) -> dict[int, int]:
    """Per cohort, the score sheets still missing from the panels of its scheduled, approved plans; one query."""
    missing: defaultdict[int, int] = defaultdict(int)
    # Per exposé still being scored: the seats of its panel, less the sheets submitted.
    for cohort_id, seats, done in (
        Slot.objects.filter(plan__state=ActionPlan.State.APPROVED, seminar__cohort__in=cohorts)
        .annotate(
            seats=Count("room__panel__examiners", distinct=True),
            done=Count(
                "plan__score_sheets",
                filter=Q(
                    plan__score_sheets__state=ScoreSheet.State.SUBMITTED, plan__score_sheets__seminar=F("seminar")
                ),
                distinct=True,
            ),
        )
        .values_list("seminar__cohort", "seats", "done")
        .order_by()
    ):
        missing[cohort_id] += max(seats - done, 0)
    return missing


def cohort_todos(cohorts, *, today=None) -> dict[int, CohortTodo]:
    """Per cohort: plans waiting for their mentor, score sheets still missing from the panels of scheduled plans,
    agreements not sealed, and overdue milestones of agreed plans; four queries for any number of cohorts."""
    today = today or timezone.localdate()
    todos: defaultdict[int, CohortTodo] = defaultdict(CohortTodo)
    for cohort_id, n in (
        ActionPlan.objects.filter(participant__cohort__in=cohorts, state=ActionPlan.State.SUBMITTED)
        .values_list("participant__cohort")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        todos[cohort_id].plans_to_review = n
    for cohort_id, n in sheets_missing(cohorts).items():
        todos[cohort_id].sheets_missing = n
    for cohort_id, stage, n in (
        Agreement.objects.filter(plan__participant__cohort__in=cohorts)
        .exclude(state=Agreement.State.SEALED)
        .values_list("plan__participant__cohort", "stage")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if stage == Seminar.Stage.DESIGN:
            todos[cohort_id].agreements_unsigned = n
        else:
            todos[cohort_id].report_sheets_unsigned = n
    achieved = ProgressReport.objects.filter(
        milestone=OuterRef("pk"), state=ProgressReport.State.VERIFIED, status=ProgressReport.Status.DONE
    )
    for cohort_id, n in (
        Milestone.objects.filter(
            plan__participant__cohort__in=cohorts, plan__state=ActionPlan.State.AGREED, due_date__lt=today
        )
        .exclude(Exists(achieved))
        .values_list("plan__participant__cohort")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        todos[cohort_id].milestones_overdue = n
    return todos
