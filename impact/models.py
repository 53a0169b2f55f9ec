"""What the impact app keeps of its own: the dossiers an innovation goes forward with, and the one-year follow-up
(its questionnaire, the people asked, their answers). The innovation's record itself is `innovations.records`,
where the public catalogue reads it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import roles
from core.lifecycle import move
from core.roles import HeldQuerySet, HeldRoles, Route
from innovations.models import ActionPlan
from participants.models import Cohort, Organisation


class Dossier(HeldRoles, models.Model):
    """An innovation chosen to go forward to KIPP (KemenPANRB, through SINOVIK) or to the regional innovation index
    (Kemendagri), assembled from its record (impact.dossiers) and followed by the staff who chose it."""

    class Form(models.TextChoices):
        KIPP = "kipp", _("KIPP proposal (SINOVIK)")
        IID = "iid", _("Regional innovation index profile")

    class State(models.TextChoices):
        CHOSEN = "chosen", _("Chosen to go forward")
        SUBMITTED = "submitted", _("Submitted")
        DROPPED = "dropped", _("Not going forward")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="dossiers", verbose_name=_("plan"))
    form = models.CharField(_("form"), max_length=10, choices=Form.choices)
    # The guideline the dossier follows (impact.dossiers.FORMS): its aspects, weights and rules.
    guideline = models.CharField(_("guideline"), max_length=20)
    # Whose letterhead its PDF is printed on: the organisation of whoever chose it (a bureau or the organiser).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("prepared by")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.CHOSEN)
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HeldQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["plan", "form"]
        constraints = [models.UniqueConstraint(fields=["plan", "form"], name="one_dossier_per_plan_and_form")]

    def __str__(self):
        return f"{self.get_form_display()}: {self.plan}"

    @property
    def tone(self) -> str:
        return self.State.TONES[self.state]  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves


Dossier.ROUTE = Route(plan="plan", participant="plan__participant", cohort="plan__participant__cohort")
DossierState = Dossier.State
# Staff of the cohort's organiser and the region's organisation bureau choose an innovation to go forward, submit
# its dossier once its checks pass (impact.dossiers), or stop it with a reason; a stopped one may be chosen again.
DossierState.MOVES = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    (DossierState.CHOSEN, DossierState.SUBMITTED): move("submit", "staff", "bureau", label=_("Mark as submitted")),
    (DossierState.CHOSEN, DossierState.DROPPED): move(
        "drop", "staff", "bureau", note_required=True, label=_("Stop: not going forward")
    ),
    (DossierState.SUBMITTED, DossierState.DROPPED): move(
        "drop", "staff", "bureau", note_required=True, label=_("Stop: not going forward")
    ),
    (DossierState.DROPPED, DossierState.CHOSEN): move("choose", "staff", "bureau", label=_("Choose it again")),
}
DossierState.TONES = {DossierState.CHOSEN: "info", DossierState.SUBMITTED: "success", DossierState.DROPPED: "danger"}  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves


class Questionnaire(models.Model):
    """The short questionnaire a cohort's organiser sets for its one-year follow-up (scales and text)."""

    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, related_name="follow_up_questionnaire", verbose_name=_("cohort")
    )
    introduction = models.TextField(_("introduction"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("follow-up questionnaire")
        verbose_name_plural = _("follow-up questionnaires")

    def __str__(self):
        return str(self.cohort)


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("A scale from 1 to 5")
        TEXT = "text", _("Text")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("answered as"), max_length=10, choices=Kind.choices, default=Kind.SCALE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class FollowUpQuerySet(HeldQuerySet):
    def answerable_by(self, user):
        """The follow-ups a person answers: an alumnus their own plan's, a mentor their mentee's."""
        alumni = Q(respondent=FollowUp.Respondent.ALUMNUS) & roles.rows("owner", user, FollowUp.ROUTE)
        mentors = Q(respondent=FollowUp.Respondent.MENTOR) & roles.rows("mentor", user, FollowUp.ROUTE)
        return self.filter(alumni | mentors)


class FollowUp(HeldRoles, models.Model):
    """One person asked, a year after their cohort ended, how far one innovation's change has gone: the alumnus who
    carries it, or their mentor. Sent once (impact.followups.send_follow_ups)."""

    class Respondent(models.TextChoices):
        ALUMNUS = "alumnus", _("Alumnus")
        MENTOR = "mentor", _("Mentor")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("cohort"))
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("plan"))
    respondent = models.CharField(_("asked as"), max_length=10, choices=Respondent.choices)
    # Whom it was sent to; the plan's participant or mentor of the day answers it (FollowUpQuerySet.answerable_by).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("one-year follow-up")
        verbose_name_plural = _("one-year follow-ups")
        ordering = ["cohort", "plan", "respondent"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "respondent"], name="one_follow_up_per_plan_and_respondent")
        ]
        indexes = [models.Index(fields=["user", "answered_at"], name="follow_up_waiting_idx")]

    def __str__(self):
        return f"{self.plan} ({self.get_respondent_display()})"


FollowUp.ROUTE = Route(plan="plan", participant="plan__participant", cohort="cohort")


class Answer(models.Model):
    """One answer, with its question as it was asked: the organiser may set another questionnaire for the next
    cohort, never rewrite what was asked."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.SET_NULL, null=True, related_name="answers")
    question_text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(max_length=10, choices=Question.Kind.choices)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    text = models.TextField(_("answer"), max_length=3000, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["follow_up", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__range=(1, 5)), name="answer_score_1_to_5")
        ]

    def __str__(self):
        return self.question_text
