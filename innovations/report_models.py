"""The report stage's report (laporan aktualisasi, laporan aksi perubahan): what the participant did in the work
unit once the design was agreed, activity by activity, with its evidence. Models of the innovations app kept in
their own module; `innovations.models` imports them, so `from innovations.models import WorkReport` reads as the
others do. Its lifecycle is `innovations/reports.py`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.lifecycle import move
from core.responses import Previewable
from core.roles import HeldQuerySet, HeldRoles, Route


class WorkReport(HeldRoles, models.Model):
    """One plan's report: its summary and effect, an entry per milestone, reviewed by the coach and the mentor and
    approved by the stage's approver (`report_approver`) before the report seminar."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Being written")
        SUBMITTED = "submitted", _("Waiting for review")
        RETURNED = "returned", _("Returned with notes")
        APPROVED = "approved", _("Approved for the seminar")
        EXAMINED = "examined", _("Examined at the seminar")
        SIGNED = "signed", _("Signed off")

    plan = models.OneToOneField(
        "innovations.ActionPlan", on_delete=models.CASCADE, related_name="work_report", verbose_name=_("plan")
    )
    summary = models.TextField(_("summary of what was carried out"), blank=True)
    effect = models.TextField(_("effect on the work unit"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    # Optimistic lock (core.editing): every save raises it, so a save or a submission from an older tab is refused.
    version = models.PositiveIntegerField(default=1)
    # The reviewer's note when it was last returned; its audit events keep every one.
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HeldQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return str(self.plan)

    @property
    def is_editable(self) -> bool:
        return self.state in self.State.EDITABLE  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves

    @property
    def tone(self) -> str:
        return self.State.TONES[self.state]  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves


# How a report reaches what roles are held towards: its plan's participant, whose coach and mentor review it.
WorkReport.ROUTE = Route(plan="plan", participant="plan__participant", cohort="plan__participant__cohort")
State = WorkReport.State
# Both reviewers may return it with notes; the one the programme names for the stage (`report_approver`) approves.
State.MOVES = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    (State.DRAFT, State.SUBMITTED): move("submit", "owner"),
    (State.RETURNED, State.SUBMITTED): move("submit", "owner"),
    (State.SUBMITTED, State.RETURNED): move("return", "coach", "mentor", note_required=True),
    (State.SUBMITTED, State.APPROVED): move("approve", "report_approver"),
    # The report seminar's last score sheet of the plan examines it (innovations.reports.examine_report).
    (State.APPROVED, State.EXAMINED): move("examine", "panel_examiner", automatic=True),
    # Staff reopening one of its score sheets there takes it back to the seminar's scoring (seminars.scoring).
    (State.EXAMINED, State.APPROVED): move("reopen", "staff", automatic=True),
    # The last signature of its lembar pengesahan signs it off: whoever of its signers gives it (seminars.agreements).
    (State.EXAMINED, State.SIGNED): move("sign", "owner", "mentor", "panel_examiner", "coach", "staff", automatic=True),
}
State.EDITABLE = frozenset({State.DRAFT, State.RETURNED})  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
# Approved for the report seminar, and every state after it: what the cohort's checklist counts as approved.
State.APPROVED_OR_LATER = frozenset({State.APPROVED, State.EXAMINED, State.SIGNED})  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
# Each state's badge (a `.tone-*` class of static/css/inovasi.css).
State.TONES = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    State.DRAFT: "neutral",
    State.SUBMITTED: "info",
    State.RETURNED: "warning",
    State.APPROVED: "success",
    State.EXAMINED: "info",
    State.SIGNED: "success",
}


class ReportEntry(models.Model):
    """What was done for one milestone (activity) of the plan: its output, its effect, the basic values it carries
    (chosen from the cohort's programme's `values`)."""

    report = models.ForeignKey(WorkReport, on_delete=models.CASCADE, related_name="entries", verbose_name=_("report"))
    milestone = models.ForeignKey(
        "innovations.Milestone", on_delete=models.CASCADE, related_name="report_entries", verbose_name=_("milestone")
    )
    done = models.TextField(_("what was done"), blank=True)
    output = models.TextField(_("output"), blank=True)
    effect = models.TextField(_("effect"), blank=True)
    values = models.JSONField(_("basic values"), default=list, blank=True)

    class Meta:
        verbose_name = _("report entry")
        verbose_name_plural = _("report entries")
        ordering = ["milestone__due_date", "milestone__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["report", "milestone"], name="one_entry_a_milestone")]

    def __str__(self):
        return str(self.milestone)


def report_evidence_path(evidence, filename):
    # Private storage: served only through a permission-checked view.
    return f"private/reports/{evidence.entry.report.plan_id}/{filename}"


class ReportEvidence(Previewable, models.Model):
    """A file or photo showing what was done for one entry, checked as every upload is, with a thumbnail."""

    entry = models.ForeignKey(ReportEntry, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=report_evidence_path, max_length=300)
    thumbnail = models.FileField(upload_to=report_evidence_path, max_length=300, blank=True)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report evidence")
        verbose_name_plural = _("report evidence")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class ReportVersion(models.Model):
    """The report as it was submitted, each time: what the reviewers compare with the last one."""

    report = models.ForeignKey(WorkReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    content = models.JSONField(_("content"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_report_version_number")]

    def __str__(self):
        return f"{self.report} v{self.number}"
