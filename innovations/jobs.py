"""This app's background jobs (participants.jobs): the cohort's booklet of approved plans."""

from django.core.files.base import ContentFile

from participants.jobs import Output, builder
from participants.models import Job

from .documents import booklet_pdf
from .models import ActionPlan


@builder(Job.Kind.BOOKLET)
def build_booklet(job: Job) -> Output:
    cohort = job.cohort
    assert cohort is not None  # requested for a cohort (innovations.views.booklet, the demo)
    count = ActionPlan.objects.filter(participant__cohort=cohort, state__in=ActionPlan.State.APPROVED_OR_LATER).count()  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    return Output(file=ContentFile(booklet_pdf(cohort)), filename=f"buku-rencana-aksi-{cohort.slug}.pdf", count=count)
