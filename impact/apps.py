from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    """Carrying an innovation forward after its cohort: its record confirmed by the mentor, the KIPP and Indeks
    Inovasi Daerah dossiers, the region's organisation bureau, replications and the one-year follow-up."""

    name = "impact"
    verbose_name = _("Impact")

    def ready(self):
        # Registers the dossiers' background builders (participants.jobs) and the follow-up's housekeeping step
        # (participants.housekeeping), in every process.
        from . import followups, jobs  # noqa: F401, PLC0415
