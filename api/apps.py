from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Read API")

    def ready(self):
        # Registers the token's role on the registry (api.rules), its part of the demo and its place in the schema,
        # in every process.
        from . import demo, rules, schema  # noqa: F401, PLC0415
