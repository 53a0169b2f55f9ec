import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.lifecycle import Publication, move
from core.roles import HeldQuerySet, HeldRoles, Route
from innovations.models import ActionPlan
from participants.models import Cohort, Examiner


class Seminar(HeldRoles, models.Model):
    """The closing seminar where participants present their plans (exposé) to the examiners."""

    class Stage(models.TextChoices):
        # The stage of the cohort's programme it judges (programmes.spec.STAGE_KEYS).
        DESIGN = "design", _("Design")
        REPORT = "report", _("Report")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="seminars", verbose_name=_("cohort"))
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.DESIGN)
    title = models.CharField(_("title"), max_length=250)
    date = models.DateField(_("date"))
    end_date = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Only for a seminar of several days.")
    )
    venue = models.CharField(_("venue"), max_length=250)
    day_start = models.TimeField(_("first exposé at"), default=datetime.time(8, 30))
    day_end = models.TimeField(_("last exposé ends by"), default=datetime.time(16, 30))
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per exposé"), default=20)
    results_state = models.CharField(
        _("results"), max_length=12, choices=Publication.choices, default=Publication.UNPUBLISHED
    )
    # When the results were last published; empty while they are not.
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    # Optimistic lock of the set-up page: every save raises it, a save from an older copy is refused.
    version = models.PositiveIntegerField(default=1)
    # The organisation's number for the minutes (berita acara), taken when the results are first published.
    minutes_number = models.CharField(_("minutes number"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("seminar")
        verbose_name_plural = _("seminars")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "stage"], name="one_seminar_per_stage"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="slot_at_least_5_minutes"),
            models.CheckConstraint(condition=Q(day_end__gt=models.F("day_start")), name="seminar_day_ends_after_start"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")), name="seminar_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d-%m-%Y})"

    @property
    def results_are_published(self) -> bool:
        return self.results_state == Publication.PUBLISHED

    @property
    def days(self) -> list[datetime.date]:
        last = self.end_date or self.date
        return [self.date + datetime.timedelta(days=n) for n in range((last - self.date).days + 1)]


Seminar.ROUTE = Route(cohort="cohort")


class Break(models.Model):
    """A pause on every seminar day (opening, lunch, prayers) when no exposé is scheduled."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="breaks", verbose_name=_("seminar"))
    label = models.CharField(_("label"), max_length=100)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        ordering = ["start"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="break_ends_after_start")]

    def __str__(self):
        return f"{self.label} {self.start:%H:%M}–{self.end:%H:%M}"


class Room(models.Model):
    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("seminar"))
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["seminar", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["seminar", "name"], name="unique_room_name_per_seminar")]

    def __str__(self):
        return self.name


class Panel(models.Model):
    """The examiners who sit in one room for the whole seminar."""

    room = models.OneToOneField(Room, on_delete=models.CASCADE, related_name="panel", verbose_name=_("room"))
    examiners = models.ManyToManyField(Examiner, related_name="panels", verbose_name=_("examiners"), blank=True)

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")

    def __str__(self):
        return str(self.room)


class SlotQuerySet(HeldQuerySet):
    def before_panel_of(self, user):
        """The exposés heard by a panel `user` sits on as an examiner: the panel of the exposé's own room. (The
        `panel_examiner` role reaches a plan through any of its exposés, so it holds on both seminars' slots.)"""
        return self.filter(room__panel__examiners__in=Examiner.objects.held_as("examiner", user))


class Slot(HeldRoles, models.Model):
    """One exposé: a plan presented in a room at a time."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="slots", verbose_name=_("seminar"))
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="slots", verbose_name=_("room"))
    # A plan presents once in each of its cohort's seminars: ActionPlan.slot_in(stage) finds the one of a stage.
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="slots", verbose_name=_("plan"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    # Pinned by staff: a rebuild of the schedule keeps it where it is and places the others around it.
    pinned = models.BooleanField(_("pinned"), default=False)
    # Moved or swapped by hand since the schedule was built: what a rebuild would undo, and says so first.
    placed_by_hand = models.BooleanField(_("placed by hand"), default=False)

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at", "room__order"]
        constraints = [
            models.UniqueConstraint(fields=["room", "starts_at"], name="one_expose_per_room_at_a_time"),
            models.UniqueConstraint(fields=["seminar", "plan"], name="one_expose_per_plan_and_seminar"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.room} {self.starts_at:%d-%m %H:%M}: {self.plan}"


Slot.ROUTE = Route(plan="plan", participant="plan__participant", cohort="seminar__cohort")

DEFAULT_CRITERIA = [
    # (aspect, criterion, weight): substance 70 %, exposé 30 %.
    ("Substansi", "Kebaruan dan kreativitas", 12),
    ("Substansi", "Efektivitas", 12),
    ("Substansi", "Manfaat bagi masyarakat", 12),
    ("Substansi", "Dapat direplikasi", 12),
    ("Substansi", "Keberlanjutan", 11),
    ("Substansi", "Jejaring dan kolaborasi", 11),
    ("Ekspose", "Penyampaian", 15),
    ("Ekspose", "Menjawab pertanyaan", 15),
]
DEFAULT_BANDS = [  # (score above which the band starts, predicate)
    (90, "Sangat Memuaskan"),
    (80, "Memuaskan"),
    (70, "Cukup Memuaskan"),
    (60, "Kurang Memuaskan"),
    (None, "Tidak Memuaskan"),
]


class Rubric(models.Model):
    """How the exposés of a cohort's seminar of one stage are scored: weighted criteria and predicate bands. Kept by
    (cohort, stage), so that staff may write it before the seminar itself is set up."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="rubrics", verbose_name=_("cohort"))
    stage = models.CharField(_("stage"), max_length=10, choices=Seminar.Stage.choices, default=Seminar.Stage.DESIGN)
    # Optimistic lock of the rubric editor, as for the seminar's set-up.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        constraints = [models.UniqueConstraint(fields=["cohort", "stage"], name="one_rubric_per_stage")]

    def __str__(self):
        return f"{self.cohort} ({self.get_stage_display()})"

    def band_for(self, score) -> str:
        for band in self.bands.all():
            if band.above is None or score > band.above:
                return band.label
        return ""


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("rubric"))
    aspect = models.CharField(_("aspect"), max_length=100)
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["rubric", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1, weight__lte=100), name="criterion_weight_1_to_100"),
        ]

    def __str__(self):
        return f"{self.name} ({self.weight} %)"


class PredicateBand(models.Model):
    """A grade band: a final score above `above` earns `label`; the band without a bound catches the rest."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="bands", verbose_name=_("rubric"))
    above = models.DecimalField(_("score above"), max_digits=5, decimal_places=2, null=True, blank=True)
    label = models.CharField(_("predicate"), max_length=100)

    class Meta:
        verbose_name = _("predicate band")
        verbose_name_plural = _("predicate bands")
        # Highest first; the catch-all band (no bound) last.
        ordering = [models.F("above").desc(nulls_last=True)]

    def __str__(self):
        return self.label


class ScoreSheet(HeldRoles, models.Model):
    """One examiner's scores and note for one plan at one seminar."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        REOPENED = "reopened", _("Reopened")

    seminar = models.ForeignKey(
        Seminar, on_delete=models.PROTECT, related_name="score_sheets", verbose_name=_("seminar")
    )
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="score_sheets", verbose_name=_("plan"))
    examiner = models.ForeignKey(
        Examiner, on_delete=models.PROTECT, related_name="score_sheets", verbose_name=_("examiner")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    note = models.TextField(_("note for the participant"), blank=True)
    total = models.DecimalField(_("weighted total"), max_digits=5, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic lock, as on plans: every write raises it; a write from an older copy is refused unless it comes
    # from the tab that made the newer one (its own autosave), which `edit_token` names.
    version = models.PositiveIntegerField(default=1)
    edit_token = models.CharField(max_length=32, blank=True)

    objects = HeldQuerySet.as_manager()

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [
            models.UniqueConstraint(fields=["seminar", "plan", "examiner"], name="one_sheet_per_seminar_plan_examiner"),
            models.CheckConstraint(
                condition=Q(total__gte=0, total__lte=100) | Q(total__isnull=True), name="sheet_total_0_to_100"
            ),
        ]

    def __str__(self):
        return f"{self.examiner} — {self.plan}"

    @property
    def is_submitted(self) -> bool:
        return self.state == self.State.SUBMITTED

    @property
    def is_editable(self) -> bool:
        return self.state in self.State.EDITABLE  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves


# A sheet is its examiner's: the examiner of the `examiner` anchor, not every examiner of the plan's panel.
ScoreSheet.ROUTE = Route(examiner="examiner", plan="plan", participant="plan__participant", cohort="examiner__cohort")
ScoreSheet.State.MOVES = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    (ScoreSheet.State.DRAFT, ScoreSheet.State.SUBMITTED): move("submit", "examiner"),
    (ScoreSheet.State.REOPENED, ScoreSheet.State.SUBMITTED): move("submit", "examiner"),
    (ScoreSheet.State.SUBMITTED, ScoreSheet.State.REOPENED): move("reopen", "staff", note_required=True),
}
# The examiner writes scores while the sheet is a draft or reopened; submitted, it is locked.
ScoreSheet.State.EDITABLE = frozenset({ScoreSheet.State.DRAFT, ScoreSheet.State.REOPENED})  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves


class Score(models.Model):
    """The raw score of one criterion on one sheet; kept as given."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores", verbose_name=_("sheet"))
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=Q(value__gte=0, value__lte=100), name="score_0_to_100"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


def agreement_path(agreement, filename):
    return f"private/agreements/{agreement.plan_id}/{filename}"


class MilestoneRevision(HeldRoles, models.Model):
    """The one revision of a plan's milestones after the seminar, on the examiners' notes; the mentor confirms it,
    or returns it with a note and the participant revises it again."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for the mentor")
        CONFIRMED = "confirmed", _("Confirmed")
        RETURNED = "returned", _("Returned to the participant")

    plan = models.OneToOneField(ActionPlan, on_delete=models.CASCADE, related_name="milestone_revision")
    milestones = models.JSONField(_("milestones"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PROPOSED)
    proposed_at = models.DateTimeField(auto_now_add=True)
    # Why the mentor last returned it; kept after it is sent again, as its audit events keep every return.
    mentor_note = models.TextField(_("mentor's note"), blank=True)

    objects = HeldQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone revision")
        verbose_name_plural = _("milestone revisions")

    def __str__(self):
        return str(self.plan)

    @property
    def is_confirmed(self) -> bool:
        return self.state == self.State.CONFIRMED

    @property
    def is_waiting(self) -> bool:
        """Sent to the mentor, who has yet to confirm or return it."""
        return self.state == self.State.PROPOSED

    @property
    def is_returned(self) -> bool:
        return self.state == self.State.RETURNED


MilestoneRevision.ROUTE = Route(plan="plan", participant="plan__participant", cohort="plan__participant__cohort")
MilestoneRevision.State.MOVES = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    (MilestoneRevision.State.PROPOSED, MilestoneRevision.State.CONFIRMED): move("confirm", "mentor"),
    (MilestoneRevision.State.PROPOSED, MilestoneRevision.State.RETURNED): move("return", "mentor", note_required=True),
    (MilestoneRevision.State.RETURNED, MilestoneRevision.State.PROPOSED): move("propose", "owner"),
}


class Agreement(HeldRoles, models.Model):
    """The sheet that closes the plan's design stage, as its programme's `sign_off` names it: the three-party
    commitment to carry out a plan (kesepakatan) or an approval sheet (lembar persetujuan) signed by the coach,
    mentor, examiner or organiser; sealed by a hash once all its signers have signed."""

    class State(models.TextChoices):
        PREPARED = "prepared", _("Ready to sign")
        SIGNING = "signing", _("Being signed")
        SEALED = "sealed", _("Sealed")

    # One sheet per stage of the plan: the design's (agreement, lembar persetujuan), the report's (lembar pengesahan).
    # Code that means one stage's sheet asks seminars.agreements.sheet_of(plan, stage).
    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="sheets", verbose_name=_("plan"))
    stage = models.CharField(_("stage"), max_length=10, choices=Seminar.Stage.choices, default=Seminar.Stage.DESIGN)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PREPARED)
    examiner = models.ForeignKey(
        Examiner, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("signing examiner")
    )
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    # The organisation's document number, taken at preparation; also in the content, so the hash seals it.
    number = models.CharField(_("number"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sealed_at = models.DateTimeField(_("sealed at"), null=True, blank=True)
    pdf = models.FileField(_("sealed PDF"), upload_to=agreement_path, blank=True)
    pdf_hash = models.CharField(_("PDF hash (SHA-256)"), max_length=64, blank=True)

    objects = HeldQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["plan__participant__roll_number"]
        constraints = [models.UniqueConstraint(fields=["plan", "stage"], name="one_sheet_per_plan_and_stage")]

    def __str__(self):
        return f"{self.code}: {self.plan}"

    @property
    def is_sealed(self) -> bool:
        return self.state == self.State.SEALED


# Its three parties: the participant, their mentor and the examiner it names (not any examiner of the panel).
Agreement.ROUTE = Route(
    plan="plan", participant="plan__participant", examiner="examiner", cohort="plan__participant__cohort"
)
# Each signature is a move: the first starts the signing, the last seals the agreement. Who signs a given sheet is
# its content's `parties`, from the programme's sign_off (seminars.agreements.agreement_content).
SIGNERS = ("owner", "mentor", "examiner", "coach", "staff")
Agreement.State.MOVES = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    (Agreement.State.PREPARED, Agreement.State.SIGNING): move("sign", *SIGNERS),
    (Agreement.State.SIGNING, Agreement.State.SIGNING): move("sign", *SIGNERS),
    (Agreement.State.SIGNING, Agreement.State.SEALED): move("sign", *SIGNERS),
}


class Signature(models.Model):
    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        MENTOR = "mentor", _("Mentor")
        EXAMINER = "examiner", _("Examiner")
        COACH = "coach", _("Coach")
        STAFF = "staff", _("Organiser")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField(_("as"), max_length=12, choices=Role.choices)
    user = models.ForeignKey("participants.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("signer"))
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    content_hash = models.CharField(_("hash of the content signed"), max_length=64)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["agreement", "role"], name="one_signature_per_role")]

    def __str__(self):
        return f"{self.get_role_display()}: {self.user}"
