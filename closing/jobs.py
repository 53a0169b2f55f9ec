"""This app's background jobs (participants.jobs): the recap of final grades, the certificates' PDFs, and the
archive of certificates named by NIP."""

import tempfile

from django.core.files import File
from django.core.files.base import ContentFile

from participants.jobs import Output, builder, report_progress
from participants.models import Cohort, Job

from .certificates import store_pdf
from .documents import recap_pdf, write_certificate_archive
from .models import Certificate


def _cohort(job: Job) -> Cohort:
    # Each job of this app is requested for a cohort; a job row without one has no work to do.
    if job.cohort is None:
        raise ValueError(f"The {job.kind} job {job.pk} names no cohort.")
    return job.cohort


@builder(Job.Kind.GRADE_RECAP)
def build_recap(job: Job) -> Output:
    cohort = _cohort(job)
    return Output(file=ContentFile(recap_pdf(cohort)), filename=f"rekap-nilai-akhir-{cohort.slug}.pdf", count=1)


@builder(Job.Kind.CERTIFICATES)
def build_certificates(job: Job) -> Output:
    """Render and keep the PDF of each certificate issued; one already made is left as it is."""
    ids = job.params.get("certificates", [])
    certificates = Certificate.objects.filter(pk__in=ids, participant__cohort=job.cohort).select_related(
        "participant__cohort__organisation"
    )
    for done, certificate in enumerate(certificates, start=1):
        store_pdf(certificate)
        report_progress(job, done, len(ids))
    return Output(count=len(ids))


@builder(Job.Kind.CERTIFICATE_ARCHIVE)
def build_certificate_archive(job: Job) -> Output:
    """The ZIP goes to a temporary file on disk, then to private storage: never the whole archive in memory."""
    archive = tempfile.TemporaryFile()  # noqa: SIM115 - handed on to the job runner, which closes it once stored
    cohort = _cohort(job)
    count = write_certificate_archive(cohort, archive, progress=lambda done, total: report_progress(job, done, total))
    archive.seek(0)
    return Output(file=File(archive), filename=f"sertifikat-{cohort.slug}.zip", count=count)
