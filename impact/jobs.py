"""This app's background jobs (participants.jobs): a dossier's PDF and its ZIP of evidence."""

import tempfile

from django.core.files import File
from django.core.files.base import ContentFile

from participants.jobs import Output, builder
from participants.models import Job
from participants.rules import person_path

from .documents import dossier_pdf, filename, write_evidence_zip
from .models import Dossier


def _dossier(job: Job) -> Dossier:
    related = ["organisation", person_path("owner", "plan__participant"), "plan__participant__cohort"]
    return Dossier.objects.select_related(*related).get(pk=job.params["dossier"], plan__participant__cohort=job.cohort)


@builder(Job.Kind.DOSSIER_PDF)
def build_dossier_pdf(job: Job) -> Output:
    dossier = _dossier(job)
    return Output(file=ContentFile(dossier_pdf(dossier)), filename=filename(dossier, "pdf"), count=1)


@builder(Job.Kind.DOSSIER_ZIP)
def build_dossier_zip(job: Job) -> Output:
    """The ZIP goes to a temporary file on disk, then to private storage: never the whole archive in memory."""
    dossier = _dossier(job)
    archive = tempfile.TemporaryFile()  # noqa: SIM115 - handed on to the job runner, which closes it once stored
    count = write_evidence_zip(dossier, archive)
    archive.seek(0)
    return Output(file=File(archive), filename=filename(dossier, "zip"), count=count)
