"""A full media disk (issue 28, item 5): an upload or a made document that cannot be stored gets a clear message,
keeps what the person typed, and leaves no partial file; housekeeping removes files no row names.

`FullDisk` is the local storage on a disk that fills up halfway through a file, as a real one does: it writes
part of the file, then fails with ENOSPC."""

import datetime
import errno
import html
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from core.storage import remove_orphans
from innovations.models import ActionPlan, Attachment, Evidence, Milestone
from participants.jobs import request_job, run_job
from participants.models import Job
from tests.core.test_images import photo
from tests.factories import complete_plan

FULL = (
    "The file could not be stored: the server's storage is full or does not answer. Nothing was saved; what you "
    "typed is still here. Try again later, and tell the administrator if it happens again."
)


class FullDisk(FileSystemStorage):
    """Writes the first 80 KB of a file (or half of a smaller one), then the disk is full."""

    def _save(self, name, content):
        data = b"".join(content.chunks())
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data[: min(81_920, len(data) // 2)])
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def full_disk(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FullDisk"}}


def files_left() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def agreed(cohort):
    plan = complete_plan(participant__cohort=cohort, state=ActionPlan.State.AGREED)
    Milestone.objects.create(plan=plan, term="medium", deliverable="Evaluasi", due_date=datetime.date(2018, 2, 1))
    return plan


def test_an_attachment_on_a_full_disk_is_told_and_leaves_no_partial_file(client, cohort, full_disk):
    plan = complete_plan(participant__cohort=cohort, state=ActionPlan.State.DRAFT)
    client.force_login(plan.participant.user)

    response = client.post(
        reverse("innovations:attachment_add", args=[plan.pk]),
        {"file": SimpleUploadedFile("laporan.pdf", b"%PDF-1.4\n" + b"x" * 200_000)},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [FULL]
    assert (Attachment.objects.count(), files_left()) == (0, [])


@pytest.mark.parametrize("kind", ["photo", "pdf"])
def test_evidence_on_a_full_disk_keeps_the_typed_report_and_leaves_nothing(client, agreed, full_disk, kind):
    upload = (
        SimpleUploadedFile("foto.jpg", photo((2000, 1500)))
        if kind == "photo"
        else SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n" + b"x" * 200_000)
    )
    milestone = agreed.milestones.first()
    client.force_login(agreed.participant.user)

    response = client.post(
        reverse("innovations:report", args=[agreed.pk, milestone.pk]),
        {"status": "in_progress", "percent": 40, "narrative": "Rapat koordinasi tiga kelurahan", "evidence": upload},
    )

    body = html.unescape(response.content.decode())
    assert response.status_code == 422
    assert FULL in body
    assert "Rapat koordinasi tiga kelurahan</textarea>" in body
    assert (milestone.reports.count(), Evidence.objects.count(), files_left()) == (0, 0, [])


def test_a_document_job_on_a_full_disk_is_tried_again_and_leaves_no_partial_file(cohort, staff_user, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FullDisk"}}
    job, _created = request_job(Job.Kind.BOOKLET, cohort=cohort, by=staff_user)

    outcome = run_job.call(job.pk)

    job.refresh_from_db()
    assert (outcome, job.state, job.attempts, job.file.name) == ("queued", "queued", 1, "")
    assert job.error.startswith("OSError: [Errno 28] No space left on device")
    assert files_left() == []


def test_a_logo_on_a_full_disk_is_told_and_nothing_is_saved(client, cohort, staff_user, full_disk):
    from tests.portal.test_organisation_views import organisation_data, png  # noqa: PLC0415 - its fixtures differ

    organisation = cohort.organisation
    name = organisation.short_name
    client.force_login(staff_user)
    data = organisation_data(short_name="Baru", region="12.71", version=organisation.version, logo=png())

    response = client.post(reverse("portal:organisation_edit", args=[organisation.pk]), data)

    organisation.refresh_from_db()
    assert FULL in html.unescape(response.content.decode())
    assert (organisation.short_name, organisation.logo.name, files_left()) == (name, "", [])


def test_housekeeping_removes_old_files_no_row_names_and_keeps_the_rest(cohort, staff_user):
    plan = complete_plan(participant__cohort=cohort, state=ActionPlan.State.DRAFT)
    kept = Attachment(plan=plan, name="a.pdf", content_type="application/pdf", size=3, uploaded_by=staff_user)
    kept.file.save("a.pdf", ContentFile(b"%PD"))
    storage = kept.file.storage
    orphan = storage.save(f"private/plans/{plan.pk}/sisa.pdf", ContentFile(b""))  # a killed write, 0 bytes
    young = storage.save("private/jobs/9/buku.pdf", ContentFile(b"%PDF"))  # its transaction may still commit
    old = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    for name in (kept.file.name, orphan):
        os.utime(storage.path(name), (old, old))
    Path(settings.MEDIA_ROOT, "imports", "1").mkdir(parents=True)
    Path(settings.MEDIA_ROOT, "imports", "1", "roster-x.upload").write_bytes(b"NAMA")  # the import's own

    removed = remove_orphans()

    assert removed == 1
    assert files_left() == sorted([kept.file.name, young, "imports/1/roster-x.upload"])


def test_housekeeping_sweeps_orphans_once_a_day(cohort, capsys):
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("run_housekeeping")
        call_command("run_housekeeping")

    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "0 jobs tried again, 0 mails sent, 0 old downloads removed. 0 orphan files removed. 0 follow-ups sent.",
        "0 jobs tried again, 0 mails sent, 0 old downloads removed. 0 follow-ups sent.",
    ]
