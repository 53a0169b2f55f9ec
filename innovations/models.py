from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participants.models import Cohort, Participant

DEFAULT_CLUSTERS = [
    "Kearsipan",
    "Layanan Langsung",
    "Sarana Prasarana",
    "Sistem Informasi",
    "Pemberdayaan Masyarakat",
    "Pelayanan Kepegawaian",
    "Tata Kelola Pemerintahan",
]


class Cluster(models.Model):
    """A theme that groups a cohort's innovations (klaster), e.g. Sistem Informasi."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="clusters", verbose_name=_("cohort"))
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["cohort", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["cohort", "name"], name="unique_cluster_name_per_cohort")]

    def __str__(self):
        return self.name


class ActionPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see their cohorts' plans, a participant their own, a mentor their mentees'."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(participant__cohort__staff_members=user) | Q(participant__user=user) | Q(participant__mentor__user=user)
        ).distinct()


class ActionPlan(models.Model):
    """A participant's innovation action plan (rencana aksi)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        REVISION = "revision", _("Revision")
        APPROVED = "approved", _("Approved")
        EXAMINED = "examined", _("Examined")
        AGREED = "agreed", _("Agreed")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="plans", verbose_name=_("participant")
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, null=True, blank=True, related_name="plans", verbose_name=_("cluster")
    )
    title = models.CharField(_("title"), max_length=250)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["participant__cohort", "participant__roll_number"]
        indexes = [models.Index(fields=["state"], name="plan_state_idx")]

    def __str__(self):
        return self.title
