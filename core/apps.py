from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and that knows nothing of cohorts: lifecycles, documents, downloads, links, tasks."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        # The task API is configured once the settings are read; every task a worker finishes is its heartbeat.
        from django_tasks.signals import task_finished  # noqa: PLC0415

        from .tasks import beat_after_task  # noqa: PLC0415

        task_finished.connect(beat_after_task, dispatch_uid="inovasi-worker-heartbeat")
