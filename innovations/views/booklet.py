"""The cohort's booklet: every approved plan, by cluster, as one printed PDF for the cohort's staff."""

from django.contrib.auth.decorators import login_required

from core.responses import pdf_response
from participants.access import cohort_for_staff

from .. import documents


@login_required
def booklet(request, slug):
    cohort = cohort_for_staff(request, slug)
    return pdf_response(documents.booklet_pdf(cohort), f"buku-rencana-aksi-{cohort.slug}.pdf")
