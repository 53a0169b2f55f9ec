"""A few seconds without the database (a restart, a failover): pages answer "try again in a moment" rather than
the error page, and the task worker waits for the database instead of exiting (issue 28)."""

import html
from unittest import mock

from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from core.management.commands.run_worker import Worker
from participants.notifications import send_notification_mail

AGAIN = "The database does not answer just now. Nothing is lost: try again in a moment."


def unreachable(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def test_a_page_during_a_database_outage_answers_try_again_in_a_moment(db, staff_user):
    client = Client(raise_request_exception=False)
    client.force_login(staff_user)

    with mock.patch.object(connection, "cursor", side_effect=unreachable):
        response = client.get(reverse("portal:home"))

    assert (response.status_code, response["Retry-After"]) == (503, "10")
    assert AGAIN in html.unescape(response.content.decode())
    assert response["Cache-Control"] == "no-store"


def test_any_other_failure_still_gets_the_error_page(db, staff_user, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(staff_user)
    monkeypatch.setattr("portal.views.home.render", mock.Mock(side_effect=RuntimeError("a bug")))

    response = client.get(reverse("portal:home"))

    assert response.status_code == 500
    assert "The error has been logged." in response.content.decode()


def test_the_worker_waits_out_a_database_outage_and_goes_on_working(db, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_notification_mail.enqueue(999_999)  # any task will do: this one finds nothing to send
    outage = iter([True, True, False])
    pauses = []

    def check_connections():
        if next(outage, False):
            unreachable()

    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", check_connections)
    monkeypatch.setattr("core.management.commands.run_worker.close_all", lambda: None)  # the test's transaction
    monkeypatch.setattr("core.management.commands.run_worker.time.sleep", pauses.append)
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

    worker.run()

    assert pauses == [1, 2]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
