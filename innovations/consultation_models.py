"""A participant's consultations with their coach or mentor (bimbingan, the "form pengendalian"): a model of the
innovations app kept in its own module; `innovations.models` imports it, so `from innovations.models import
Consultation` reads as it always did."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.lifecycle import move
from core.responses import Previewable
from core.roles import HeldQuerySet, HeldRoles, Route


def consultation_path(consultation, filename):
    return f"private/consultations/{consultation.plan_id}/{filename}"


class Consultation(Previewable, HeldRoles, models.Model):
    """A meeting of the participant with their coach or their mentor about their work (bimbingan, the "form
    pengendalian"): recorded by the participant, confirmed by the one they met, or returned with a note, corrected
    and sent again."""

    class With(models.TextChoices):
        COACH = "coach", _("Coach")
        MENTOR = "mentor", _("Mentor")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    class State(models.TextChoices):
        RECORDED = "recorded", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        RETURNED = "returned", _("Returned to the participant")

    plan = models.ForeignKey(
        "innovations.ActionPlan", on_delete=models.CASCADE, related_name="consultations", verbose_name=_("plan")
    )
    # The stage of the programme the work was in when the meeting was recorded: it counts toward that stage's seminar.
    stage = models.CharField(_("stage"), max_length=20, default="design")
    consultant = models.CharField(_("with"), max_length=10, choices=With.choices)
    held_on = models.DateField(_("date"))
    mode = models.CharField(_("held"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    topic = models.CharField(_("topic"), max_length=200)
    advice = models.TextField(_("advice given"))
    follow_up = models.TextField(_("follow-up agreed"), blank=True)
    file = models.FileField(_("attachment"), upload_to=consultation_path, max_length=300, blank=True)
    thumbnail = models.FileField(upload_to=consultation_path, max_length=300, blank=True)
    name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.RECORDED)
    # Why it was last returned; kept after it is sent again, as its audit events keep every return.
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = HeldQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["held_on", "pk"]
        constraints = [
            # A double click records one meeting, not two.
            models.UniqueConstraint(fields=["plan", "consultant", "held_on", "topic"], name="one_consultation_a_topic")
        ]

    def __str__(self):
        return f"{self.plan}: {self.topic} ({self.held_on})"

    @property
    def tone(self) -> str:
        return self.State.TONES[self.state]  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves


# How a consultation reaches what roles are held towards: the one it was held with (`consulted`) confirms it.
Consultation.ROUTE = Route(
    consultation="", plan="plan", participant="plan__participant", cohort="plan__participant__cohort"
)
Consultation.State.MOVES = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    (Consultation.State.RECORDED, Consultation.State.CONFIRMED): move("confirm", "consulted"),
    (Consultation.State.RECORDED, Consultation.State.RETURNED): move("return", "consulted", note_required=True),
    (Consultation.State.RETURNED, Consultation.State.RECORDED): move("record", "owner"),
}
# Each state's badge (a `.tone-*` class of static/css/inovasi.css).
Consultation.State.TONES = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    Consultation.State.RECORDED: "info",
    Consultation.State.CONFIRMED: "success",
    Consultation.State.RETURNED: "warning",
}
