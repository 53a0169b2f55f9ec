"""What every background task shares: trying again later, since Django's task API has no retries of its own."""

import datetime

from django.core.cache import cache
from django.db.models import Count, Min
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, default_task_backend, task, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def retry_delay(attempt: int) -> datetime.timedelta:
    """30 s, then 2 min, then 8 min, then 32 min: a mail server or a disk that hiccups gets time to come back."""
    return datetime.timedelta(seconds=30 * 4 ** (attempt - 1))


def enqueue_later(task, when: datetime.datetime, *args) -> bool:
    """Enqueue `task` to run at `when` where the backend can wait (the database worker, a queue); returns whether
    it did. A backend that runs tasks at once (tests, `make run`) leaves the retry to `manage.py run_housekeeping`
    rather than trying again in the same breath."""
    if not default_task_backend.supports_defer:
        return False
    task.using(run_after=when).enqueue(*args)
    return True


# The worker's heartbeat, in the cache every web process shares: each task a worker finishes beats, and
# `manage.py run_housekeeping` enqueues a `heartbeat` task every few minutes so that an idle worker beats too.
HEARTBEAT_KEY = "inovasi:worker-heartbeat"
LATE_AFTER = datetime.timedelta(minutes=15)
WAITING_TOO_LONG = datetime.timedelta(minutes=5)


def beat() -> None:
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=None)


@task()
def heartbeat() -> str:
    beat()
    return "beat"


def beat_after_task(sender, **kwargs) -> None:
    """Connected to `task_finished` (core.apps): a task run by a worker, not inside a web process, proves it lives."""
    if getattr(sender, "supports_defer", False):
        beat()


# What counts work that is stuck (a job whose worker stopped): registered by the apps that own such work, so that
# this module, and the health endpoint, need know nothing of them.
STUCK_WORK: list = []


def report_stuck(count) -> None:
    """Register a function of no argument that returns how many pieces of work are stuck."""
    if count not in STUCK_WORK:
        STUCK_WORK.append(count)


def uses_database_worker() -> bool:
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def worker_status() -> dict:
    """Whether background work gets done: where tasks run, the worker's last heartbeat, the queue's age, and how
    many jobs are stuck (their worker stopped); any of them late or stuck makes it `late`.

    Plain facts, no names of hosts or settings: the health endpoint shows it to anyone.
    """
    stuck = sum(count() for count in STUCK_WORK)
    if not default_task_backend.supports_defer:
        return {"mode": "immediate", "stuck_jobs": stuck, "late": stuck > 0}
    last = cache.get(HEARTBEAT_KEY)
    last = datetime.datetime.fromisoformat(last) if last else None
    now = timezone.now()
    status = {
        "mode": "worker",
        "last_heartbeat": last,
        "waiting": None,
        "oldest_waiting_seconds": None,
        "stuck_jobs": stuck,
    }
    if uses_database_worker():
        waiting = DBTaskResult.objects.ready().aggregate(count=Count("pk"), oldest=Min("enqueued_at"))
        status["waiting"] = waiting["count"]
        if waiting["oldest"]:
            status["oldest_waiting_seconds"] = int((now - waiting["oldest"]).total_seconds())
    status["late"] = (
        last is None
        or stuck > 0
        or now - last > LATE_AFTER
        or ((status["oldest_waiting_seconds"] or 0) > WAITING_TOO_LONG.total_seconds())
    )
    return status
