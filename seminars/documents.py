"""The seminar's documents: the minutes (berita acara) of its results, its agenda, and the archive of its sealed
agreements."""

import zipfile

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.documents import date_in_words, html_to_pdf
from participants.models import Cohort
from participants.organisations import letterhead, require_head

from .models import Agreement, Seminar
from .results import seminar_results

SIGNATURES_PER_ROW = 3


def minutes_pdf(seminar: Seminar) -> bytes:
    """The recap as an official minute, A4, on the organisation's letterhead, for the examiners to sign and the
    head of the organisation to acknowledge. Raises ValidationError when the organisation names no head."""
    organisation = seminar.cohort.organisation
    require_head(organisation, document=_("minutes"))
    examiners = list(seminar.cohort.examiners.select_related("user"))
    for number, examiner in enumerate(examiners, start=1):
        examiner.number = f"{number}."
    context = {
        **letterhead(organisation),
        "cohort": seminar.cohort,
        "seminar": seminar,
        "day_in_words": date_in_words(seminar.date),
        "rows": seminar_results(seminar),
        "examiner_rows": [
            examiners[start : start + SIGNATURES_PER_ROW] for start in range(0, len(examiners), SIGNATURES_PER_ROW)
        ],
        "pdf": True,
    }
    with translation.override("id"):  # an official document; the refusal above is in the reader's language
        return html_to_pdf(render_to_string("seminars/minutes.html", context))


def agenda_pdf(seminar: Seminar, *, rooms, rows, panels, breaks) -> bytes:
    """The schedule as a landscape A4 agenda on the organisation's letterhead, signed by its head. Raises
    ValidationError when the organisation names no head."""
    organisation = seminar.cohort.organisation
    require_head(organisation, document=_("agenda"))
    context = {
        **letterhead(organisation),
        "cohort": seminar.cohort,
        "seminar": seminar,
        "rooms": rooms,
        "rows": rows,
        "panels": panels,
        "breaks": breaks,
        "today": timezone.localdate(),
    }
    with translation.override("id"):
        return html_to_pdf(render_to_string("seminars/agenda_document.html", context))


def archive_name(agreement: Agreement, taken: set[str]) -> str:
    """The file name of a sealed PDF in the archive: the participant's NDH and name, in plain ASCII (any unzip tool,
    any file system), e.g. "007-siti-aminah.pdf"; the verification code is added if that name is taken already."""
    participant = agreement.plan.participant
    stem = f"{participant.roll_number:03d}-{slugify(participant.user.full_name)[:60].strip('-') or 'peserta'}"
    name = f"{stem}.pdf"
    if name in taken:
        name = f"{stem}-{agreement.code}.pdf"
    taken.add(name)
    return name


def write_sealed_archive(cohort: Cohort, file) -> int:
    """Write the cohort's sealed agreement PDFs as a ZIP into `file`, each named after its participant; returns
    how many."""
    count, taken = 0, set()
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive:
        sealed = Agreement.objects.filter(plan__participant__cohort=cohort, state=Agreement.State.SEALED)
        for agreement in sealed.select_related("plan__participant__user"):
            name = archive_name(agreement, taken)
            with agreement.pdf.open("rb") as pdf:
                archive.writestr(name, pdf.read())
            count += 1
    return count
