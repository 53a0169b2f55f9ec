from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self):
        # Registers the project's roles (participants.rules) and the invitations' background builder
        # (participants.jobs), in the web processes and the worker.
        from . import rules, services  # noqa: F401, PLC0415
