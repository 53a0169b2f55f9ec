from django.db import models
from django.utils.translation import gettext_lazy as _

from participants.models import Cohort


class Seminar(models.Model):
    """The closing seminar where participants present their plans (exposé) to the examiners."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="seminars", verbose_name=_("cohort"))
    title = models.CharField(_("title"), max_length=250)
    date = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=250)

    class Meta:
        verbose_name = _("seminar")
        verbose_name_plural = _("seminars")
        ordering = ["date"]

    def __str__(self):
        return f"{self.title} ({self.date:%d-%m-%Y})"
