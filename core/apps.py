from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and that knows nothing of cohorts: lifecycles, documents, downloads, links."""

    name = "core"
    verbose_name = "Core"
