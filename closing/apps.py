from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClosingConfig(AppConfig):
    name = "closing"
    verbose_name = _("Closing a training")

    def ready(self):
        # Registers this app's background builders (participants.jobs) and the certificates' page on the public
        # verification (seminars.verification), in every process.
        from . import jobs, verification  # noqa: F401, PLC0415
