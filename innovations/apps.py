from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    name = "innovations"
    verbose_name = _("Innovations")

    def ready(self):
        # Registers the booklet's background builder (participants.jobs), in every process.
        from . import jobs  # noqa: F401, PLC0415
        from .catalogue import connect_signals  # noqa: PLC0415

        # The catalogue's cached pages are kept under a generation that these changes renew.
        connect_signals()
