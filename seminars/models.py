import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovations.models import ActionPlan
from participants.models import Cohort, Examiner


class Seminar(models.Model):
    """The closing seminar where participants present their plans (exposé) to the examiners."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="seminars", verbose_name=_("cohort"))
    title = models.CharField(_("title"), max_length=250)
    date = models.DateField(_("date"))
    end_date = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Only for a seminar of several days.")
    )
    venue = models.CharField(_("venue"), max_length=250)
    day_start = models.TimeField(_("first exposé at"), default=datetime.time(8, 30))
    day_end = models.TimeField(_("last exposé ends by"), default=datetime.time(16, 30))
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per exposé"), default=20)

    class Meta:
        verbose_name = _("seminar")
        verbose_name_plural = _("seminars")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="slot_at_least_5_minutes"),
            models.CheckConstraint(condition=Q(day_end__gt=models.F("day_start")), name="seminar_day_ends_after_start"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")), name="seminar_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d-%m-%Y})"

    @property
    def days(self) -> list[datetime.date]:
        last = self.end_date or self.date
        return [self.date + datetime.timedelta(days=n) for n in range((last - self.date).days + 1)]


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


class Slot(models.Model):
    """One exposé: a plan presented in a room at a time."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="slots", verbose_name=_("seminar"))
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="slots", verbose_name=_("room"))
    plan = models.OneToOneField(ActionPlan, on_delete=models.CASCADE, related_name="slot", verbose_name=_("plan"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at", "room__order"]
        constraints = [
            models.UniqueConstraint(fields=["room", "starts_at"], name="one_expose_per_room_at_a_time"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.room} {self.starts_at:%d-%m %H:%M}: {self.plan}"
