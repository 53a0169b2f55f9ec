"""The cohort's booklet: every approved plan, by cluster, as one printed PDF for the cohort's staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from core.responses import pdf_response
from participants.access import cohort_for_staff

from .. import documents


@login_required
def booklet(request, slug):
    cohort = cohort_for_staff(request, slug)
    try:
        pdf = documents.booklet_pdf(cohort)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:cohort_detail", slug=slug)
    return pdf_response(pdf, f"buku-rencana-aksi-{cohort.slug}.pdf")
