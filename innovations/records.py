"""The innovation's own record beyond the cohort (issue 26): its stage, profile, indicators and their measures,
evaluations, the decree that names it, and who replicated it. Kept here, below the apps that work on it (impact),
because the public catalogue reads the stage, the measures and the replications (innovations.catalogue).

What the public sees is only what the mentor confirmed: the `confirmed_*` copy of the profile, and the measures and
evaluations that carry a `confirmed_at`. The participant keeps the record up to date; each confirmation is a move
of its one lifecycle (impact.record).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.lifecycle import move
from core.responses import PREVIEWABLE, Previewable
from core.roles import HeldQuerySet, HeldRoles, Route
from participants.models import Organisation, Region


def amount(value: Decimal) -> str:
    """A measured value as people write it in their language: 14, 0,5 or 12,25 in Indonesian; no trailing zeros."""
    exact = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(exact)


class Stage(models.TextChoices):
    """The stages of a regional innovation as the Indeks Inovasi Daerah names them (PP 38/2017), in order."""

    # In context: the KIPP proposal's "Implementation" is another word in Indonesian (implementasi).
    INITIATIVE = "inisiatif", pgettext_lazy("innovation stage", "Initiative")
    TRIAL = "uji_coba", pgettext_lazy("innovation stage", "Trial")
    IMPLEMENTATION = "penerapan", pgettext_lazy("innovation stage", "Implementation")


class Initiator(models.TextChoices):
    HEAD_OF_REGION = "kepala_daerah", _("Head of the region")
    COUNCIL = "dprd", _("Member of the regional council (DPRD)")
    AGENCY = "opd", _("Regional agency (OPD)")
    CIVIL_SERVANT = "asn", _("Civil servant (ASN)")
    CITIZENS = "masyarakat", _("Citizens")


class InnovationForm(models.TextChoices):
    GOVERNANCE = "tata_kelola", _("Governance innovation")
    PUBLIC_SERVICE = "pelayanan_publik", _("Public-service innovation")
    OTHER = "lainnya", _("Other regional innovation")


def record_file_path(instance, filename):
    # Private storage: never under STATIC_ROOT, served only through a permission-checked view.
    return f"private/records/{instance.plan_id}/{filename}"


class InnovationRecord(HeldRoles, models.Model):
    """An innovation's record after the cohort: one per plan, kept by its participant, confirmed by their mentor."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Being written")
        SUBMITTED = "submitted", _("Waiting for the mentor")
        CONFIRMED = "confirmed", _("Confirmed by the mentor")
        RETURNED = "returned", _("Returned by the mentor")

    plan = models.OneToOneField(
        "innovations.ActionPlan", on_delete=models.CASCADE, related_name="record", verbose_name=_("plan")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.INITIATIVE)
    trial_date = models.DateField(_("trial began on"), null=True, blank=True)
    implementation_date = models.DateField(_("implementation began on"), null=True, blank=True)
    initiator = models.CharField(
        _("initiator"), max_length=15, choices=Initiator.choices, default=Initiator.CIVIL_SERVANT
    )
    digital = models.BooleanField(_("digital innovation"), default=False)
    form = models.CharField(
        _("form of innovation"), max_length=20, choices=InnovationForm.choices, default=InnovationForm.PUBLIC_SERVICE
    )
    decree_number = models.CharField(_("decree (SK) number"), max_length=150, blank=True)
    decree_date = models.DateField(_("decree (SK) date"), null=True, blank=True)
    decree = models.FileField(_("decree (SK)"), upload_to=record_file_path, max_length=300, blank=True)
    decree_name = models.CharField(max_length=200, blank=True)
    decree_type = models.CharField(max_length=100, blank=True)
    # What the dossiers ask in words (impact.dossiers says which form asks which, with its limits).
    summary = models.TextField(_("summary"), blank=True)
    background_goals = models.TextField(_("background and goals"), blank=True)
    novelty = models.TextField(_("novelty"), blank=True)
    implementation = models.TextField(_("implementation"), blank=True)
    significance = models.TextField(_("significance"), blank=True)
    adaptability = models.TextField(_("adaptability"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    sustainability = models.TextField(_("sustainability"), blank=True)
    design = models.TextField(_("design description"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    benefits = models.TextField(_("benefits"), blank=True)
    results = models.TextField(_("results achieved"), blank=True)
    # The profile as the mentor last confirmed it: what the public catalogue shows and filters by.
    confirmed_stage = models.CharField(_("confirmed stage"), max_length=10, choices=Stage.choices, blank=True)
    confirmed_trial_date = models.DateField(null=True, blank=True)
    confirmed_implementation_date = models.DateField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Optimistic lock (core.editing): every change raises it, and the mentor confirms the record as they read it;
    # the version they confirmed tells whether anything changed since.
    version = models.PositiveIntegerField(default=1)
    confirmed_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HeldQuerySet.as_manager()

    TEXTS = [
        "summary",
        "background_goals",
        "novelty",
        "implementation",
        "significance",
        "adaptability",
        "resources",
        "sustainability",
        "design",
        "goals",
        "benefits",
        "results",
    ]
    # The words of the plan a new record starts from: the participant adapts them rather than typing them again.
    FROM_PLAN = {
        "background_goals": ("background", "objectives"),
        "novelty": ("innovation",),
        "resources": ("resources",),
        "goals": ("objectives",),
        "benefits": ("benefits",),
        "design": ("problem", "innovation", "outputs"),
    }

    class Meta:
        verbose_name = _("innovation record")
        verbose_name_plural = _("innovation records")
        indexes = [models.Index(fields=["confirmed_stage"], name="record_confirmed_stage_idx")]

    def __str__(self):
        return str(self.plan)

    @property
    def is_decree_picture(self) -> bool:
        return self.decree_type in PREVIEWABLE

    @property
    def tone(self) -> str:
        return self.State.TONES[self.state]  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves

    @property
    def has_changes(self) -> bool:
        """Something changed since the mentor last confirmed it (or it was never confirmed)."""
        return self.version != self.confirmed_version


InnovationRecord.ROUTE = Route(plan="plan", participant="plan__participant", cohort="plan__participant__cohort")
RecordState = InnovationRecord.State
# The participant sends what changed to their mentor, who confirms it or returns it with a note; a confirmed or
# returned record is sent again once more has changed (impact.record.transition).
RecordState.MOVES = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    (RecordState.DRAFT, RecordState.SUBMITTED): move("submit", "owner"),
    (RecordState.RETURNED, RecordState.SUBMITTED): move("submit", "owner"),
    (RecordState.CONFIRMED, RecordState.SUBMITTED): move("submit", "owner"),
    (RecordState.SUBMITTED, RecordState.CONFIRMED): move("confirm", "mentor"),
    (RecordState.SUBMITTED, RecordState.RETURNED): move("return", "mentor", note_required=True),
}
# Each state's badge tone (a `.tone-*` class of static/css/inovasi.css).
RecordState.TONES = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    RecordState.DRAFT: "neutral",
    RecordState.SUBMITTED: "info",
    RecordState.CONFIRMED: "success",
    RecordState.RETURNED: "warning",
}


def evidence_path(evidence, filename):
    return f"private/records/{evidence.plan_id_for_files()}/{filename}"


class EvidenceFile(Previewable, models.Model):
    """A file kept as evidence of a measure or an evaluation, checked by its content (innovations.forms)."""

    file = models.FileField(_("evidence"), upload_to=evidence_path, max_length=300)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the mentor confirms the record it came with: only then is it public.
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        abstract = True


class Indicator(models.Model):
    """What the innovation changes, with its value before (e.g. "waktu layanan KTP", 14 hari)."""

    record = models.ForeignKey(InnovationRecord, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, help_text=_("E.g. days, minutes, people, percent."))
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_on = models.DateField(_("baseline measured on"))
    lower_is_better = models.BooleanField(_("lower is better"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Measurement(EvidenceFile):
    """One measured value of an indicator, on a day after its baseline, with its evidence."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    measured_on = models.DateField(_("measured on"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["measured_on", "pk"]
        indexes = [models.Index(fields=["indicator", "measured_on"], name="measurement_indicator_idx")]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.measured_on})"

    def plan_id_for_files(self) -> int:
        return self.indicator.record.plan_id


class Evaluation(EvidenceFile):
    """An evaluation of the innovation: by the unit itself (internal) or by an inspectorate, an audit board or a
    university (external)."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal (by the unit itself)")
        EXTERNAL = "external", _("External (inspectorate, audit board, university)")

    record = models.ForeignKey(InnovationRecord, on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    evaluator = models.CharField(_("evaluated by"), max_length=200)
    evaluated_on = models.DateField(_("evaluated on"))
    findings = models.TextField(_("findings"), max_length=3000)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["evaluated_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.evaluator}"

    def plan_id_for_files(self) -> int:
        return self.record.plan_id


class Replication(models.Model):
    """A unit, in this installation or named by hand, that replicated a published innovation: what it adapted and
    whom to ask. A replication started here ("replicate this") names the plan it began (`plan`)."""

    source = models.ForeignKey(
        "innovations.ActionPlan", on_delete=models.CASCADE, related_name="replications", verbose_name=_("innovation")
    )
    plan = models.OneToOneField(
        "innovations.ActionPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replicates",
        verbose_name=_("action plan that replicates it"),
    )
    unit = models.CharField(_("replicating unit"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    adapted = models.TextField(_("what was adapted"), max_length=3000)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact = models.CharField(_("contact (telephone or e-mail)"), max_length=200)
    replicated_on = models.DateField(_("replicated on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        ordering = ["replicated_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(unit=""), name="replication_names_its_unit"),
        ]

    def __str__(self):
        return f"{self.unit} ← {self.source}"
