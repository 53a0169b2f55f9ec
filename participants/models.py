from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .civil_service import GRADE_CHOICES, describe_grade, format_nip, validate_grade, validate_nip


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email=None, password=None, **fields):
        email = self.normalize_email(email) or None
        user = self.model(email=email, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: with their e-mail address or their NIP.

    Civil servants have a NIP; people from outside the civil service (some
    examiners, the organiser's helpers) may have only an e-mail address.
    """

    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, unique=True, null=True, blank=True, validators=[validate_nip])
    full_name = models.CharField(
        _("full name"), max_length=200, help_text=_("With academic titles, e.g. Drs. Ahmad Siregar, M.Si.")
    )
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_staff = models.BooleanField(
        _("organiser staff"),
        default=False,
        help_text=_("Organiser staff may create cohorts and use the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(nip__isnull=False),
                name="user_has_email_or_nip",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email or self.nip

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)


class Kecamatan(models.Model):
    """A sub-district of a city or regency (reference data shared by all cohorts)."""

    name = models.CharField(_("name"), max_length=100)
    city = models.CharField(_("city or regency"), max_length=100)
    kelurahan_count = models.PositiveSmallIntegerField(_("number of kelurahan"), default=0)

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        ordering = ["city", "name"]
        constraints = [models.UniqueConstraint(fields=["city", "name"], name="unique_kecamatan_per_city")]

    def __str__(self):
        return self.name


class CohortQuerySet(models.QuerySet):
    def run_by(self, user):
        """The cohorts that a user organises; superusers organise every cohort."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(staff_members=user)


class Cohort(models.Model):
    """One training cohort (angkatan): its people, plans, seminar and agreements."""

    name = models.CharField(_("name"), max_length=200, help_text=_("E.g. Angkatan I Tahun 2017."))
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    training_title = models.CharField(_("training title"), max_length=250)
    organiser = models.CharField(_("organiser"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    staff_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("organiser staff"), related_name="organised_cohorts", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="cohort_ends_after_start"),
        ]

    def __str__(self):
        return self.name


class CivilServantRole(models.Model):
    """What a person is in one cohort; the person's identity stays on User."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, verbose_name=_("cohort"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("user"))
    position = models.CharField(_("position (jabatan)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.user.full_name


class Mentor(CivilServantRole):
    """A participant's direct superior: in the Medan case, the Camat of a kecamatan."""

    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, verbose_name=_("kecamatan"))

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["kecamatan__name"]
        default_related_name = "mentors"
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="unique_mentor_per_cohort"),
            models.UniqueConstraint(fields=["cohort", "kecamatan"], name="one_mentor_per_kecamatan"),
        ]


class Examiner(CivilServantRole):
    """An examiner of the exposés, usually from LAN RI."""

    institution = models.CharField(_("institution"), max_length=200, default="LAN RI")

    class Meta:
        verbose_name = _("examiner")
        verbose_name_plural = _("examiners")
        ordering = ["user__full_name"]
        default_related_name = "examiners"
        constraints = [models.UniqueConstraint(fields=["cohort", "user"], name="unique_examiner_per_cohort")]


class Participant(CivilServantRole):
    """A civil servant (ASN) taking part in a cohort, with their data as the roster gives it."""

    roll_number = models.PositiveIntegerField(_("roll number (NDH)"))
    grade = models.CharField(
        _("pangkat/golongan"), max_length=5, choices=GRADE_CHOICES, validators=[validate_grade], blank=True
    )
    work_unit = models.CharField(_("work unit"), max_length=200)
    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("kecamatan")
    )
    mentor = models.ForeignKey(
        Mentor, on_delete=models.SET_NULL, null=True, blank=True, related_name="mentees", verbose_name=_("mentor")
    )
    # Set when staff chose the mentor by hand; the Camat of the kecamatan is then no longer assigned.
    mentor_assigned_by_staff = models.BooleanField(_("mentor chosen by staff"), default=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["cohort", "roll_number"]
        default_related_name = "participants"
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="unique_participant_per_cohort"),
            models.UniqueConstraint(fields=["cohort", "roll_number"], name="unique_roll_number_per_cohort"),
            models.CheckConstraint(condition=Q(roll_number__gte=1), name="roll_number_from_one"),
        ]

    @property
    def grade_display(self) -> str:
        return describe_grade(self.grade)


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
        MENTOR_ADD = "mentor.add", _("Mentor added")
        MENTOR_CHANGE = "mentor.change", _("Participant's mentor changed")
        EXAMINER_ADD = "examiner.add", _("Examiner added")
        EXAMINER_REMOVE = "examiner.remove", _("Examiner removed")
        INVITATIONS_SEND = "invitations.send", _("Invitations sent")
        SEMINAR_EDIT = "seminar.edit", _("Seminar set up")
        RUBRIC_EDIT = "rubric.edit", _("Rubric edited")
        SCHEDULE_BUILD = "schedule.build", _("Schedule built")
        SLOT_MOVE = "slot.move", _("Exposé moved")
        SLOT_SWAP = "slot.swap", _("Exposés swapped")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_events", verbose_name=_("cohort")
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


class Notification(models.Model):
    """Something a person should know, in their list at once and by mail after commit (the mail's outbox too)."""

    class Mail(models.TextChoices):
        NONE = "none", _("No e-mail address")
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
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
