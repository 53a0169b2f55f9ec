from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import roles
from core.lifecycle import Publication, StrOrPromise, move
from core.responses import Previewable
from core.roles import HeldQuerySet, HeldRoles, Route
from participants.models import Cohort, Participant

from .approvers import ApproverWords, Said

# So are the participant's consultations; their files' path is named here for the migration that reads it.
from .consultation_models import Consultation, consultation_path  # noqa: F401

# The innovation's record beyond the cohort lives in its own module; importing it here registers its models.
from .records import Evaluation, Indicator, InnovationRecord, Measurement, Replication  # noqa: F401

# So is the report stage's report, with its entries, evidence and versions.
from .report_models import ReportEntry, ReportEvidence, ReportVersion, WorkReport, report_evidence_path  # noqa: F401

DEFAULT_CLUSTERS = [
    "Kearsipan",
    "Layanan Langsung",
    "Sarana Prasarana",
    "Sistem Informasi",
    "Pemberdayaan Masyarakat",
    "Pelayanan Kepegawaian",
    "Tata Kelola Pemerintahan",
]


class Cluster(models.Model):
    """A theme that groups a cohort's innovations (klaster), e.g. Sistem Informasi."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="clusters", verbose_name=_("cohort"))
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["cohort", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["cohort", "name"], name="unique_cluster_name_per_cohort")]

    def __str__(self):
        return self.name


class ActionPlanQuerySet(HeldQuerySet):
    def visible_to(self, user):
        """Staff see their cohorts' plans, a participant their own, a mentor their mentees',
        an examiner those on their panel."""
        if user.is_superuser:
            return self
        # A panel's examiners are reached through a many-to-many table: one row each, hence distinct.
        return self.filter(roles.visible(user, ActionPlan.ROUTE)).distinct()

    def editable_by(self, user):
        """Only the owner edits, and only a draft or a plan returned for revision."""
        return self.held_as("owner", user).filter(state__in=ActionPlan.State.EDITABLE)


class ActionPlan(HeldRoles, models.Model):
    """A participant's innovation action plan (rencana aksi)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        REVISION = "revision", _("Revision")
        APPROVED = "approved", _("Approved")
        EXAMINED = "examined", _("Examined")
        AGREED = "agreed", _("Agreed")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="plans", verbose_name=_("participant")
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, null=True, blank=True, related_name="plans", verbose_name=_("cluster")
    )
    title = models.CharField(_("title"), max_length=250)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    core_issue = models.ForeignKey(
        "CandidateIssue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("core issue"),
    )
    background = models.TextField(_("background"), blank=True)
    problem = models.TextField(_("problem"), blank=True)
    ideal_state = models.TextField(_("ideal state"), blank=True)
    innovation = models.TextField(_("the innovation (terobosan)"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    benefits = models.TextField(_("benefits"), blank=True)
    outputs = models.TextField(_("outputs and outcomes"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    success_indicators = models.TextField(_("success indicators"), blank=True)
    # The text of the sections the cohort's programme names beyond the fields above, by key (innovations.sections).
    own_sections = models.JSONField(_("the programme's own sections"), default=dict, blank=True)
    # Optimistic lock: every save raises it; a save based on an older number is refused, unless it comes from
    # the tab that made the newer one (its own autosave), which `edit_token` names.
    version = models.PositiveIntegerField(default=1)
    edit_token = models.CharField(max_length=32, blank=True)
    catalogue_state = models.CharField(
        _("in the catalogue"), max_length=12, choices=Publication.choices, default=Publication.UNPUBLISHED
    )
    # When the plan last entered the catalogue; empty while it is not in it.
    published_at = models.DateTimeField(_("published in the catalogue"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The catalogue's words (title, problem, innovation, objectives, benefits) stemmed in Indonesian, kept by a
    # PostgreSQL trigger on every insert and on every update of those fields (migration 0015), and served by its GIN
    # index. Empty on SQLite, whose catalogue search matches the words themselves (innovations.catalogue.search).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ActionPlanQuerySet.as_manager()

    SECTIONS = [
        "background",
        "problem",
        "ideal_state",
        "innovation",
        "objectives",
        "benefits",
        "outputs",
        "resources",
        "success_indicators",
    ]

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["participant__cohort", "participant__roll_number"]
        indexes = [
            models.Index(fields=["state"], name="plan_state_idx"),
            # The public catalogue, newest first: a small part of all plans. Its full-text index (on search_vector)
            # is made by migration 0015 on PostgreSQL only, which is why it is not listed here.
            models.Index(
                fields=["-published_at", "id"], condition=Q(published_at__isnull=False), name="plan_published_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("innovations:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.state in self.State.EDITABLE  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves

    @property
    def has_result(self) -> bool:
        """Scored at the seminar: the result, the agreement and what follows can be shown."""
        return self.state in self.State.EXAMINED_OR_LATER  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves

    @property
    def ranked_issues(self) -> list["CandidateIssue"]:
        """The candidate issues as the issue selection ranks them (APKL passes first, then USG)."""
        return ranked_issues(self.issues.all())

    @property
    def look(self) -> "Look":
        return self.State.LOOKS[self.state]  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves

    @property
    def is_recordable(self) -> bool:
        """Approved by its mentor and not withdrawn: an initiative of its unit, with a record of its own."""
        return self.state in self.State.APPROVED_OR_LATER  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves

    @property
    def is_underway(self) -> bool:
        """Agreed: carried out in the work unit, reported on milestone by milestone."""
        return self.state in self.State.AGREED_OR_LATER  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves

    @property
    def has_report_stage(self) -> bool:
        """The cohort's programme has a report stage: the plan has a report tab (innovations.reports)."""
        return self.participant.cohort.programme_spec.stage("report") is not None

    @property
    def design_sheet_name(self) -> StrOrPromise:
        """What the design's sheet is called on the plan's tabs: the 2017 flow's agreement (kesepakatan), or the
        approval sheet (lembar persetujuan) of a programme that signs its design off on one (seminars.agreements)."""
        stage = self.participant.cohort.programme_spec.stage("design")
        return _("Approval sheet") if stage and stage.sign_off and stage.sign_off.is_approval else _("Agreement")

    def slot_in(self, stage: str):
        """The plan's exposé in its cohort's seminar of `stage` (seminars.models.Seminar.Stage), or None. Reads
        `slots` with their seminars: prefetch `slots__seminar` to ask it of many plans without a query each."""
        return next((slot for slot in self.slots.all() if slot.seminar.stage == stage), None)


# How a plan reaches what roles are held towards (participants.rules).
ActionPlan.ROUTE = Route(plan="", participant="participant", cohort="participant__cohort")

State = ActionPlan.State
# Who may move a plan from one state to the next (the roles of participants.rules; the cohort's programme names who
# approves the design: `design_approver`, its mentor or its coach). `examined`, `agreed`
# and `completed` are reached by the scoring, the signatures and the progress reports: the person whose act
# completes them is the actor. A reopened score sheet takes an examined plan back to scoring.
State.MOVES = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    (State.DRAFT, State.SUBMITTED): move("submit", "owner"),
    (State.REVISION, State.SUBMITTED): move("submit", "owner"),
    (State.SUBMITTED, State.REVISION): move("return", "design_approver"),
    (State.SUBMITTED, State.APPROVED): move("approve", "design_approver"),
    (State.APPROVED, State.EXAMINED): move("examine", "panel_examiner", automatic=True),
    (State.EXAMINED, State.APPROVED): move("reopen", "staff", automatic=True),
    # The last signature of the design's sheet agrees the plan: whoever of its signers gives it (seminars.agreements).
    (State.EXAMINED, State.AGREED): move(
        "agree", "owner", "mentor", "panel_examiner", "coach", "staff", automatic=True
    ),
    # The last milestone verified (the 2017 flow: the mentor), or the report's sheet sealed by its last signer.
    (State.AGREED, State.COMPLETED): move(
        "complete", "owner", "mentor", "panel_examiner", "coach", "staff", automatic=True
    ),
    **{
        (state, State.WITHDRAWN): move("withdraw", "owner", "staff")
        for state in (State.DRAFT, State.SUBMITTED, State.REVISION, State.APPROVED, State.EXAMINED)
    },
    # Staff undo a withdrawal: the plan goes back to where it was withdrawn from (workflow.restore_target says
    # where; an examined plan lost its exposé slot, so it comes back approved, to be scheduled again).
    **{
        (State.WITHDRAWN, state): move("restore", "staff")
        for state in (State.DRAFT, State.SUBMITTED, State.REVISION, State.APPROVED)
    },
}
State.EDITABLE = frozenset({State.DRAFT, State.REVISION})  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
# Approved by the mentor and on: the plans of the seminar and of the cohort's printed booklet.
State.APPROVED_OR_LATER = frozenset({State.APPROVED, State.EXAMINED, State.AGREED, State.COMPLETED})  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
State.EXAMINED_OR_LATER = frozenset({State.EXAMINED, State.AGREED, State.COMPLETED})  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
State.AGREED_OR_LATER = frozenset({State.AGREED, State.COMPLETED})  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves


@dataclass(frozen=True)
class Look:
    """How a plan in one state shows: its badge's tone (a `.tone-*` class of static/css/inovasi.css), the
    participant's next step on their home page (`page` is where they take it), and, for a state on the journey's
    path, the stage a plan in it works through. A step or stage that names who approves the design is `Said` by
    them: ask `in_words(approvers.words_for(plan))` before showing it."""

    tone: str
    step: StrOrPromise | Said  # lazy: the table is built at import, shown in the reader's language
    detail: StrOrPromise = ""
    page: str = "innovations:detail"
    waiting: bool = False
    stage: StrOrPromise | Said = ""

    def in_words(self, words: ApproverWords) -> "Look":
        """This look with the design approver's sentences (the mentor's or the coach's) where it names them."""
        return replace(
            self,
            step=self.step.by(words) if isinstance(self.step, Said) else self.step,
            stage=self.stage.by(words) if isinstance(self.stage, Said) else self.stage,
        )


# The journey's path, in order: the participant's stages and the dashboard's funnel. A state off the path stands on
# it where `STANDS_AT` says (a plan returned for revision is being written again), or is off it (withdrawn).
State.PATH = (State.DRAFT, State.SUBMITTED, State.APPROVED, State.EXAMINED, State.AGREED, State.COMPLETED)  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
State.STANDS_AT = {State.REVISION: State.DRAFT}  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
State.OFF_PATH = frozenset({State.WITHDRAWN})  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
# portal.selectors.plan_journey says more for the states whose step depends on the seminar, the agreement or the
# milestones; every other state's step is this table's.
State.LOOKS = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    State.DRAFT: Look("neutral", Said("write"), page="innovations:edit", stage=_("Written")),
    State.REVISION: Look(
        "warning", Said("changes"), detail=_("Revise your plan and submit it again."), page="innovations:edit"
    ),
    State.SUBMITTED: Look("info", Said("waiting"), waiting=True, stage=Said("stage")),
    State.APPROVED: Look("success", _("Waiting for the seminar schedule"), waiting=True, stage=_("Seminar")),
    State.EXAMINED: Look(
        "accent",
        _("Prepare your agreement"),
        detail=_("You may first revise your milestones once, on the examiners' notes."),
        page="seminars:agreement",
        stage=_("Agreement"),
    ),
    State.AGREED: Look("strong", _("Report your progress"), page="innovations:progress", stage=_("Milestones")),
    State.COMPLETED: Look(
        "done", _("Your plan is completed: every milestone is verified"), page="innovations:progress", waiting=True
    ),
    State.WITHDRAWN: Look("danger", _("This plan is withdrawn"), waiting=True),
}


class CandidateIssue(models.Model):
    """An issue the participant considered, screened by APKL and scored by USG before choosing the core one."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="issues", verbose_name=_("plan"))
    description = models.CharField(_("issue"), max_length=500)
    aktual = models.BooleanField(_("Aktual"), default=False, help_text=_("It is happening now."))
    problematik = models.BooleanField(_("Problematik"), default=False, help_text=_("It is a real problem."))
    kekhalayakan = models.BooleanField(_("Kekhalayakan"), default=False, help_text=_("It affects many people."))
    layak = models.BooleanField(_("Layak"), default=False, help_text=_("It is feasible to act on."))
    urgency = models.PositiveSmallIntegerField(_("Urgency"), default=1)
    seriousness = models.PositiveSmallIntegerField(_("Seriousness"), default=1)
    growth = models.PositiveSmallIntegerField(_("Growth"), default=1)

    class Meta:
        verbose_name = _("candidate issue")
        verbose_name_plural = _("candidate issues")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(urgency__range=(1, 5), seriousness__range=(1, 5), growth__range=(1, 5)),
                name="usg_scores_1_to_5",
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def passes_apkl(self) -> bool:
        return self.aktual and self.problematik and self.kekhalayakan and self.layak

    @property
    def usg_total(self) -> int:
        return self.urgency + self.seriousness + self.growth


def ranked_issues(issues) -> list[CandidateIssue]:
    """APKL passes first, then the highest USG total; ties keep the order they were written in."""
    return sorted(issues, key=lambda issue: (not issue.passes_apkl, -issue.usg_total, issue.pk))


class Stakeholder(models.Model):
    class Influence(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="stakeholders", verbose_name=_("plan"))
    name = models.CharField(_("stakeholder"), max_length=200)
    role = models.CharField(_("role"), max_length=300)
    interest = models.CharField(_("interest"), max_length=300, blank=True)
    influence = models.CharField(_("influence"), max_length=10, choices=Influence.choices, default=Influence.MEDIUM)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class TeamMember(models.Model):
    """A member of the effective team (tim efektif) that carries a PKP, PKA or PKN work's change: who they are,
    what they do in the team, and their position and unit. Personal data: never shown in the public catalogue."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="team", verbose_name=_("plan"))
    name = models.CharField(_("team member"), max_length=200)
    role_in_team = models.CharField(_("role in the team"), max_length=300)
    position = models.CharField(_("position and unit"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Risk(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="risks", verbose_name=_("plan"))
    description = models.CharField(_("risk"), max_length=500)
    mitigation = models.CharField(_("mitigation"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.description


class Milestone(models.Model):
    class Term(models.TextChoices):
        SHORT = "short", _("Short term")
        MEDIUM = "medium", _("Medium term")
        LONG = "long", _("Long term")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("plan"))
    term = models.CharField(_("term"), max_length=10, choices=Term.choices, default=Term.SHORT)
    deliverable = models.CharField(_("deliverable"), max_length=500)
    due_date = models.DateField(_("due date"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        # By date, whatever order they were written in: every page, document and the agreement list them so.
        ordering = ["due_date", "order", "pk"]

    def __str__(self):
        return self.deliverable


def attachment_path(attachment, filename):
    # Private storage: never under STATIC_ROOT, served only through a permission-checked view.
    return f"private/plans/{attachment.plan_id}/{filename}"


class Attachment(Previewable, models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("plan"))
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    # A picture's small copy for pages (core.images), made once when it is uploaded.
    thumbnail = models.FileField(upload_to=attachment_path, max_length=300, blank=True)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class PlanVersion(models.Model):
    """A snapshot of the whole plan as it was submitted, so reviewers see what changed."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan"))
    number = models.PositiveIntegerField(_("number"))
    content = models.JSONField(_("content"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version_number")]

    def __str__(self):
        return f"{self.plan} v{self.number}"


class ProgressReport(HeldRoles, models.Model):
    """A participant's report on one milestone of an agreed plan, verified or returned by the mentor."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    class State(models.TextChoices):
        REPORTED = "reported", _("Waiting for the mentor")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned")

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="reports", verbose_name=_("milestone")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    narrative = models.TextField(_("what was done"))
    links = models.TextField(_("links to evidence"), blank=True, help_text=_("One address per line."))
    state = models.CharField(_("review"), max_length=10, choices=State.choices, default=State.REPORTED)
    mentor_note = models.TextField(_("mentor's note"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HeldQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_0_to_100")]

    def __str__(self):
        return f"{self.milestone}: {self.get_status_display()} ({self.percent} %)"

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


ProgressReport.ROUTE = Route(
    plan="milestone__plan", participant="milestone__plan__participant", cohort="milestone__plan__participant__cohort"
)
ProgressReport.State.MOVES = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    (ProgressReport.State.REPORTED, ProgressReport.State.VERIFIED): move("verify", "mentor"),
    (ProgressReport.State.REPORTED, ProgressReport.State.RETURNED): move("return", "mentor", note_required=True),
}


def evidence_path(evidence, filename):
    return f"private/evidence/{evidence.report.milestone.plan_id}/{filename}"


class Evidence(Previewable, models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    # A picture's small copy for pages (core.images), made once when it is uploaded.
    thumbnail = models.FileField(upload_to=evidence_path, max_length=300, blank=True)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.name


class ReminderLog(models.Model):
    """One digest a day per person: the log that keeps `send_reminders` from repeating itself on one day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "date"], name="one_digest_a_day")]

    def __str__(self):
        return f"{self.user_id} {self.date}"


class MilestoneReminder(models.Model):
    """That one person was reminded of one milestone, once as due soon and once as overdue: never the same twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due within 7 days")
        OVERDUE = "overdue", _("Overdue")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "milestone", "kind"], name="one_reminder_per_milestone_and_kind")
        ]

    def __str__(self):
        return f"{self.user_id} {self.milestone_id} {self.kind}"
