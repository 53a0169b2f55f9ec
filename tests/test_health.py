"""The health endpoint: what a load balancer and monitoring read, with no secrets in it."""

import datetime
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.signals import task_finished
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from core.tasks import HEARTBEAT_KEY, beat
from participants.notifications import send_notification_mail


def test_health_answers_ok_when_database_and_cache_answer(client, db):
    response = client.get(reverse("core:health"))

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "worker": {"mode": "immediate", "stuck_jobs": 0, "late": False},
    }


def test_health_reports_the_workers_heartbeat_and_the_queue(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with freeze_time("2017-08-21 08:00:00+07:00"):
        beat()
    with freeze_time("2017-08-21 08:05:00+07:00"):
        fresh = client.get(reverse("core:health")).json()["worker"]
    with freeze_time("2017-08-21 08:30:00+07:00"):
        late = client.get(reverse("core:health"))

    assert fresh == {
        "mode": "worker",
        "last_heartbeat": "2017-08-21T01:00:00+00:00",
        "waiting": 0,
        "oldest_waiting_seconds": None,
        "stuck_jobs": 0,
        "late": False,
    }
    assert (late.status_code, late.json()["worker"]["late"]) == (200, True)  # a late worker delays mail, not pages


def test_health_says_failing_when_the_database_is_unreachable(client, db):
    with mock.patch.object(connection, "cursor", side_effect=OSError("connection refused")):
        response = client.get(reverse("core:health"))

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert response.json()["status"] == "failing"


def test_health_shows_no_setting_host_or_version(client, db, settings):
    body = client.get(reverse("core:health")).content.decode()

    for secret in [settings.SECRET_KEY, "postgres", "sqlite", "5432", "Django", "5.2"]:
        assert secret not in body


def test_health_answers_a_load_balancer_that_asks_by_address_over_plain_http(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    asked_by_address = client.get(reverse("core:health"), HTTP_HOST="10.1.2.3:8001")

    assert (asked_by_address.status_code, asked_by_address.json()["status"]) == (200, "ok")
    assert "Set-Cookie" not in asked_by_address
    assert client.get(reverse("innovations:catalogue")).status_code == 301
    assert client.get(reverse("innovations:catalogue"), HTTP_HOST="10.1.2.3:8001").status_code == 400


class database_worker:  # noqa: N801 - reads as the worker it starts: database_worker().run()
    """django-tasks-db's own worker loop, in this process, until the queue is empty. Between tasks the loop closes
    stale connections, as a long-lived process must; inside a test's transaction that would end the test's data,
    so only that is left out."""

    def run(self):
        worker = Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test",
            excluded_queue_names=[],
        )
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            worker.run()


def test_every_task_the_database_worker_runs_is_a_heartbeat(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    before = timezone.now() - datetime.timedelta(seconds=1)
    send_notification_mail.enqueue(999_999)  # any task will do: this one finds nothing to send

    database_worker().run()

    assert datetime.datetime.fromisoformat(cache.get(HEARTBEAT_KEY)) > before
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_task_run_inside_a_web_process_is_no_heartbeat(db):
    task_finished.send(sender=ImmediateBackend, task_result=mock.Mock())

    assert cache.get(HEARTBEAT_KEY) is None
