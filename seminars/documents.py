"""The seminar's documents: the minutes (berita acara) of its results, and the archive of its sealed agreements."""

import zipfile

from django.template.loader import render_to_string

from core.documents import html_to_pdf
from participants.models import Cohort

from .models import Agreement, Seminar
from .results import seminar_results


def minutes_pdf(seminar: Seminar) -> bytes:
    """The recap as an official minute, A4, for signing."""
    context = {
        "cohort": seminar.cohort,
        "seminar": seminar,
        "rows": seminar_results(seminar),
        "examiners": seminar.cohort.examiners.select_related("user"),
        "pdf": True,
    }
    return html_to_pdf(render_to_string("seminars/minutes.html", context))


def write_sealed_archive(cohort: Cohort, file) -> int:
    """Write the cohort's sealed agreement PDFs as a ZIP into `file`; returns how many."""
    count = 0
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive:
        sealed = Agreement.objects.filter(plan__participant__cohort=cohort, state=Agreement.State.SEALED)
        for agreement in sealed.select_related("plan__participant"):
            name = f"{agreement.plan.participant.roll_number:03d}-kesepakatan-{agreement.code}.pdf"
            with agreement.pdf.open("rb") as pdf:
                archive.writestr(name, pdf.read())
            count += 1
    return count
