"""Background jobs: slow work asked for in a request and done by the task worker (docs/architecture.md).

A view calls `request_job()`, which writes the `Job` row (the outbox) and enqueues `run_job` after commit; the
request answers at once. The worker runs the job's builder, keeps its file in private storage and tells the person
who asked. A failed attempt is tried again later, with a growing pause, up to MAX_ATTEMPTS; after that the job is
`failed`, the requester is told, and it waits on the cohort's background-work page for someone to try it again.
A refusal (a ValidationError: a document the head signs while the organisation names no head) is not tried again:
the job fails at once with the refusal's words, for staff to put right before they try again.

A running job is leased: its worker renews `heartbeat_at` every BEAT_EVERY seconds from a thread of its own while
the builder works. A job whose lease ran out (JOB_LEASE: the worker was killed, its host restarted) is put back in
the queue by housekeeping, by the next request for the same document or by its requester's "try again"; a worker
that outlived its lease keeps nothing of its late result. The file is stored before the job is marked done, so a
job killed at any moment has either no file or a whole one, and a partial write is an orphan housekeeping removes.

Each app registers the builders of its own kinds with `@builder(Job.Kind.…)` (the booklet in `innovations`, the
seminar's documents in `seminars`), so this module needs no import from the layers above it.
"""

import datetime
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from core.editing import Gone
from core.storage import StorageFailed, store_field
from core.tasks import enqueue_later, retry_delay

from .audit import Verb, record
from .lifecycle import Lifecycle
from .models import JOB_LEASE, Cohort, Job, User
from .notifications import notify

logger = logging.getLogger(__name__)
State = Job.State
MAX_ATTEMPTS = 3
LEASE = JOB_LEASE
BEAT_EVERY = 20  # seconds between two renewals of a running job's lease: several within one LEASE


@dataclass
class Output:
    """What a builder made: a file to keep (or None), its download name, and how many things it holds."""

    file: File | None = None
    filename: str = ""
    count: int = 0


BUILDERS: dict[str, Callable[[Job], Output]] = {}


def builder(kind: str):
    """Register the function that does one kind of job: it takes the running Job and returns an Output."""

    def register(function):
        BUILDERS[kind] = function
        return function

    return register


LIFECYCLE = Lifecycle(
    Job.State,
    model=Job,
    kind="job",
    route=Job.ROUTE,
    noun=gettext_lazy("background job"),
    related=["cohort", "requested_by"],
)


@transaction.atomic
def transition(job: Job, *, to: str, by: User | None, asked_by: User | None = None, **changes) -> Job:
    """The job's one lifecycle. `by` is None for the worker's own moves (`asked_by` the person whose request made
    one); a person's retry is audited and enqueued after commit. `changes` are the other fields the move sets
    (attempts, times, the error)."""
    with LIFECYCLE.moving(job, to=to, by=by, asked_by=asked_by) as change:
        change.set(**changes)
    if by is not None:
        transaction.on_commit(lambda: run_job.enqueue(change.obj.pk))
    return change.obj


def retry_job(job: Job, *, by: User) -> Job:
    """Try a failed job again, from the first attempt: the requester or the cohort's staff. A job whose worker
    stopped (its lease ran out) goes back in the queue at once; audited as their retry."""
    if job.state == State.RUNNING and recover_stale_job(job, asked_by=by):
        return job
    return transition(job, to=State.QUEUED, by=by, attempts=0, error="", retry_at=None, finished_at=None)


@transaction.atomic
def request_job(
    kind: str,
    *,
    cohort: Cohort | None,
    by: User | None,
    params: dict | None = None,
    total: int = 0,
    verb: str | None = Verb.JOB_REQUEST,
    data: dict | None = None,
) -> tuple[Job, bool]:
    """Ask for a job; returns (job, created). The same document already waiting for the same person is reused.

    Side effects: one audit event (`verb`, unless None: the system's own jobs), and `run_job` enqueued after commit.
    """
    params = params or {}
    if by is not None and kind != Job.Kind.INVITATIONS:
        # The database holds one open job per request (`one_open_job_per_request`): of two clicks at once, the
        # second waits for the first's commit, meets the rule and is given the first's job.
        waiting = Job.objects.filter(kind=kind, cohort=cohort, requested_by=by, params=params, state__in=State.OPEN)  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
        if existing := waiting.first():
            recover_stale_job(existing)
            return existing, False
        try:
            with transaction.atomic():
                job = Job.objects.create(kind=kind, cohort=cohort, requested_by=by, params=params, progress_total=total)
        except IntegrityError:  # the other click's job: still open, or (run at once) just done
            same = Job.objects.filter(kind=kind, cohort=cohort, requested_by=by, params=params).order_by("-pk")
            # Not None: the IntegrityError says this request already has its job (`one_open_job_per_request`).
            return cast(Job, same.first()), False
    else:
        job = Job.objects.create(kind=kind, cohort=cohort, requested_by=by, params=params, progress_total=total)
    if verb is not None:
        record(verb, cohort=cohort, actor=by, target=job, to_state=job.state, data=data or {"kind": kind})
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job, True


def report_progress(job: Job, done: int, total: int | None = None) -> None:
    """How far a running job is, for the downloads page; a plain UPDATE, outside any lock."""
    job.progress_done = done
    fields = {"progress_done": done}
    if total is not None:
        job.progress_total = fields["progress_total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)


class _Lease(threading.Thread):
    """Renews a running job's lease every BEAT_EVERY seconds while its builder works, in a thread with its own
    database connection, so that a builder busy in one long call (a large PDF) still shows its worker alive."""

    def __init__(self, job: Job):
        super().__init__(name=f"job-{job.pk}-lease", daemon=True)
        self.job_id, self.attempt, self.stopped = job.pk, job.attempts, threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(BEAT_EVERY):
                try:
                    Job.objects.filter(pk=self.job_id, state=State.RUNNING, attempts=self.attempt).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:  # a moment without the database: the next beat tries again
                    logger.warning("Job %s: its lease could not be renewed", self.job_id)
        finally:
            connection.close()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.join()


@task()
def run_job(job_id: int) -> str:
    """Run one job: start it, build its output, keep the file, tell the requester. Safe to run twice."""
    now = timezone.now()
    try:
        job = transition(Job(pk=job_id), to=State.RUNNING, by=None, started_at=now, heartbeat_at=now, retry_at=None)
    except Gone:
        return "gone"
    except ValidationError:
        return "not queued"  # another worker has it, or it is done: a task enqueued twice does the work once
    job.attempts += 1
    Job.objects.filter(pk=job.pk).update(attempts=job.attempts)
    output = None
    # In the requester's language, so that a refusal (kept as the job's error) reads in their words; documents
    # set their own language.
    language = job.requested_by.language if job.requested_by else settings.LANGUAGE_CODE
    try:
        with _Lease(job), translation.override(language):
            output = BUILDERS[job.kind](job)
            if output.file is not None:
                store_field(job, "file", output.file, output.filename)
    except StorageFailed as error:  # a full disk is a fault to try again later, not a refusal
        return _failed(job, error.__cause__ or OSError(str(error)))
    except ValidationError as error:  # a refusal, not a fault: no traceback, no retry
        logger.info("Job %s (%s) refused: %s", job.pk, job.kind, " ".join(error.messages))
        return _failed(job, error)
    except Exception as error:  # any failure of the work: kept on the row, tried again later or given up
        logger.exception("Job %s (%s) failed, attempt %s", job.pk, job.kind, job.attempts)
        return _failed(job, error)
    finally:
        if output is not None and output.file is not None:
            output.file.close()
    return _finish(job, output)


def _finish(job: Job, output: Output) -> str:
    """Mark the job done with its file, if this attempt still holds it: a worker that outlived its lease (the job
    went back to the queue, or to another worker) deletes its late file instead."""
    with transaction.atomic():
        current = Job.objects.select_for_update(of=("self",)).filter(pk=job.pk).first()
        if current is None or current.state != State.RUNNING or current.attempts != job.attempts:
            if job.file:
                job.file.delete(save=False)
            logger.warning("Job %s: attempt %s lost its lease; its result is not kept", job.pk, job.attempts)
            return "lost"
        transition(
            job,
            to=State.DONE,
            by=None,
            file=job.file.name or "",
            filename=output.filename,
            progress_done=output.count or job.progress_done,
            progress_total=max(output.count or job.progress_done, job.progress_total),
            finished_at=timezone.now(),
            error="",
        )
    _tell(job, ready=True)
    return State.DONE


def _failed(job: Job, error: BaseException) -> str:
    if isinstance(error, ValidationError):
        # A refusal (the organisation names no head to sign, say) is the same on every attempt: the job fails at
        # once, in the refusal's own words, for staff to put right and try again.
        message = " ".join(error.messages)[:500]
        transition(job, to=State.FAILED, by=None, error=message, finished_at=timezone.now(), retry_at=None)
        _tell(job, ready=False, reason=message)
        return State.FAILED
    message = f"{type(error).__name__}: {error}"[:500]
    if job.attempts < MAX_ATTEMPTS:
        when = timezone.now() + retry_delay(job.attempts)
        with transaction.atomic():
            transition(job, to=State.QUEUED, by=None, error=message, retry_at=when)
            transaction.on_commit(lambda: enqueue_later(run_job, when, job.pk))
        return State.QUEUED
    transition(job, to=State.FAILED, by=None, error=message, finished_at=timezone.now(), retry_at=None)
    _tell(job, ready=False)
    return State.FAILED


def _tell(job: Job, *, ready: bool, reason: str = "") -> None:
    """Tell the requester the job is ready or failed (with the reason of a refusal); an invitation to one person
    (a mentor added) is no news."""
    if job.requested_by is None or (ready and job.kind == Job.Kind.INVITATIONS and job.progress_total < 2):
        return
    what = job.kind
    if ready and what == Job.Kind.INVITATIONS:
        count = job.progress_done

        def message():
            return _("The invitations are sent: %(count)d.") % {"count": count}

    elif ready:

        def message():
            return _("Ready to download: %(what)s.") % {"what": Job.Kind(what).label}

    else:

        def message():
            return _("Could not be done: %(what)s. Try it again from the list.") % {"what": Job.Kind(what).label}

    with transaction.atomic():
        notify(job.requested_by, message, cohort=job.cohort, url=reverse("participants:downloads"), detail=reason)


def recover_stale_job(job: Job, *, asked_by: User | None = None) -> bool:
    """A running job whose lease ran out (its worker was killed, or its host restarted) goes back in the queue, or
    fails after its last attempt and its requester is told; returns whether it was stale. Checked again under the
    row lock, so housekeeping and a request recovering it at once recover it once."""
    with transaction.atomic():
        current = Job.objects.stale().select_for_update(of=("self",)).filter(pk=job.pk).first()
        if current is None:
            return False
        error = _("The worker stopped while doing this.")
        if current.attempts < MAX_ATTEMPTS:
            transition(current, to=State.QUEUED, by=None, asked_by=asked_by, error=error, retry_at=None)
            transaction.on_commit(lambda: run_job.enqueue(job.pk))
            failed = False
        else:
            transition(
                current,
                to=State.FAILED,
                by=None,
                asked_by=asked_by,
                error=error,
                finished_at=timezone.now(),
                retry_at=None,
            )
            failed = True
    if failed:
        _tell(current, ready=False)
    return True


def stuck_jobs() -> int:
    """How many running jobs lost their worker and wait for housekeeping: the health endpoint reports it."""
    return Job.objects.stale().count()


def retry_stale_jobs(*, now: datetime.datetime | None = None) -> int:
    """Housekeeping: enqueue again the jobs whose retry is due, and those whose worker went away while running."""
    now = now or timezone.now()
    count = 0
    for job in Job.objects.filter(state=State.QUEUED, retry_at__lte=now):
        run_job.enqueue(job.pk)
        count += 1
    for job in Job.objects.stale(now):
        count += recover_stale_job(job)
    return count


def remove_old_downloads(*, days: int, now: datetime.datetime | None = None) -> int:
    """Housekeeping: finished jobs older than `days` go, with their files (a document can always be asked again)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    old = Job.objects.filter(state__in=[State.DONE, State.FAILED], finished_at__lt=cutoff)
    count = 0
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
