"""What happens in the app, kept: the one audit log, the notifications people read and are mailed, and the
background jobs. Models of `participants` (their tables and migrations are the app's); `participants.models` names
them too, so `from participants.models import Job` reads as it always did."""

import datetime
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.lifecycle import move
from core.roles import Route


class AuditEvent(models.Model):
    """The one audit log: every move of every lifecycle and every staff action; who, when, what, on what.

    `verb` names the event (`AuditEvent.Verb`); a move also keeps the states it went from and to. `data` holds
    what else the event changed: the notes per section of a return, a score sheet's total, an import's counts.
    """

    class Verb(models.TextChoices):
        PLAN_START = "plan.start", _("Plan started")
        PLAN_SUBMIT = "plan.submit", _("Plan submitted")
        PLAN_RETURN = "plan.return", _("Plan returned for revision")
        PLAN_APPROVE = "plan.approve", _("Plan approved")
        PLAN_EXAMINE = "plan.examine", _("Plan examined")
        PLAN_REOPEN = "plan.reopen", _("Plan back to scoring")
        PLAN_AGREE = "plan.agree", _("Plan agreed")
        PLAN_COMPLETE = "plan.complete", _("Plan completed")
        PLAN_WITHDRAW = "plan.withdraw", _("Plan withdrawn")
        CATALOGUE_PUBLISH = "catalogue.publish", _("Plan published in the catalogue")
        CATALOGUE_WITHDRAW = "catalogue.withdraw", _("Plan taken out of the catalogue")
        SHEET_SUBMIT = "sheet.submit", _("Score sheet submitted")
        SHEET_REOPEN = "sheet.reopen", _("Score sheet reopened")
        RESULTS_PUBLISH = "results.publish", _("Results published")
        RESULTS_WITHDRAW = "results.withdraw", _("Results withdrawn")
        REVISION_PROPOSE = "revision.propose", _("Milestones revised")
        REVISION_CONFIRM = "revision.confirm", _("Milestone revision confirmed")
        REVISION_RETURN = "revision.return", _("Milestone revision returned")
        AGREEMENT_PREPARE = "agreement.prepare", _("Agreement prepared")
        AGREEMENT_SIGN = "agreement.sign", _("Agreement signed")
        AGREEMENT_DISCARD = "agreement.discard", _("Unsigned agreement discarded")
        AGREEMENT_REMIND = "agreement.remind", _("Signers reminded")
        REPORT_SUBMIT = "report.submit", _("Progress reported")
        REPORT_VERIFY = "report.verify", _("Progress report verified")
        REPORT_RETURN = "report.return", _("Progress report returned")
        COHORT_CREATE = "cohort.create", _("Cohort created")
        COHORT_EDIT = "cohort.edit", _("Cohort edited")
        ROSTER_IMPORT = "roster.import", _("Roster imported")
        MENTOR_IMPORT = "mentor.import", _("Mentors imported")
        EXAMINER_IMPORT = "examiner.import", _("Examiners imported")
        MENTOR_ADD = "mentor.add", _("Mentor added")
        MENTOR_CHANGE = "mentor.change", _("Participant's mentor changed")
        EXAMINER_ADD = "examiner.add", _("Examiner added")
        EXAMINER_REMOVE = "examiner.remove", _("Examiner removed")
        PARTICIPANT_EDIT = "participant.edit", _("Participant's data edited")
        PARTICIPANT_WITHDRAW = "participant.withdraw", _("Participant withdrawn")
        PARTICIPANT_RESTORE = "participant.restore", _("Participant restored")
        PLAN_RESTORE = "plan.restore", _("Withdrawn plan restored")
        MENTOR_EDIT = "mentor.edit", _("Mentor's data edited")
        MENTOR_REPLACE = "mentor.replace", _("Mentor replaced")
        MENTOR_REMOVE = "mentor.remove", _("Mentor removed")
        EXAMINER_EDIT = "examiner.edit", _("Examiner's data edited")
        COACH_ADD = "coach.add", _("Coach added")
        COACH_EDIT = "coach.edit", _("Coach's data edited")
        COACH_CHANGE = "coach.change", _("Participant's coach changed")
        COACH_IMPORT = "coach.import", _("Coaches imported")
        INVITATIONS_SEND = "invitations.send", _("Invitations sent")
        JOB_REQUEST = "job.request", _("Download requested")
        JOB_RETRY = "job.retry", _("Background work tried again")
        JOB_FINISH = "job.finish", _("Background work done")
        JOB_FAIL = "job.fail", _("Background work failed")
        MAIL_RETRY = "mail.retry", _("Unsent mail tried again")
        SEMINAR_EDIT = "seminar.edit", _("Seminar set up")
        RUBRIC_EDIT = "rubric.edit", _("Rubric edited")
        SCHEDULE_BUILD = "schedule.build", _("Schedule built")
        SLOT_MOVE = "slot.move", _("Exposé moved")
        SLOT_SWAP = "slot.swap", _("Exposés swapped")
        SLOT_PIN = "slot.pin", _("Exposé pinned")
        SLOT_UNPIN = "slot.unpin", _("Exposé unpinned")
        ORGANISATION_CREATE = "organisation.create", _("Organisation created")
        ORGANISATION_EDIT = "organisation.edit", _("Organisation edited")
        ORGANISATION_STAFF_ADD = "organisation.add_staff", _("Staff member added")
        ORGANISATION_STAFF_REMOVE = "organisation.remove_staff", _("Staff member removed")
        DOCUMENT_ISSUE = "document.issue", _("Numbered document issued")
        DOCUMENT_REVISE = "document.revise", _("Numbered document revised under a new number")
        GRADES_ENTER = "grades.enter", _("Grade components entered")
        GRADES_IMPORT = "grades.import", _("Grade components imported")
        GRADING_EDIT = "grading.edit", _("Final grade's rules adjusted")
        CERTIFICATE_ISSUE = "certificate.issue", _("Certificates issued")
        CERTIFICATE_REISSUE = "certificate.reissue", _("Certificate re-issued")
        CERTIFICATE_REVOKE = "certificate.revoke", _("Certificate revoked")
        TOKEN_ISSUE = "token.issue", _("API token issued")
        TOKEN_REVOKE = "token.revoke", _("API token revoked")
        RECORD_SUBMIT = "record.submit", _("Innovation record sent to the mentor")
        RECORD_CONFIRM = "record.confirm", _("Innovation record confirmed")
        RECORD_RETURN = "record.return", _("Innovation record returned")
        CONSULTATION_RECORD = "consultation.record", _("Consultation recorded")
        CONSULTATION_CONFIRM = "consultation.confirm", _("Consultation confirmed")
        CONSULTATION_RETURN = "consultation.return", _("Consultation returned")
        WORK_REPORT_START = "work_report.start", _("Report started")
        WORK_REPORT_SUBMIT = "work_report.submit", _("Report submitted for review")
        WORK_REPORT_RETURN = "work_report.return", _("Report returned with notes")
        WORK_REPORT_APPROVE = "work_report.approve", _("Report approved for the seminar")
        WORK_REPORT_EXAMINE = "work_report.examine", _("Report examined at the report seminar")
        WORK_REPORT_REOPEN = "work_report.reopen", _("Report back to the report seminar's scoring")
        WORK_REPORT_SIGN = "work_report.sign", _("Report's approval sheet sealed")
        DOSSIER_CHOOSE = "dossier.choose", _("Innovation chosen to go forward")
        DOSSIER_SUBMIT = "dossier.submit", _("Dossier submitted")
        DOSSIER_DROP = "dossier.drop", _("Innovation no longer going forward")
        REPLICATION_RECORD = "replication.record", _("Replication recorded")
        FOLLOWUP_EDIT = "followup.edit", _("Follow-up questionnaire set")
        FOLLOWUP_SEND = "followup.send", _("One-year follow-up sent")
        FOLLOWUP_ANSWER = "followup.answer", _("One-year follow-up answered")

    cohort = models.ForeignKey(
        "Cohort", on_delete=models.CASCADE, null=True, blank=True, related_name="audit_events", verbose_name=_("cohort")
    )
    # Nobody for the system's own acts (a reminder run); kept when a person's roles go.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    verb = models.CharField(_("what"), max_length=40)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # What the target was called at the time: it may be renamed or deleted later.
    target_label = models.CharField(_("on"), max_length=300, blank=True)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("what changed"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["cohort", "-at", "-id"], name="audit_cohort_newest_idx"),
            models.Index(fields=["target_type", "target_id", "at"], name="audit_target_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.target_label}"

    @property
    def verb_label(self) -> str:
        return str(self.Verb(self.verb).label) if self.verb in self.Verb.values else self.verb

    @property
    def note_text(self) -> str:
        """The note as its reader reads it: a person's words as written, the system's in the reader's language."""
        return translation.gettext(self.note) if self.data.get("system_note") else self.note


class Notification(models.Model):
    """Something a person should know, in their list at once and by mail after commit (the mail's outbox too)."""

    class Mail(models.TextChoices):
        NONE = "none", _("No e-mail address")
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    cohort = models.ForeignKey("Cohort", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    message = models.CharField(_("message"), max_length=300)
    # The message in every language of the site, so that a person who switches language reads it in that one;
    # `message` stays the text in their own language, the one their mail is written in.
    texts = models.JSONField(_("message in each language"), default=dict, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    # An iCalendar file the mail carries (a seminar's schedule), so the person can add it to their calendar.
    calendar = models.TextField(_("calendar file"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    mail = models.CharField(_("e-mail"), max_length=10, choices=Mail.choices, default=Mail.PENDING)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mail_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="unread_notification_idx"),
            models.Index(fields=["mail"], condition=Q(mail="pending"), name="notification_outbox_idx"),
        ]

    def __str__(self):
        return self.message

    @property
    def text(self) -> str:
        """The message in the language of the page that shows it."""
        return self.texts.get(translation.get_language() or "", self.message)


def job_file_path(job, filename):
    return f"private/jobs/{job.pk}/{filename}"


# A running job's worker renews its lease while it works (participants.jobs); one not renewed for this long lost its
# worker (killed, restarted, its host gone), and is put back in the queue.
JOB_LEASE = datetime.timedelta(minutes=2)


class JobQuerySet(models.QuerySet):
    def stale(self, now=None):
        """Running jobs whose worker stopped renewing the lease."""
        cutoff = (now or timezone.now()) - JOB_LEASE
        beat = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
        return self.filter(beat, state=Job.State.RUNNING)


class Job(models.Model):
    """Slow work done away from the request: a document to download, mail to many people, a sealed PDF.

    Who asked, what, for which cohort, how far it is, and the file it made (in private storage). Its one lifecycle
    is `participants.jobs.transition`; the worker runs it through the task `participants.jobs.run_job`.
    """

    ROUTE: ClassVar[Route]  # set below the class, as on every model with roles (core.roles)

    class Kind(models.TextChoices):
        BOOKLET = "booklet", _("Booklet of approved plans (PDF)")
        MINUTES = "minutes", _("Minutes of the seminar's results (PDF)")
        SEALED_ARCHIVE = "sealed_archive", _("Sealed agreements (ZIP)")
        INVITATIONS = "invitations", _("Invitations")
        SEALED_PDF = "sealed_pdf", _("Sealed agreement PDF")
        AGENDA = "agenda", _("Seminar agenda on the letterhead (PDF)")
        GRADE_RECAP = "grade_recap", _("Recap of final grades (PDF)")
        CERTIFICATES = "certificates", _("Certificates (PDF)")
        CERTIFICATE_ARCHIVE = "certificate_archive", _("Certificates named by NIP (ZIP)")
        DOSSIER_PDF = "dossier_pdf", _("Innovation dossier on the letterhead (PDF)")
        DOSSIER_ZIP = "dossier_zip", _("Innovation dossier's evidence (ZIP)")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    # Nobody for the system's own work (the PDF sealed after the last signature).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("requested by"),
    )
    cohort = models.ForeignKey(
        "Cohort", on_delete=models.CASCADE, null=True, blank=True, related_name="jobs", verbose_name=_("cohort")
    )
    # What the work is about (a seminar, an agreement, the people to invite): ids only, read again when it runs.
    params = models.JSONField(default=dict, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    file = models.FileField(_("file"), upload_to=job_file_path, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # The running attempt's worker renews this every few seconds: its lease on the job (JOB_LEASE).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # When an automatic retry is due after a failed attempt; empty otherwise.
    retry_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="job_requester_idx"),
            models.Index(fields=["cohort", "-created_at"], name="job_cohort_idx"),
            models.Index(fields=["state"], condition=Q(state__in=["queued", "running"]), name="job_open_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress_done__lte=models.F("progress_total")), name="job_progress"),
            # One request, one job: a double click, or two tabs, ask for a document already waiting for its person.
            # Invitations are each their own batch of people.
            models.UniqueConstraint(
                fields=["kind", "cohort", "requested_by", "params"],
                condition=Q(state__in=["queued", "running"], requested_by__isnull=False) & ~Q(kind="invitations"),
                name="one_open_job_per_request",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state in self.State.OPEN  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves

    @property
    def percent(self) -> int:
        return round(100 * self.progress_done / self.progress_total) if self.progress_total else 0

    @property
    def is_stale(self) -> bool:
        """Running, but its worker stopped renewing the lease (killed, restarted)."""
        beat = self.heartbeat_at or self.started_at
        return self.state == self.State.RUNNING and beat is not None and beat < timezone.now() - JOB_LEASE


# Who asked for it, and the staff of its cohort (participants.rules).
Job.ROUTE = Route(job="", cohort="cohort")
Job.State.MOVES = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    # The worker's moves: nobody makes them by hand.
    (Job.State.QUEUED, Job.State.RUNNING): move(
        "start", "system", automatic=True, quiet="its row keeps when it started; how it ends is audited"
    ),
    (Job.State.RUNNING, Job.State.DONE): move("finish", "system", automatic=True),
    (Job.State.RUNNING, Job.State.QUEUED): move("retry", "system", automatic=True),
    (Job.State.RUNNING, Job.State.FAILED): move("fail", "system", automatic=True),
    # After the last automatic attempt, the person who asked or the cohort's staff may try once more.
    (Job.State.FAILED, Job.State.QUEUED): move("retry", "requester", "staff"),
}
Job.State.OPEN = frozenset({Job.State.QUEUED, Job.State.RUNNING})  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
