"""This app's background jobs (participants.jobs): the minutes, the agenda, the archive of sealed PDFs, each sealed
PDF."""

import tempfile

from django.core.files import File
from django.core.files.base import ContentFile

from participants.jobs import Output, builder
from participants.models import Job

from . import agreements, services
from .documents import agenda_pdf, minutes_pdf, write_sealed_archive
from .models import Agreement, Seminar


@builder(Job.Kind.MINUTES)
def build_minutes(job: Job) -> Output:
    seminar = Seminar.objects.select_related("cohort").get(pk=job.params["seminar"], cohort=job.cohort)
    return Output(file=ContentFile(minutes_pdf(seminar)), filename=f"berita-acara-{seminar.cohort.slug}.pdf", count=1)


@builder(Job.Kind.AGENDA)
def build_agenda(job: Job) -> Output:
    seminar = Seminar.objects.select_related("cohort__organisation").get(pk=job.params["seminar"], cohort=job.cohort)
    pdf = agenda_pdf(seminar, **services.agenda_of(seminar))
    return Output(file=ContentFile(pdf), filename=f"agenda-{seminar.cohort.slug}.pdf", count=1)


@builder(Job.Kind.SEALED_ARCHIVE)
def build_sealed_archive(job: Job) -> Output:
    """The ZIP goes to a temporary file on disk, then to private storage: never the whole archive in memory."""
    archive = tempfile.TemporaryFile()  # noqa: SIM115 - handed on to the job runner, which closes it once stored
    count = write_sealed_archive(job.cohort, archive)
    archive.seek(0)
    return Output(file=File(archive), filename=f"kesepakatan-{job.cohort.slug}.zip", count=count)


@builder(Job.Kind.SEALED_PDF)
def build_sealed_pdf(job: Job) -> Output:
    agreements.store_sealed_pdf(Agreement.objects.get(pk=job.params["agreement"]))
    return Output(count=1)
