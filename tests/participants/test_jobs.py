"""Background jobs: the lifecycle, retries, the downloads page, the files, the cohort's page and housekeeping."""

import datetime
import io
import os
import threading
import time
from functools import partial
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.editing import Gone
from participants import jobs
from participants.jobs import MAX_ATTEMPTS, Output, request_job, retry_job, run_job
from participants.models import AuditEvent, Job, Notification
from participants.notifications import notify
from tests.factories import CohortFactory, ParticipantFactory, UserFactory
from tests.participants.test_notifications import Refusing
from tests.races import at_once, require_postgresql
from tests.seminars.test_races import staff_of
from tests.test_health import database_worker

State = Job.State
PAIRS = 20


@pytest.fixture
def broken_booklet(monkeypatch):
    """The booklet's builder fails: a disk full, a font missing."""

    def fail(job):
        raise OSError("No space left on device")

    monkeypatch.setitem(jobs.BUILDERS, Job.Kind.BOOKLET, fail)


def done_job(cohort, by, name="buku.pdf"):
    job = Job.objects.create(kind=Job.Kind.BOOKLET, cohort=cohort, requested_by=by, state=State.DONE)
    job.file.save(name, ContentFile(b"%PDF-1.7 buku"), save=False)
    job.filename, job.finished_at = name, timezone.now()
    job.save()
    return job


# The lifecycle and its retries -------------------------------------------------------------------------------------


def test_a_failed_attempt_waits_for_a_retry_then_the_last_one_fails_and_tells_the_requester(
    cohort, staff_user, broken_booklet
):
    job, _created = request_job(Job.Kind.BOOKLET, cohort=cohort, by=staff_user)

    first = run_job.call(job.pk)
    job.refresh_from_db()
    waiting = (job.state, job.attempts, job.retry_at is not None, job.error)
    for _ in range(MAX_ATTEMPTS - 1):
        run_job.call(job.pk)
    job.refresh_from_db()

    assert first == "queued"
    assert waiting == ("queued", 1, True, "OSError: No space left on device")
    assert (job.state, job.attempts, job.retry_at) == ("failed", MAX_ATTEMPTS, None)
    notification = Notification.objects.get(user=staff_user)
    assert notification.message == "Gagal dibuat: Buku rencana aksi yang disetujui (PDF). Coba lagi dari daftar."
    assert notification.url == reverse("participants:downloads")


def test_a_retry_waits_for_its_time_on_a_worker_that_can_wait(cohort, staff_user, broken_booklet, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = Job.objects.create(kind=Job.Kind.BOOKLET, cohort=cohort, requested_by=staff_user)

    with TestCase.captureOnCommitCallbacks(execute=True):
        run_job.call(job.pk)

    job.refresh_from_db()
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "participants.jobs.run_job"
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert task.run_after == job.retry_at
    assert datetime.timedelta(seconds=29) < job.retry_at - timezone.now() <= datetime.timedelta(seconds=30)


def test_staff_try_a_failed_job_again_from_the_first_attempt_and_it_is_audited(cohort, staff_user):
    colleague = UserFactory(is_staff=True)
    cohort.organisation.staff_members.add(colleague)
    job = Job.objects.create(
        kind=Job.Kind.BOOKLET, cohort=cohort, requested_by=staff_user, state=State.FAILED, attempts=3, error="x"
    )

    with TestCase.captureOnCommitCallbacks(execute=True):
        retry_job(job, by=colleague)

    job.refresh_from_db()
    assert (job.state, job.attempts, job.error, bool(job.file)) == ("done", 1, "", True)
    event = AuditEvent.objects.get(verb="job.retry")
    assert (event.actor, event.from_state, event.to_state, event.target_id) == (colleague, "failed", "queued", job.pk)


def test_a_job_is_not_tried_again_while_it_runs_or_once_it_is_done(cohort, staff_user, client):
    job = done_job(cohort, staff_user)
    client.force_login(staff_user)

    response = client.post(reverse("participants:job_retry", args=[job.pk]), follow=True)
    again = run_job.call(job.pk)

    assert "cannot become waiting" in response.content.decode()
    assert again == "not queued"
    assert AuditEvent.objects.filter(verb="job.retry").count() == 0


def test_trying_again_a_job_housekeeping_removed_meanwhile_is_told_not_a_crash(cohort, staff_user):
    job = Job.objects.create(kind=Job.Kind.BOOKLET, cohort=cohort, requested_by=staff_user, state=State.FAILED)
    Job.objects.filter(pk=job.pk).delete()  # housekeeping removed it after the page showed it

    with pytest.raises(Gone) as refused:
        retry_job(job, by=staff_user)

    assert refused.value.messages == ["Someone else removed or replaced this just now, so nothing was changed."]
    assert AuditEvent.objects.count() == 0


def test_a_job_of_a_deleted_kind_or_row_does_nothing(db):
    assert run_job.call(999_999) == "gone"


def test_the_same_document_asked_again_while_waiting_is_the_same_job(cohort, staff_user):
    first, created = request_job(Job.Kind.BOOKLET, cohort=cohort, by=staff_user)
    second, again = request_job(Job.Kind.BOOKLET, cohort=cohort, by=staff_user)

    assert (created, again, second) == (True, False, first)
    assert AuditEvent.objects.filter(verb="job.request").count() == 1


# The downloads page and the files ----------------------------------------------------------------------------------


def test_downloads_lists_only_the_persons_own_requests_and_refreshes_while_one_is_open(client, cohort, staff_user):
    colleague = UserFactory(is_staff=True)
    cohort.organisation.staff_members.add(colleague)
    done = done_job(cohort, staff_user)
    open_job = Job.objects.create(kind=Job.Kind.SEALED_ARCHIVE, cohort=cohort, requested_by=staff_user)
    Job.objects.create(kind=Job.Kind.MINUTES, cohort=cohort, requested_by=colleague)
    client.force_login(staff_user)

    response = client.get(reverse("participants:downloads"))

    assert [job for job, _moves in response.context["rows"]] == [open_job, done]
    page = response.content.decode()
    assert reverse("participants:download_file", args=[done.pk]) in page
    assert 'hx-trigger="every 3s"' in page


def test_downloads_page_stops_refreshing_when_nothing_is_open(client, cohort, staff_user):
    done_job(cohort, staff_user)
    client.force_login(staff_user)

    assert "hx-trigger" not in client.get(reverse("participants:downloads")).content.decode()


def test_downloads_asks_to_sign_in(client, db):
    response = client.get(reverse("participants:downloads"))

    assert response.url.startswith(reverse("participants:login"))


@pytest.mark.parametrize("count", [1, 3])
def test_downloads_query_count_does_not_grow(client, cohort, staff_user, count, django_assert_num_queries):
    for n in range(count):
        done_job(cohort, staff_user, name=f"buku-{n}.pdf")
    client.force_login(staff_user)

    # session, user, the person's cohorts (for the moves), count, page of jobs, the menu (roles and unread count)
    with django_assert_num_queries(6):
        response = client.get(reverse("participants:downloads"))

    assert len(response.context["rows"]) == count


def test_a_file_is_served_to_its_requester_and_the_cohorts_staff_only(client, cohort, staff_user):
    job = done_job(cohort, staff_user)
    colleague, outsider = UserFactory(is_staff=True), UserFactory(is_staff=True)
    cohort.organisation.staff_members.add(colleague)
    CohortFactory().organisation.staff_members.add(outsider)
    participant = ParticipantFactory(cohort=cohort).user
    url = reverse("participants:download_file", args=[job.pk])

    answers = {}
    for name, user in [("requester", staff_user), ("colleague", colleague), ("outsider", outsider), ("p", participant)]:
        client.force_login(user)
        response = client.get(url)
        answers[name] = response.status_code
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == b"%PDF-1.7 buku"
            assert response["Content-Disposition"] == 'attachment; filename="buku.pdf"'
            assert response["X-Content-Type-Options"] == "nosniff"

    assert answers == {"requester": 200, "colleague": 200, "outsider": 404, "p": 404}


def test_a_job_that_is_not_done_or_has_no_file_has_nothing_to_download(client, cohort, staff_user):
    waiting = Job.objects.create(kind=Job.Kind.BOOKLET, cohort=cohort, requested_by=staff_user)
    sent = Job.objects.create(kind=Job.Kind.INVITATIONS, cohort=cohort, requested_by=staff_user, state=State.DONE)
    client.force_login(staff_user)

    for job in (waiting, sent):
        assert client.get(reverse("participants:download_file", args=[job.pk])).status_code == 404


def test_an_outsider_cannot_retry_a_job(client, cohort, staff_user):
    job = Job.objects.create(kind=Job.Kind.BOOKLET, cohort=cohort, requested_by=staff_user, state=State.FAILED)
    outsider = UserFactory(is_staff=True)
    client.force_login(outsider)

    assert client.get(reverse("participants:job_retry", args=[job.pk])).status_code == 405
    assert client.post(reverse("participants:job_retry", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.state == "failed"


# The cohort's background work --------------------------------------------------------------------------------------


def test_cohort_page_shows_every_job_the_failed_mail_and_the_worker(client, cohort, staff_user, settings):
    system = Job.objects.create(kind=Job.Kind.SEALED_PDF, cohort=cohort, params={"agreement": 1})
    failed = Job.objects.create(
        kind=Job.Kind.BOOKLET, cohort=cohort, requested_by=staff_user, state=State.FAILED, error="OSError: disk full"
    )
    person = UserFactory(full_name="Rina Sembiring")
    Notification.objects.create(
        user=person, cohort=cohort, message="Rencana disetujui", mail="failed", mail_error="SMTP down"
    )
    client.force_login(staff_user)

    page = client.get(reverse("participants:cohort_jobs", args=[cohort.slug]))

    assert [job for job, _moves in page.context["rows"]] == [failed, system]
    assert [moves for _job, moves in page.context["rows"]] == [{"retry": "queued"}, {}]
    text = page.content.decode()
    assert "OSError: disk full" in text
    assert "by the system" in text
    assert "Rina Sembiring: Rencana disetujui" in text
    assert "runs inside the web process" in text


def test_cohort_page_warns_when_no_worker_was_heard_from(client, cohort, staff_user, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(staff_user)

    page = client.get(reverse("participants:cohort_jobs", args=[cohort.slug]))

    assert "No worker has been heard from" in page.content.decode()


def test_cohort_page_is_for_its_staff(client, cohort):
    outsider = UserFactory(is_staff=True)
    CohortFactory().organisation.staff_members.add(outsider)
    url = reverse("participants:cohort_jobs", args=[cohort.slug])

    assert client.get(url).url.startswith(reverse("participants:login"))
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(reverse("participants:mail_retry", args=[cohort.slug])).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_cohort_page_query_count_does_not_grow(client, cohort, staff_user, count, django_assert_num_queries):
    for n in range(count):
        done_job(cohort, staff_user, name=f"buku-{n}.pdf")
        Notification.objects.create(user=staff_user, cohort=cohort, message=f"x{n}", mail="failed")
    client.force_login(staff_user)

    # session, user, cohort, the person's cohorts, count, page of jobs, mail counts, failed mail, stuck jobs, the
    # menu (roles and unread count)
    with django_assert_num_queries(10):
        response = client.get(reverse("participants:cohort_jobs", args=[cohort.slug]))

    assert (len(response.context["rows"]), len(response.context["failed_mail"])) == (count, count)


def test_staff_send_the_failed_mail_again_and_it_is_audited(client, cohort, staff_user, mailoutbox):
    person = UserFactory()
    Notification.objects.create(user=person, cohort=cohort, message="Rencana disetujui", mail="failed", mail_attempts=5)
    client.force_login(staff_user)

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("participants:mail_retry", args=[cohort.slug]), follow=True)

    assert "1 mails are tried again." in response.content.decode()
    assert [m.to for m in mailoutbox] == [[person.email]]
    assert Notification.objects.get(user=person).mail == "sent"
    assert AuditEvent.objects.get(verb="mail.retry").data == {"count": 1}


def test_a_refused_mail_is_tried_again_later_by_a_worker_that_can_wait(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = f"{Refusing.__module__}.Refusing"
    with TestCase.captureOnCommitCallbacks(execute=True):
        notification = notify(UserFactory(), lambda: "x", cohort=None, url="")
    first = DBTaskResult.objects.get()  # the mail, enqueued after commit

    with TestCase.captureOnCommitCallbacks(execute=True):
        first.task.call(*first.task_result.args)

    later = DBTaskResult.objects.exclude(pk=first.pk).get()
    notification.refresh_from_db()
    assert (notification.mail, notification.mail_attempts) == ("pending", 1)
    assert later.task_path == "participants.notifications.send_notification_mail"
    assert later.run_after - timezone.now() > datetime.timedelta(seconds=25)


# Housekeeping ------------------------------------------------------------------------------------------------------


def test_housekeeping_frees_stale_jobs_removes_old_downloads_and_sends_stuck_mail(cohort, staff_user, mailoutbox):
    now = timezone.now()
    stale = Job.objects.create(
        kind=Job.Kind.BOOKLET,
        cohort=cohort,
        requested_by=staff_user,
        state=State.RUNNING,
        attempts=1,
        started_at=now - datetime.timedelta(hours=2),
    )
    old = done_job(cohort, staff_user, name="lama.pdf")
    Job.objects.filter(pk=old.pk).update(finished_at=now - datetime.timedelta(days=8))
    path = old.file.path
    recent = done_job(cohort, staff_user, name="baru.pdf")
    stuck = Notification.objects.create(
        user=staff_user, cohort=cohort, message="x", created_at=now - datetime.timedelta(hours=1)
    )
    out = io.StringIO()

    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("run_housekeeping", stdout=out)

    stale.refresh_from_db()
    stuck.refresh_from_db()
    assert out.getvalue() == (
        "1 jobs tried again, 1 mails sent, 1 old downloads removed. 0 orphan files removed. 0 follow-ups sent.\n"
    )
    assert (stale.state, stale.attempts) == ("done", 2)
    assert list(Job.objects.filter(pk__in=[old.pk, recent.pk])) == [recent]
    assert not os.path.exists(path)
    assert stuck.mail == "sent"


def test_the_database_worker_runs_a_requested_booklet_end_to_end(client, cohort, staff_user, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(staff_user)

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("innovations:booklet", args=[cohort.slug]))
    job = Job.objects.get()
    queued = (job.state, DBTaskResult.objects.get().status)
    database_worker().run()  # django-tasks-db's own loop, in this process

    job.refresh_from_db()
    assert queued == ("queued", "READY")
    assert (job.state, DBTaskResult.objects.get().status) == ("done", "SUCCESSFUL")
    with job.file.open("rb") as pdf:
        assert pdf.read().startswith(b"%PDF-")


@pytest.mark.django_db(transaction=True)
def test_a_job_run_by_two_workers_at_once_is_done_once(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises every write")
    built, results, barrier = [], [], threading.Barrier(2)

    def build(job):
        built.append(job.pk)
        return Output(count=1)

    monkeypatch.setitem(jobs.BUILDERS, Job.Kind.BOOKLET, build)
    job = Job.objects.create(kind=Job.Kind.BOOKLET, cohort=CohortFactory())

    def work():
        try:
            barrier.wait()
            results.append(run_job.call(job.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    job.refresh_from_db()
    assert sorted(results) == ["done", "not queued"]
    assert (built, job.state, job.attempts) == ([job.pk], "done", 1)


# A worker that stops mid-job; the same document asked twice at once (issue 28, items 1 and 4) -----------------------


def running_job(
    cohort, by, *, beat_ago: datetime.timedelta, attempts=1, started_ago=datetime.timedelta(hours=2), kind="booklet"
):
    now = timezone.now()
    return Job.objects.create(
        kind=kind,
        cohort=cohort,
        requested_by=by,
        state=State.RUNNING,
        attempts=attempts,
        started_at=now - started_ago,
        heartbeat_at=now - beat_ago,
    )


def test_a_job_whose_worker_stopped_beating_is_put_back_in_the_queue_within_minutes(cohort, staff_user):
    stopped = running_job(cohort, staff_user, beat_ago=jobs.LEASE + datetime.timedelta(seconds=5))
    working = running_job(cohort, staff_user, beat_ago=datetime.timedelta(seconds=10), kind="sealed_archive")

    with TestCase.captureOnCommitCallbacks(execute=True):
        count = jobs.retry_stale_jobs()

    stopped.refresh_from_db()
    working.refresh_from_db()
    assert count == 1
    assert (stopped.state, stopped.attempts, stopped.error, bool(stopped.file)) == ("done", 2, "", True)
    assert working.state == "running"


def test_a_job_whose_worker_stopped_on_its_last_attempt_fails_and_its_requester_may_retry(cohort, staff_user):
    stopped = running_job(cohort, staff_user, beat_ago=datetime.timedelta(minutes=5), attempts=MAX_ATTEMPTS)

    jobs.retry_stale_jobs()

    stopped.refresh_from_db()
    assert (stopped.state, stopped.error) == ("failed", "The worker stopped while doing this.")
    assert Notification.objects.get(user=staff_user).message.startswith("Gagal dibuat")


def test_asking_again_for_a_document_whose_worker_stopped_puts_it_back_in_the_queue(client, cohort, staff_user):
    stuck = running_job(cohort, staff_user, beat_ago=datetime.timedelta(minutes=10))
    client.force_login(staff_user)

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("innovations:booklet", args=[cohort.slug]))

    stuck.refresh_from_db()
    assert (Job.objects.count(), stuck.state, stuck.attempts) == (1, "done", 2)


def test_a_stuck_job_offers_try_again_and_the_requester_puts_it_back(client, cohort, staff_user):
    stuck = running_job(cohort, staff_user, beat_ago=datetime.timedelta(minutes=10))
    client.force_login(staff_user)

    page = client.get(reverse("participants:downloads"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("participants:job_retry", args=[stuck.pk]), follow=True)

    stuck.refresh_from_db()
    assert [moves for _job, moves in page.context["rows"]] == [{"retry": "queued"}]
    assert "The worker stopped while preparing this." in page.content.decode()
    assert [str(m) for m in response.context["messages"]] == ["Booklet of approved plans (PDF) is tried again."]
    assert (stuck.state, AuditEvent.objects.get(verb="job.retry").actor) == ("done", staff_user)


def test_a_job_that_beats_is_not_offered_again(client, cohort, staff_user):
    running_job(cohort, staff_user, beat_ago=datetime.timedelta(seconds=5))
    client.force_login(staff_user)

    page = client.get(reverse("participants:downloads"))

    assert [moves for _job, moves in page.context["rows"]] == [{}]


@pytest.mark.django_db(transaction=True)
def test_a_running_job_renews_its_lease_while_its_builder_works(monkeypatch):
    beats = []

    def slow(job):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and len(beats) < 2:
            beat = Job.objects.values_list("heartbeat_at", flat=True).get(pk=job.pk)
            if beat not in beats:
                beats.append(beat)
            time.sleep(0.02)
        return Output(count=1)

    monkeypatch.setattr(jobs, "BEAT_EVERY", 0.05)
    monkeypatch.setitem(jobs.BUILDERS, Job.Kind.BOOKLET, slow)
    job = Job.objects.create(kind=Job.Kind.BOOKLET, cohort=CohortFactory())

    assert run_job.call(job.pk) == "done"
    assert len(beats) == 2
    assert beats[0] < beats[1]


def test_a_worker_that_lost_its_lease_keeps_nothing_of_its_late_result(cohort, staff_user, monkeypatch):
    def outlived(job):
        # While this worker was frozen, housekeeping gave the job to another worker, which started it again.
        Job.objects.filter(pk=job.pk).update(attempts=job.attempts + 1)
        return Output(file=ContentFile(b"%PDF-1.7 late"), filename="buku.pdf", count=1)

    monkeypatch.setitem(jobs.BUILDERS, Job.Kind.BOOKLET, outlived)
    job = Job.objects.create(kind=Job.Kind.BOOKLET, cohort=cohort, requested_by=staff_user)

    outcome = run_job.call(job.pk)

    job.refresh_from_db()
    assert (outcome, job.state, job.file.name) == ("lost", "running", "")
    assert list((Path(settings.MEDIA_ROOT) / "private").rglob("*.pdf")) == []


def test_health_reports_a_stuck_job(client, cohort, staff_user):
    running_job(cohort, staff_user, beat_ago=datetime.timedelta(minutes=10))

    worker = client.get(reverse("core:health")).json()["worker"]

    assert (worker["stuck_jobs"], worker["late"]) == (1, True)


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_a_document_asks_for_it_once(settings):
    require_postgresql()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # the jobs wait in the queue
    cohort = CohortFactory()
    [client] = staff_of(cohort, 1)
    url = reverse("innovations:booklet", args=[cohort.slug])
    for _ in range(PAIRS):
        answers = at_once(partial(client.post, url), partial(client.post, url))

        assert [answer.status_code for answer in answers] == [302, 302]
        Job.objects.update(state=State.DONE)  # ready; the next pair asks anew
    assert (Job.objects.count(), AuditEvent.objects.filter(verb="job.request").count()) == (PAIRS, PAIRS)


def test_a_second_request_for_an_open_document_meets_the_database_s_rule(cohort, staff_user):
    Job.objects.create(kind=Job.Kind.BOOKLET, cohort=cohort, requested_by=staff_user)

    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(kind=Job.Kind.BOOKLET, cohort=cohort, requested_by=staff_user)
