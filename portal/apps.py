from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top layer: each person's home page and the staff's pages that bring a cohort's parts together."""

    name = "portal"
    verbose_name = _("Portal")
