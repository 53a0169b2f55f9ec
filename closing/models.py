"""What closes a training: the grade components staff enter or import, the certificates (STTPP) and their one
lifecycle, and the cohort's grade book (its version, its recap's number)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.lifecycle import move
from core.roles import HeldQuerySet, HeldRoles, Route
from participants.models import Cohort, Participant

SCORE_RANGE = Q(value__gte=0, value__lte=100)


class GradeBook(models.Model):
    """A cohort's final grades as staff keep them: the version every save of the grid or an import raises (an older
    page is refused, core.editing), the type of training SIASN records, and the number of the recap as last
    rendered, kept while the grades it shows do not change (a numbered document never changes under its number)."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="grade_book")
    version = models.PositiveIntegerField(default=1)
    training_type = models.CharField(
        _("type of training (SIASN)"),
        max_length=100,
        blank=True,
        help_text=_("As SIASN names it in the training history, e.g. Diklat Teknis or Pelatihan Dasar CPNS."),
    )
    recap_number = models.CharField(_("recap number"), max_length=100, blank=True)
    recap_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("grade book")
        verbose_name_plural = _("grade books")

    def __str__(self):
        return str(self.cohort)


class ComponentScore(HeldRoles, models.Model):
    """One participant's score in one component of the final grade that staff enter or import (the academic
    evaluation, attitude and behaviour): `key` is the component's in the cohort's programme. Seminar components are
    never stored here: they are read from the seminars' results."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="component_scores", verbose_name=_("participant")
    )
    key = models.CharField(_("component"), max_length=40)
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = HeldQuerySet.as_manager()

    class Meta:
        verbose_name = _("component score")
        verbose_name_plural = _("component scores")
        constraints = [
            models.UniqueConstraint(fields=["participant", "key"], name="one_score_per_component"),
            models.CheckConstraint(condition=SCORE_RANGE, name="component_score_0_to_100"),
        ]

    def __str__(self):
        return f"{self.participant} {self.key}: {self.value}"


ComponentScore.ROUTE = Route(participant="participant", cohort="participant__cohort")


def certificate_path(certificate, filename):
    return f"private/certificates/{certificate.participant_id}/{filename}"


class Certificate(HeldRoles, models.Model):
    """A participant's certificate (STTPP): numbered from the organisation's pattern, its content frozen and hashed
    when it is issued, its PDF rendered once by the worker. It is never changed: a correction is a new certificate
    with a new number (the old one is then `replaced`), and a certificate withdrawn is `revoked` with a reason;
    the public verification says which."""

    class State(models.TextChoices):
        ISSUED = "issued", _("Valid")
        REPLACED = "replaced", _("Replaced")
        REVOKED = "revoked", _("Revoked")

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("participant")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ISSUED)
    number = models.CharField(_("number"), max_length=100)
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(_("PDF"), upload_to=certificate_path, blank=True)
    pdf_hash = models.CharField(_("PDF hash (SHA-256)"), max_length=64, blank=True)
    # Why it stopped being valid: the reason of a revocation or of a re-issue; and the one that replaced it.
    reason = models.TextField(_("reason"), blank=True)
    ended_at = models.DateTimeField(_("no longer valid since"), null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces", verbose_name=_("replaced by")
    )

    objects = HeldQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["participant__roll_number", "issued_at", "pk"]
        constraints = [
            # Two staff issuing at once never give one participant two valid certificates.
            models.UniqueConstraint(
                fields=["participant"], condition=Q(state="issued"), name="one_valid_certificate_per_participant"
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.state == self.State.ISSUED


Certificate.ROUTE = Route(participant="participant", cohort="participant__cohort")
Certificate.State.MOVES = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    (Certificate.State.ISSUED, Certificate.State.REPLACED): move("reissue", "staff", note_required=True),
    (Certificate.State.ISSUED, Certificate.State.REVOKED): move("revoke", "staff", note_required=True),
}
