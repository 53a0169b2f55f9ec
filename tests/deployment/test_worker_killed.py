"""The real worker killed (SIGKILL: an out-of-memory kill, a host lost) in the middle of every kind of job, while it
builds and while it writes the file (issue 28, item 1): the job is noticed once its lease runs out, goes back to the
queue, and the next worker makes it whole; nothing half-made is ever served, and the half-written file is swept.

The worker runs in a process of its own, as systemd starts it, with one change made by `SLOWED`: the job's builder
(or its file's write, halfway through) signals that it has started and then waits, for the test to kill it there.
"""

import datetime
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import IO, cast

import pytest
from django.http import FileResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from closing import certificates, grades
from closing.models import Certificate
from core.storage import remove_orphans
from impact import dossiers
from participants import jobs, services
from participants.models import Job
from programmes.spec import parse
from seminars import agreements, results
from seminars.models import Agreement
from tests.closing.conftest import RULES, scored
from tests.deployment.conftest import ROOT, server_environment
from tests.downloads import pdf_text
from tests.factories import PASSWORD, UserFactory, complete_plan, examined_plan
from tests.impact.conftest import fill_record
from tests.seminars.test_documents import scored_seminar

SLOWED = """
import os, sys, time
import django
django.setup()
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from participants import jobs

signal_path, kind, stage = sys.argv[1:4]

def started():
    with open(signal_path, "w") as marker:
        marker.write("started")
    time.sleep(600)

if stage == "build":
    jobs.BUILDERS[kind] = lambda job: started()
else:
    def half(self, name, content):
        data = b"".join(content.chunks())
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as written:
            written.write(data[: len(data) // 2])
        started()
    FileSystemStorage._save = half

call_command("run_worker", queue_name="*", interval=0.1, reload=False, startup_delay=False, verbosity=0)
"""


def certify(cohort, staff) -> None:
    """The cohort graded and one participant certified: issuing asks the worker for the certificate's PDF."""
    cohort.spec = parse({**cohort.spec, **RULES}).to_json()
    cohort.save(update_fields=["spec"])
    (participant,) = scored(cohort, [90])
    book = grades.grade_book(cohort)
    values: dict[int, dict[str, Decimal | None]] = {participant.pk: {"academic": Decimal(88), "attitude": Decimal(90)}}
    grades.save_scores(cohort, version=book.version, values=values, by=staff)
    certificates.issue_certificates(cohort, by=staff)


def ask_for(kind: str, cohort, staff) -> Job:
    """Each kind of job, asked for as the pages (or the last signature, or the certificates' issue) ask for it."""
    if kind == Job.Kind.CERTIFICATES:
        certify(cohort, staff)
        return Job.objects.get(kind=kind)
    if kind == Job.Kind.SEALED_PDF:
        plan, examiner = examined_plan(cohort)
        agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
        for person in (plan.participant.user, plan.participant.mentor.user, examiner.user):
            agreements.sign(agreement, by=person, password=PASSWORD, ip_address=None, user_agent="test")
        return Job.objects.get(kind=kind)
    if kind == Job.Kind.INVITATIONS:
        services.invite_people(cohort, UserFactory.create_batch(2), by=staff)
        return Job.objects.get(kind=kind)
    if kind == Job.Kind.BOOKLET:
        complete_plan(participant__cohort=cohort, state="approved", title="Arsip Digital Kelurahan")
    params = {}
    if kind == Job.Kind.CERTIFICATE_ARCHIVE:
        certify(cohort, staff)  # its certificates' own job waits too, and either worker may render them
    if kind in (Job.Kind.DOSSIER_PDF, Job.Kind.DOSSIER_ZIP):
        plan = complete_plan(participant__cohort=cohort, state="agreed", title="Layanan KTP Sehari Jadi")
        fill_record(plan)
        dossier, _created = dossiers.choose(plan, "iid", by=staff, organisation=cohort.organisation)
        params = {"dossier": dossier.pk}
    if kind in (Job.Kind.MINUTES, Job.Kind.AGENDA):
        seminar = scored_seminar(cohort)
        params = {"seminar": seminar.pk}
        if kind == Job.Kind.MINUTES:
            results.publish_results(seminar, by=staff)
    job, _created = jobs.request_job(kind, cohort=cohort, by=staff, params=params)
    return job


def start_slowed_worker(environment, marker: Path, kind: str, stage: str) -> subprocess.Popen:
    worker = subprocess.Popen(
        [sys.executable, "-c", SLOWED, str(marker), kind, stage],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            stderr = cast(IO[bytes], worker.stderr)  # stderr=subprocess.PIPE above
            raise AssertionError("the worker never reached the job:\n" + stderr.read().decode())
        time.sleep(0.1)
    return worker


def run_worker_batch(environment) -> None:
    finished = subprocess.run(
        [sys.executable, "manage.py", "run_worker", "--batch", "--no-reload", "--no-startup-delay", "--queue-name=*"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr


def made_whole(kind: str, job: Job, client: Client) -> None:
    """What the second worker made is whole, and served."""
    if kind == Job.Kind.INVITATIONS:
        assert job.progress_done == 2
        return
    if kind == Job.Kind.SEALED_PDF:
        agreement = Agreement.objects.get()
        with agreement.pdf.open("rb") as pdf:
            assert agreements.pdf_matches(agreement, pdf.read())
        return
    if kind == Job.Kind.CERTIFICATES:
        certificate = Certificate.objects.get()
        with certificate.pdf.open("rb") as pdf:
            assert pdf_text(pdf.read()).strip()
        return
    response = client.get(reverse("participants:download_file", args=[job.pk]))
    data = cast(FileResponse, response).getvalue()  # a file download streams: its content joined
    if kind in (Job.Kind.SEALED_ARCHIVE, Job.Kind.CERTIFICATE_ARCHIVE, Job.Kind.DOSSIER_ZIP):
        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    else:
        assert pdf_text(data).strip()


KINDS = [kind for kind, _label in Job.Kind.choices]
# Each way a file is written: a job's file from memory, one from a temporary file, the sealed agreement's own PDF.
STORED = [Job.Kind.BOOKLET, Job.Kind.SEALED_ARCHIVE, Job.Kind.SEALED_PDF]


@pytest.mark.parametrize(("kind", "stage"), [(kind, "build") for kind in KINDS] + [(kind, "store") for kind in STORED])
def test_a_worker_killed_mid_job_loses_no_document_and_serves_nothing_broken(
    postgresql,
    cohort,
    staff_user,
    settings,
    tmp_path,
    kind,
    stage,
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    environment = server_environment(tmp_path / "media", tmp_path, TASKS_BACKEND="django_tasks_db.DatabaseBackend")
    job = ask_for(kind, cohort, staff_user)
    client = Client()
    client.force_login(staff_user)

    worker = start_slowed_worker(environment, tmp_path / "started", kind, stage)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    worker.stderr.close()

    job.refresh_from_db()
    killed = (job.state, job.attempts, client.get(reverse("participants:download_file", args=[job.pk])).status_code)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - jobs.LEASE - datetime.timedelta(seconds=1))
    stuck = jobs.stuck_jobs()
    recovered = jobs.retry_stale_jobs()
    run_worker_batch(environment)
    swept = remove_orphans(older_than=datetime.timedelta(0))

    job.refresh_from_db()
    assert killed == ("running", 1, 404)
    assert (stuck, recovered) == (1, 1)
    assert (job.state, job.attempts, job.error) == ("done", 2, "")
    made_whole(kind, job, client)
    assert swept == (1 if stage == "store" else 0)  # the half-written file of the killed worker
