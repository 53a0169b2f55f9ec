import base64
import datetime

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core import images
from core.lifecycle import move
from core.roles import HeldQuerySet, HeldRoles, Route
from programmes.builtin import default_programme, default_spec
from programmes.spec import ProgrammeSpec, parse

from .civil_service import GRADE_CHOICES, birth_date_of, describe_grade, format_nip, validate_grade, validate_nip


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
    # Printed on the training certificate with the date of birth, which the NIP already gives.
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    # The person's own choice, off until they turn it on: the read API shows their e-mail address and phone number
    # to the organisers' other systems only then (api/).
    shares_contact = models.BooleanField(
        _("share my contact details"),
        default=False,
        help_text=_("Let the organiser's other systems read my e-mail address and phone number through the API."),
    )
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

    @property
    def birth_date(self) -> datetime.date | None:
        """The date of birth the NIP begins with (participants.civil_service checks that it is one)."""
        return birth_date_of(self.nip)


class RegionQuerySet(models.QuerySet):
    def within(self, region):
        """The regions below `region`, at any depth: their codes begin with its code."""
        return self.filter(code__startswith=f"{region.code}.")


class Region(models.Model):
    """A province, kabupaten/kota, kecamatan or kelurahan/desa, keyed by its Kemendagri code (reference data shared
    by every organisation; `manage.py load_regions` fills it from participants/regions.py)."""

    class Level(models.IntegerChoices):
        # The number of parts of the code: 12, 12.71, 12.71.01, 12.71.01.1001.
        PROVINCE = 1, _("province")
        REGENCY = 2, _("kabupaten/kota")
        DISTRICT = 3, _("kecamatan")
        VILLAGE = 4, _("kelurahan/desa")

    code = models.CharField(_("Kemendagri code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    # How offices write it where Kemendagri joins the words ("Sungai Jawi Dalam" for "Sungaijawi Dalam"): from the
    # table participants/data/region_common_names.csv. Pages show it; the official name stays as it is.
    common_name = models.CharField(_("name in common use"), max_length=100, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    # What the source calls it: provinsi, kabupaten, kota, kecamatan, distrik, kelurahan, desa or desa_adat.
    kind = models.CharField(_("kind"), max_length=12)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("within")
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return self.common_name or self.name

    def contains(self, other: "Region | None") -> bool:
        return other is not None and other.code.startswith(f"{self.code}.")


class OrganisationQuerySet(models.QuerySet):
    def run_by(self, user):
        """The organisations a person is staff of; superusers run every one."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(staff_members=user)


class Organisation(models.Model):
    """The organiser of cohorts (penyelenggara): a regency's or city's BKPSDM, a provincial BPSDM, a LAN centre, a
    ministry's training unit. Its identity is what every page and document shows: letterhead, signatory and
    numbering. An organisation bureau of a region (Bagian Organisasi) runs no cohort: its staff see every innovation
    of its region and carry them forward to KIPP and the regional innovation index (participants.rules, "bureau")."""

    class Kind(models.TextChoices):
        ORGANISER = "organiser", _("Organiser of training (penyelenggara)")
        BUREAU = "bureau", _("Organisation bureau of a region (Bagian Organisasi)")

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As on the letterhead, e.g. Badan Kepegawaian dan Pengembangan Sumber Daya Manusia."),
    )
    short_name = models.CharField(
        _("short name"), max_length=80, help_text=_("E.g. BKPSDM Kabupaten Deli Serdang; shown in the menu.")
    )
    government = models.CharField(
        _("government"),
        max_length=200,
        blank=True,
        help_text=_(
            "The letterhead's first line, e.g. Pemerintah Kabupaten Deli Serdang or Lembaga Administrasi Negara."
        ),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.ORGANISER,
        help_text=_("An organisation bureau sees every innovation of its region and prepares their dossiers."),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    place = models.CharField(
        _("place"), max_length=100, help_text=_("Where its documents are dated, e.g. Lubuk Pakam or Pematangsiantar.")
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("telephone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    logo = models.ImageField(_("logo"), upload_to="organisations/", blank=True)
    head_name = models.CharField(_("head's name"), max_length=200, blank=True)
    head_nip = models.CharField(_("head's NIP"), max_length=18, blank=True, validators=[validate_nip])
    head_grade = models.CharField(
        _("head's pangkat/golongan"), max_length=5, choices=GRADE_CHOICES, validators=[validate_grade], blank=True
    )
    head_position = models.CharField(
        _("head's position (jabatan)"),
        max_length=250,
        blank=True,
        help_text=_("As it is written above the signature, e.g. Kepala Badan Kepegawaian Daerah Kabupaten Karo."),
    )
    number_pattern = models.CharField(
        _("document numbering"),
        max_length=100,
        default="{seq}/{year}",
        help_text=_(
            "How its documents are numbered: {seq} is the next number of the year, {year} the year and {month} "
            "the month in Roman numerals, e.g. 800/{seq}/BKPSDM/{year}."
        ),
    )
    staff_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), related_name="organisations", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic lock of its page (core.editing): every save raises it.
    version = models.PositiveIntegerField(default=1)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["short_name", "pk"]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("portal:organisation_detail", args=[self.pk])

    @property
    def has_head(self) -> bool:
        return bool(self.head_name.strip() and self.head_position.strip())

    @property
    def head_nip_display(self) -> str:
        return format_nip(self.head_nip)

    @property
    def head_grade_display(self) -> str:
        return describe_grade(self.head_grade)

    def logo_data_url(self) -> str:
        """The logo inline, for documents: the PDF renderer fetches nothing, not even from this server. Uploads are
        kept at most images.DOCUMENT_SIZE; a larger one stored otherwise (the admin) is made small on the way, and
        one no document should decode (a pixel bomb) is left out."""
        if not self.logo:
            return ""
        try:
            with self.logo.open("rb") as file:
                if not images.fits(file, images.DOCUMENT_SIZE):
                    file = images.bounded_copy(file, images.DOCUMENT_SIZE, keep_transparency=True)
                data = file.read()
        except (OSError, ValidationError):
            return ""  # a logo lost from storage, or refused, leaves the letterhead without it, not the document unmade
        kind = "png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "jpeg"
        return f"data:image/{kind};base64,{base64.b64encode(data).decode()}"


class DocumentCounter(models.Model):
    """The last number an organisation gave a document in a year; its row is locked while the next is taken."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="one_counter_per_year")]

    def __str__(self):
        return f"{self.organisation} {self.year}: {self.last}"


class CohortQuerySet(models.QuerySet):
    def run_by(self, user):
        """The cohorts a person organises: those of the organisations they are staff of; superusers, every cohort.
        The one rule of every staff page (participants.access.cohort_for_staff)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(organisation__staff_members=user)


class Cohort(models.Model):
    """One training cohort (angkatan) of an organisation: its people, plans, seminar and agreements."""

    class MentorRule(models.TextChoices):
        CAMAT = "camat", _("The Camat of the participant's kecamatan")
        SUPERIOR = "superior", _("The direct superior named in the roster (atasan langsung)")

    name = models.CharField(_("name"), max_length=200, help_text=_("E.g. Angkatan I Tahun 2017."))
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    training_title = models.CharField(_("training title"), max_length=250)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("organiser")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("The kabupaten/kota its participants serve in, or the province of a provincial cohort."),
    )
    mentor_rule = models.CharField(_("mentors"), max_length=10, choices=MentorRule.choices, default=MentorRule.CAMAT)
    # The programme it runs, and the cohort's own copy of the programme's template, as staff adjusted it
    # (programmes.spec; `Cohort.programme_spec` reads it).
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("programme"),
        default=default_programme,
    )
    spec = models.JSONField(_("the programme as this cohort runs it"), default=default_spec)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic lock of the settings page (core.editing): every save raises it.
    version = models.PositiveIntegerField(default=1)

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

    @property
    def staff_members(self):
        """The people who run this cohort: its organisation's staff."""
        return User.objects.filter(organisations=self.organisation_id)

    @property
    def mentors_are_camat(self) -> bool:
        return self.mentor_rule == self.MentorRule.CAMAT

    @cached_property
    def programme_spec(self) -> ProgrammeSpec:
        """The programme as this cohort runs it (its work, sections, stages, seminars, sign-offs and bands): the copy
        of its programme's template made when the cohort was (`portal.services.save_cohort`), as staff adjusted it."""
        return parse(self.spec)


class CivilServantRole(models.Model):
    """What a person is in one cohort; the person's identity stays on User."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, verbose_name=_("cohort"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("user"))
    position = models.CharField(_("position (jabatan)"), max_length=200, blank=True)
    grade = models.CharField(
        _("pangkat/golongan"), max_length=5, choices=GRADE_CHOICES, validators=[validate_grade], blank=True
    )
    # Optimistic lock of the person's edit page (core.editing): every staff edit raises it.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def __str__(self):
        return self.user.full_name

    @property
    def grade_display(self) -> str:
        return describe_grade(self.grade)


class Mentor(CivilServantRole):
    """A participant's mentor: the Camat of a kecamatan, or a direct superior the roster names (the cohort's rule)."""

    kecamatan = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kecamatan")
    )
    # The Camat of their kecamatan, under the cohort's Camat rule: a kecamatan has one. Under the direct-superior
    # rule several mentors share a kecamatan (a Camat and his Sekretaris Camat). Follows the cohort's rule
    # (participants.services.apply_mentor_rule); true by default, so a path that forgets it refuses rather than lets in.
    is_camat = models.BooleanField(_("Camat of the kecamatan"), default=True)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["kecamatan__name", "user__full_name"]
        default_related_name = "mentors"
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="unique_mentor_per_cohort"),
            models.UniqueConstraint(
                fields=["cohort", "kecamatan"], condition=Q(is_camat=True), name="one_camat_per_kecamatan"
            ),
        ]


class Examiner(HeldRoles, CivilServantRole):
    """An examiner of the exposés, usually from LAN RI."""

    institution = models.CharField(_("institution"), max_length=200, default="LAN RI")

    objects = HeldQuerySet.as_manager()

    class Meta:
        verbose_name = _("examiner")
        verbose_name_plural = _("examiners")
        ordering = ["user__full_name"]
        default_related_name = "examiners"
        constraints = [models.UniqueConstraint(fields=["cohort", "user"], name="unique_examiner_per_cohort")]


class Coach(HeldRoles, CivilServantRole):
    """A coach (pembimbing), usually a widyaiswara: guides the method and writing of several participants, comments,
    approves a stage where the programme asks for it, and signs approval sheets."""

    institution = models.CharField(_("institution"), max_length=200, blank=True)

    objects = HeldQuerySet.as_manager()

    class Meta:
        verbose_name = _("coach")
        verbose_name_plural = _("coaches")
        ordering = ["user__full_name"]
        default_related_name = "coaches"
        constraints = [models.UniqueConstraint(fields=["cohort", "user"], name="unique_coach_per_cohort")]


class Participant(HeldRoles, CivilServantRole):
    """A civil servant (ASN) taking part in a cohort, with their data as the roster gives it."""

    roll_number = models.PositiveIntegerField(_("roll number (NDH)"))
    work_unit = models.CharField(_("work unit"), max_length=200)
    kecamatan = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kecamatan")
    )
    kelurahan = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kelurahan/desa")
    )
    mentor = models.ForeignKey(
        Mentor, on_delete=models.SET_NULL, null=True, blank=True, related_name="mentees", verbose_name=_("mentor")
    )
    # The direct superior the roster names; the mentor under the cohort's direct-superior rule.
    superior = models.ForeignKey(
        Mentor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("direct superior")
    )
    coach = models.ForeignKey(
        Coach, on_delete=models.SET_NULL, null=True, blank=True, related_name="coachees", verbose_name=_("coach")
    )
    # Set when staff chose the mentor by hand; the cohort's rule then no longer assigns one.
    mentor_assigned_by_staff = models.BooleanField(_("mentor chosen by staff"), default=False)
    # The direct superior staff replaced (a Camat transferred): a roster that still names them keeps the replacement,
    # unless staff choose the file for that row (participants.roster_decisions).
    replaced_superior = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("direct superior replaced by staff"),
    )
    # Set when staff withdraw the participant from the cohort (a dropout); their plan is withdrawn with them and
    # they stay in the roster and the history. Cleared when staff restore them.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = HeldQuerySet.as_manager()

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
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


Examiner.ROUTE = Route(examiner="", cohort="cohort")
Coach.ROUTE = Route(cohort="cohort")
Participant.ROUTE = Route(participant="", cohort="cohort")


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
        DOSSIER_CHOOSE = "dossier.choose", _("Innovation chosen to go forward")
        DOSSIER_SUBMIT = "dossier.submit", _("Dossier submitted")
        DOSSIER_DROP = "dossier.drop", _("Innovation no longer going forward")
        REPLICATION_RECORD = "replication.record", _("Replication recorded")
        FOLLOWUP_EDIT = "followup.edit", _("Follow-up questionnaire set")
        FOLLOWUP_SEND = "followup.send", _("One-year follow-up sent")
        FOLLOWUP_ANSWER = "followup.answer", _("One-year follow-up answered")

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
        Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="jobs", verbose_name=_("cohort")
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
        return self.state in self.State.OPEN

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
Job.State.MOVES = {
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
Job.State.OPEN = frozenset({Job.State.QUEUED, Job.State.RUNNING})
