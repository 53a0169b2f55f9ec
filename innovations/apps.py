from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    name = "innovations"
    verbose_name = _("Innovations")

    def ready(self):
        # Registers the booklet's background builder (participants.jobs), in every process.
        from . import jobs  # noqa: F401, PLC0415
