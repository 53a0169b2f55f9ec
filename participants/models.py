import base64
import datetime

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core import images
from core.roles import HeldQuerySet, HeldRoles, Route
from programmes.builtin import default_programme, default_spec
from programmes.spec import ProgrammeSpec, parse

from .civil_service import GRADE_CHOICES, birth_date_of, describe_grade, format_nip, validate_grade, validate_nip

# The audit log, notifications and jobs live in models_activity, named here for those who import them from here.
from .models_activity import JOB_LEASE as JOB_LEASE
from .models_activity import AuditEvent as AuditEvent
from .models_activity import Job as Job
from .models_activity import JobQuerySet as JobQuerySet
from .models_activity import Notification as Notification
from .models_activity import job_file_path as job_file_path


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
    # Set when staff chose the coach by hand: a roster naming another coach keeps this one unless staff choose the file.
    coach_assigned_by_staff = models.BooleanField(_("coach chosen by staff"), default=False)
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
