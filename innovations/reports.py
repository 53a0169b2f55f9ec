"""The report stage's report: once the design is agreed, the participant carries out the activities in the work unit
and writes, per milestone, what was done, its output, its effect, the basic values it carries and its evidence; the
coach and the mentor review it (return with notes), and the stage's approver (`report_approver`) approves it for the
report seminar (its one lifecycle). Only where the cohort's programme has a report stage (docs/programmes.md)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.editing import EditConflict, bump, check_fresh
from participants.audit import Verb, record
from participants.lifecycle import Lifecycle
from participants.models import User
from participants.notifications import notify, notify_all
from participants.rules import person_path
from programmes.spec import ProgrammeSpec

from . import workflow
from .models import ActionPlan, Milestone, ReportEntry, ReportEvidence, ReportVersion, WorkReport
from .services import keep_upload
from .snapshots import compare

State = WorkReport.State
# The design is signed off (agreed) and on: the participant carries it out and reports on it.
WRITABLE_PLANS = ActionPlan.State.AGREED_OR_LATER  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
ENTRY_FIELDS = ("done", "output", "effect")
# Examined and on: the report's lembar pengesahan may be prepared, and its page is shown.
SHEET_STATES = frozenset({State.EXAMINED, State.SIGNED})

LIFECYCLE = Lifecycle(
    State,
    model=WorkReport,
    kind="work_report",
    route=WorkReport.ROUTE,
    related=[
        "plan__participant__cohort",
        person_path("owner", "plan__participant"),
        person_path("mentor", "plan__participant"),
        person_path("coach", "plan__participant"),
    ],
    touch=["updated_at"],
    noun=gettext_lazy("report"),
    not_allowed=gettext_lazy(
        "Only the participant submits their report; their coach or mentor returns it, and the one the programme names"
        " approves it."
    ),
)


def has_report_stage(plan: ActionPlan) -> bool:
    return plan.has_report_stage


def allowed_moves(report: WorkReport, user, *, roles=None) -> dict[str, str]:
    return LIFECYCLE.allowed(report, user, roles=roles)


def report_of(plan: ActionPlan) -> WorkReport | None:
    """The plan's report with its entries and their evidence, or None before it is started."""
    entries = ReportEntry.objects.prefetch_related("evidence")
    report = (
        WorkReport.objects.filter(plan=plan)
        .select_related("reviewed_by")
        .prefetch_related(Prefetch("entries", queryset=entries))
        .first()
    )
    if report is not None:
        report.plan = plan  # loaded with what its pages read: its participant, cohort and people
    return report


def rows_of(plan: ActionPlan, report: WorkReport | None) -> list[tuple[Milestone, ReportEntry | None]]:
    """Each milestone of the plan with its entry in the report (None until written)."""
    entries = {entry.milestone_id: entry for entry in report.entries.all()} if report else {}
    return [(milestone, entries.get(milestone.pk)) for milestone in plan.milestones.all()]


def _locked_plan(plan: ActionPlan) -> ActionPlan:
    return (
        ActionPlan.objects.select_for_update(of=("self",))
        .select_related("participant__cohort", person_path("owner", "participant"))
        .get(pk=plan.pk)
    )


def _check_values(spec: ProgrammeSpec, entries: dict[int, dict]) -> None:
    for values in entries.values():
        unknown = set(values.get("values", ())) - set(spec.values)
        if unknown:
            raise ValidationError(
                _("“%(value)s” is not one of the programme's basic values.") % {"value": sorted(unknown)[0]},
                code="unknown_value",
            )


def _started(plan: ActionPlan, *, by: User) -> WorkReport:
    report = WorkReport.objects.create(plan=plan)
    record(Verb.WORK_REPORT_START, cohort=plan.participant.cohort, actor=by, target=report, to_state=report.state)
    return report


@transaction.atomic
def save_report(
    plan: ActionPlan, *, by: User, version: int, summary: str, effect: str, entries: dict[int, dict], uploads=None
) -> WorkReport:
    """The participant writes their report: its summary and effect, and for each milestone (`entries`: {milestone id:
    {done, output, effect, values}}) what was done, with the checked uploads (`uploads`: {milestone id: [file]}) as
    its evidence. Started by the first save (`version` 0: the page had no report yet), audited once.

    The plan's row is locked, then the report's version compared (core.editing): a save from an older tab raises
    EditConflict, and nothing is written. Refused in words before the design is agreed, and while the report is with
    its reviewers or approved."""
    plan = _locked_plan(plan)
    if not plan.held_by(by, "owner"):
        raise ValidationError(_("Only the participant writes their report."), code="not_allowed")
    if not has_report_stage(plan):
        raise ValidationError(_("This programme has no report stage."), code="no_report_stage")
    if plan.state not in WRITABLE_PLANS:
        raise ValidationError(
            _("The report is written once the design is approved, examined and agreed: finish the design stage first."),
            code="design_not_done",
        )
    _check_values(plan.participant.cohort.programme_spec, entries)
    report = WorkReport.objects.select_for_update(of=("self",)).filter(plan=plan).first()
    if report is None:
        if version != 0:
            raise EditConflict
        report = _started(plan, by=by)
    else:
        check_fresh(report, version=version)
    if not report.is_editable:
        raise ValidationError(
            _("Your report is with your reviewers or approved: it can be changed only once it is returned."),
            code="not_editable",
        )
    milestones = {milestone.pk: milestone for milestone in plan.milestones.all()}
    existing = {entry.milestone_id: entry for entry in report.entries.all()}
    for pk, values in entries.items():
        if pk not in milestones:
            continue  # a milestone revised away while the page was open: nothing to report on
        entry = existing.get(pk) or ReportEntry(report=report, milestone=milestones[pk])
        for name in ENTRY_FIELDS:
            setattr(entry, name, values.get(name, "").strip())
        entry.values = list(values.get("values", []))
        entry.save()
        for upload in (uploads or {}).get(pk, ()):
            keep_upload(ReportEvidence(entry=entry), upload)
    report.summary, report.effect = summary.strip(), effect.strip()
    report.save(update_fields=["summary", "effect", "updated_at", *bump(report)])
    return report


@transaction.atomic
def remove_evidence(evidence: ReportEvidence, *, by: User) -> None:
    """The participant removes a file or photo from their report while they may still change it; its files go once
    the removal is committed."""
    report = LIFECYCLE.lock(evidence.entry.report)
    if not report.held_by(by, "owner"):
        raise ValidationError(_("Only the participant writes their report."), code="not_allowed")
    if not report.is_editable:
        raise ValidationError(
            _("Your report is with your reviewers or approved: it can be changed only once it is returned."),
            code="not_editable",
        )
    names = [field.name for field in (evidence.file, evidence.thumbnail) if field]
    storage = evidence.file.storage
    evidence.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def missing(report: WorkReport) -> list[str]:
    """What the report still lacks before it may be submitted, in words; empty when it is complete."""
    plan = report.plan
    spec = plan.participant.cohort.programme_spec
    milestone_spec = spec.list_spec("milestones")
    asks_values = bool(spec.values) and milestone_spec is not None and milestone_spec.values
    problems = [] if report.summary.strip() else [_("Write the summary of what was carried out.")]
    entries = {entry.milestone_id: entry for entry in report.entries.all()}
    for milestone in plan.milestones.all():
        entry = entries.get(milestone.pk)
        if entry is None or not entry.done.strip():
            problems.append(_("“%(milestone)s”: write what was done.") % {"milestone": milestone.deliverable})
        elif asks_values and not entry.values:
            problems.append(
                _("“%(milestone)s”: choose the basic values it carries.") % {"milestone": milestone.deliverable}
            )
    return problems


def report_snapshot(report: WorkReport) -> dict:
    """The report as plain data, each milestone's entry written out as lines, ready to store as JSON."""
    content = {"summary": report.summary, "effect": report.effect}
    entries = {entry.milestone_id: entry for entry in report.entries.all()}
    for milestone in report.plan.milestones.all():
        entry = entries.get(milestone.pk)
        lines = []
        if entry is not None:
            lines = [entry.done, entry.output, entry.effect, ", ".join(entry.values)]
            lines += [item.name for item in entry.evidence.all()]
        content[f"milestone-{milestone.pk}"] = "\n".join(line for line in lines if line)
    return content


def snapshot_labels(report: WorkReport) -> dict[str, str]:
    labels = {"summary": _("Summary of what was carried out"), "effect": _("Effect on the work unit")}
    for milestone in report.plan.milestones.all():
        labels[f"milestone-{milestone.pk}"] = milestone.deliverable
    return labels


def changes(report: WorkReport) -> tuple[list[dict], int | None]:
    """The latest submitted version against the one before it, section by section, and the earlier one's number
    (None for the first submission, where nothing is marked)."""
    versions = list(report.versions.order_by("-number")[:2])
    if not versions:
        return compare(None, report_snapshot(report), snapshot_labels(report)), None
    older = versions[1] if len(versions) > 1 else None
    return (
        compare(older.content if older else None, versions[0].content, snapshot_labels(report)),
        older.number if older else None,
    )


def _tell_reviewers(report: WorkReport) -> None:
    participant = report.plan.participant
    name, title = participant.user.full_name, report.plan.title
    reviewers = [person.user for person in (participant.coach, participant.mentor) if person is not None]
    notify_all(
        reviewers,
        lambda: _("%(name)s submitted the report on “%(title)s” for your review.") % {"name": name, "title": title},
        cohort=participant.cohort,
        url=reverse("innovations:work_report_review", args=[report.plan_id]),
    )


def _tell_participant(report: WorkReport, *, approved: bool) -> None:
    participant, title = report.plan.participant, report.plan.title
    notify(
        participant.user,
        lambda: (
            (
                _("Your report on “%(title)s” is approved for the report seminar.")
                if approved
                else _("Your report on “%(title)s” is returned with notes: revise it and submit it again.")
            )
            % {"title": title}
        ),
        cohort=participant.cohort,
        url=reverse("innovations:work_report", args=[report.plan_id]),
        detail="" if approved else report.note,
    )


@transaction.atomic
def transition(report: WorkReport, *, to: str, by: User, note: str = "", version: int | None = None) -> WorkReport:
    """Move a report, or refuse with a clear message and change nothing.

    Submitted (the participant, from the page at `version`: an older tab raises EditConflict; only a complete
    report): a snapshot is kept and the coach and mentor are told. Returned with a note or approved: the participant
    is told. Examined (the report seminar's scores are in) and signed (its lembar pengesahan sealed) are automatic:
    `examine_report` and `sign_report` say what follows them. Each move writes one audit event.
    """
    locked = LIFECYCLE.lock(report)
    reviewed = locked.state == State.SUBMITTED and to in (State.RETURNED, State.APPROVED)
    if to == State.SUBMITTED and locked.state == State.SUBMITTED:
        raise ValidationError(_("Your report is already submitted: it waits for your reviewers."), code="submitted")
    with LIFECYCLE.moving(locked, to=to, by=by, note=note, locked=True) as change:
        report = change.obj
        if to == State.SUBMITTED:
            check_fresh(report, version=version if version is not None else report.version)
            problems = missing(report)
            if problems:
                raise ValidationError(problems, code="incomplete")
            number = report.versions.count() + 1
            ReportVersion.objects.create(report=report, number=number, content=report_snapshot(report), created_by=by)
            change.data = {"version": number}
        elif reviewed:
            change.set(note=note.strip(), reviewed_by=by, reviewed_at=timezone.now())
    if to == State.SUBMITTED:
        _tell_reviewers(report)
    elif reviewed:
        _tell_participant(report, approved=to == State.APPROVED)
    return report


def submit_report(report: WorkReport, *, by: User, version: int) -> WorkReport:
    return transition(report, to=State.SUBMITTED, by=by, version=version)


def approve_report(report: WorkReport, *, by: User) -> WorkReport:
    return transition(report, to=State.APPROVED, by=by)


def return_report(report: WorkReport, *, by: User, note: str) -> WorkReport:
    return transition(report, to=State.RETURNED, by=by, note=note)


@transaction.atomic
def is_approved(plan: ActionPlan) -> bool:
    """The plan's report is approved for the report seminar and not yet examined there."""
    return WorkReport.objects.filter(plan=plan, state=State.APPROVED).exists()


def examine_report(plan: ActionPlan, *, by: User) -> WorkReport:
    """The report seminar's scores of the plan are in (its last score sheet submitted by `by`, an examiner of its
    panel): the approved report becomes examined, and its lembar pengesahan may be prepared. The participant is
    told. Refused in words for a report that is not approved."""
    report = WorkReport.objects.filter(plan=plan).first()
    if report is None:
        raise ValidationError(_("The plan has no report to examine."), code="no_report")
    report = transition(report, to=State.EXAMINED, by=by)
    participant = report.plan.participant
    title = report.plan.title
    notify(
        participant.user,
        lambda: (
            _("Your report on “%(title)s” is examined at the report seminar: its approval sheet can be prepared.")
            % {"title": title}
        ),
        cohort=participant.cohort,
        url=reverse("innovations:work_report", args=[report.plan_id]),
    )
    return report


def reopen_report(plan: ActionPlan, *, by: User, reason: str) -> None:
    """One of the report seminar's score sheets of the plan is reopened (seminars.scoring, under the plan's lock): an
    examined report goes back to approved, waiting for the panel's scores again. Its lembar pengesahan, if prepared and
    signed by nobody yet, is discarded by the caller; a report signed off is refused in words."""
    report = WorkReport.objects.filter(plan=plan).first()
    if report is None or report.state not in SHEET_STATES:
        return
    if report.state == State.SIGNED:
        raise ValidationError(
            _("The report's approval sheet is sealed: its seminar's scores can no longer change."), code="signed"
        )
    transition(report, to=State.APPROVED, by=by, note=reason)


def sign_report(plan: ActionPlan, *, by: User, note) -> WorkReport:
    """The report's lembar pengesahan is sealed by `by`'s signature (seminars.agreements, under its lock): the
    report becomes signed and, where the cohort's programme completes the work by its report (`completion`), the
    plan becomes completed; both audited with `note`."""
    report = transition(WorkReport.objects.get(plan=plan), to=State.SIGNED, by=by, note=note)
    if plan.participant.cohort.programme_spec.completion == "report":
        workflow.transition(plan, to=ActionPlan.State.COMPLETED, by=by, note=note)
    return report
