"""This app's background jobs (participants.jobs): the minutes, the agenda, the archive of sealed PDFs, each sealed
PDF."""

import tempfile

from django.core.files import File
from django.core.files.base import ContentFile

from core import issuing
from core.models import IssuedDocument
from participants.jobs import Output, builder
from participants.models import Job

from . import agreements
from .documents import agenda_pdf, archive_file_name, minutes_pdf, write_sealed_archive
from .models import Agreement, Seminar


def _issued(job: Job, seminar: Seminar, kind: str, render, stem: str) -> Output:
    """A numbered document: the revision the job names, made once from what it was issued with and kept; the same
    file every time after. A job that names none makes a draft of the document as things stand, without a number."""
    document = issuing.revisions(kind, seminar).filter(pk=job.params.get("document")).first()
    if document is None:
        return Output(file=ContentFile(render(seminar)), filename=f"{stem}-{seminar.cohort.slug}-draf.pdf", count=1)
    name = f"{stem}-{seminar.cohort.slug}" + (f"-revisi-{document.revision}" if document.revision > 1 else "")
    pdf = issuing.document_file(document, lambda issued: render(seminar, issued), f"{name}.pdf")
    return Output(file=ContentFile(pdf), filename=f"{name}.pdf", count=1)


@builder(Job.Kind.MINUTES)
def build_minutes(job: Job) -> Output:
    seminar = Seminar.objects.select_related("cohort__organisation").get(pk=job.params["seminar"], cohort=job.cohort)
    return _issued(job, seminar, IssuedDocument.Kind.MINUTES, minutes_pdf, "berita-acara")


@builder(Job.Kind.AGENDA)
def build_agenda(job: Job) -> Output:
    seminar = Seminar.objects.select_related("cohort__organisation").get(pk=job.params["seminar"], cohort=job.cohort)
    return _issued(job, seminar, IssuedDocument.Kind.AGENDA, agenda_pdf, "agenda")


@builder(Job.Kind.SEALED_ARCHIVE)
def build_sealed_archive(job: Job) -> Output:
    """The ZIP goes to a temporary file on disk, then to private storage: never the whole archive in memory."""
    assert job.cohort is not None  # requested for a cohort (seminars.views.agreements)
    archive = tempfile.TemporaryFile()  # noqa: SIM115 - handed on to the job runner, which closes it once stored
    count = write_sealed_archive(job.cohort, archive)
    archive.seek(0)
    return Output(file=File(archive), filename=archive_file_name(job.cohort), count=count)


@builder(Job.Kind.SEALED_PDF)
def build_sealed_pdf(job: Job) -> Output:
    agreements.store_sealed_pdf(Agreement.objects.get(pk=job.params["agreement"]))
    return Output(count=1)
