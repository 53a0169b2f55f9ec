from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self):
        # Registers the project's roles (participants.rules) and the invitations' background builder
        # (participants.jobs), in the web processes and the worker.
        from core.tasks import report_stuck  # noqa: PLC0415

        from . import rules, services  # noqa: F401, PLC0415
        from .jobs import stuck_jobs  # noqa: PLC0415

        # The health endpoint reports the jobs whose worker stopped.
        report_stuck(stuck_jobs)
