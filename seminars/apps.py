from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeminarsConfig(AppConfig):
    name = "seminars"
    verbose_name = _("Seminars")

    def ready(self):
        # Registers the seminar documents' background builders (participants.jobs), and what a plan's withdrawal
        # does to the schedule (innovations.workflow), in every process.
        from . import jobs, services  # noqa: F401, PLC0415
