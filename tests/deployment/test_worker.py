"""The real worker: `manage.py run_worker` (django-tasks-db's `db_worker`, waiting out database outages) in a process
of its own, on PostgreSQL, runs a job end to end.

A staff member asks for the booklet in a request (which only writes the job and its task); the worker, started as
the systemd unit starts it, renders it, keeps the file and tells the staff member; the file is then downloaded.
"""

import subprocess
import sys
import time

from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from core.tasks import worker_status
from innovations.models import ActionPlan
from participants.models import Job, Notification
from tests.deployment.conftest import ROOT, server_environment, stop
from tests.downloads import pdf_text
from tests.factories import complete_plan


def test_db_worker_runs_a_requested_booklet_end_to_end(postgresql, cohort, staff_user, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    complete_plan(participant__cohort=cohort, state=ActionPlan.State.APPROVED, title="Arsip Digital Kelurahan")
    client = Client()
    client.force_login(staff_user)

    client.post(reverse("innovations:booklet", args=[cohort.slug]))  # committed at once: a transactional test
    job = Job.objects.get()
    before = (job.state, DBTaskResult.objects.get().status)
    environment = server_environment(tmp_path / "media", tmp_path, TASKS_BACKEND="django_tasks_db.DatabaseBackend")
    worker = subprocess.run(
        [sys.executable, "manage.py", "run_worker", "--batch", "--no-reload", "--no-startup-delay", "--queue-name=*"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    job.refresh_from_db()
    assert before == ("queued", "READY")
    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert (job.state, job.progress_done) == ("done", 1)
    # The mail to the staff member was a task too: the worker ran it in the same batch.
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert Notification.objects.get(user=staff_user).mail == "sent"
    download = client.get(reverse("participants:download_file", args=[job.pk]))
    assert "Arsip Digital Kelurahan" in pdf_text(b"".join(download.streaming_content))


def unit_command(unit: str, key: str) -> list[str]:
    """A command line of a shipped unit, with /srv/inovasi read as this checkout and systemd's "-" prefix dropped."""
    text = (ROOT / "deploy" / "systemd" / unit).read_text()
    [line] = [line for line in text.splitlines() if line.startswith(f"{key}=")]
    return line.split("=", 1)[1].lstrip("-").replace("/srv/inovasi", str(ROOT)).split()


def test_a_fresh_worker_started_as_its_unit_starts_it_is_heard_from_within_seconds(postgresql, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    environment = server_environment(tmp_path / "media", tmp_path, TASKS_BACKEND="django_tasks_db.DatabaseBackend")
    assert worker_status()["late"] is True  # a fresh install: no heartbeat yet
    worker = subprocess.Popen(
        unit_command("inovasi-worker.service", "ExecStart"),
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        started = subprocess.run(
            unit_command("inovasi-worker.service", "ExecStartPost"),
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        deadline = time.monotonic() + 60
        while worker_status()["late"] and time.monotonic() < deadline:
            time.sleep(0.5)
        status = worker_status()
    finally:
        stop(worker)

    assert started.returncode == 0, started.stdout + started.stderr
    assert (status["late"], status["waiting"]) == (False, 0)
