"""The documents of a training's close: the recap of final grades (a numbered document on the letterhead), the
national record for SIASN (its exact fields), and the archive of certificate PDFs named by NIP."""

import hashlib
import json
import zipfile

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.documents import html_to_pdf
from core.spreadsheets import Code
from participants.models import Cohort
from participants.organisations import letterhead, next_document_number, require_head
from participants.rules import person_path

from .certificates import store_pdf
from .grades import best_of, final_grades, grade_book
from .models import Certificate, GradeBook

# The fields of SIASN's training history (riwayat diklat), in SIASN's own words: the file is for SIASN, whatever
# the reader's language (docs/siasn.md says which field each column fills).
SIASN_HEADERS = [
    "NIP",
    "Jenis Diklat",
    "Nama Diklat",
    "Institusi Penyelenggara",
    "Nomor Sertifikat",
    "Tanggal Sertifikat",
    "Tahun Diklat",
    "Jumlah Jam",
]


def _recap_rows(cohort: Cohort) -> list[dict]:
    spec = cohort.programme_spec
    return [
        {
            "roll": row.participant.roll_number,
            "name": row.participant.user.full_name,
            "nip": row.participant.user.nip_display,
            "scores": [None if row.scores[c.key] is None else str(row.scores[c.key]) for c in spec.components],
            "final": None if row.final is None else str(row.final),
            "band": row.band,
            "passed": row.passed,
            "rank": row.rank,
        }
        for row in final_grades(cohort)
    ]


def recap_number(cohort: Cohort, rows: list[dict]) -> str:
    """The recap's number: the one it had while the grades it shows are the same, else the organisation's next
    (a new revision of the recap). Takes the grade book's lock for the moment it decides."""
    digest = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()
    with transaction.atomic():
        book = GradeBook.objects.select_for_update().get(pk=grade_book(cohort).pk)
        if book.recap_hash != digest or not book.recap_number:
            book.recap_number = next_document_number(cohort.organisation, on=timezone.localdate())
            book.recap_hash = digest
            book.save(update_fields=["recap_number", "recap_hash"])
        return book.recap_number


def recap_pdf(cohort: Cohort) -> bytes:
    """The recap of final grades, A4 landscape, numbered, on the organisation's letterhead, signed by its head.
    Raises ValidationError when the organisation names no head."""
    organisation = cohort.organisation
    require_head(organisation, document=_("recap of final grades"))
    rows = _recap_rows(cohort)
    number = recap_number(cohort, rows)
    grades = final_grades(cohort)
    context = {
        **letterhead(organisation),
        "cohort": cohort,
        "spec": cohort.programme_spec,
        "rows": rows,
        "best": best_of(grades),
        "number": number,
        "today": timezone.localdate(),
        "passed": sum(1 for row in rows if row.get("passed")),
    }
    with translation.override("id"):
        return html_to_pdf(render_to_string("closing/recap_document.html", context))


def siasn_rows(cohort: Cohort, training_type: str) -> list[list]:
    """One row per valid certificate, in the order of SIASN_HEADERS."""
    certificates = Certificate.objects.filter(participant__cohort=cohort, state=Certificate.State.ISSUED)
    return [
        [
            Code(certificate.participant.user.nip, certificate.participant.user.nip_display)
            if certificate.participant.user.nip
            else None,
            training_type,
            f"{certificate.content['training']} {certificate.content['cohort']}",
            certificate.content["organisation"]["short_name"],
            certificate.number,
            certificate.issued_on,
            certificate.content["year"],
            certificate.content["lesson_hours"],
        ]
        for certificate in certificates.select_related(person_path("owner", "participant"))
    ]


def archive_name(certificate: Certificate, taken: set[str]) -> str:
    """`<NIP>.pdf`, as SIASN takes each certificate; a participant without a NIP by NDH and name."""
    participant = certificate.participant
    stem = participant.user.nip or f"{participant.roll_number:03d}-{slugify(participant.user.full_name)[:60]}"
    name = f"{stem}.pdf" if f"{stem}.pdf" not in taken else f"{stem}-{certificate.code}.pdf"
    taken.add(name)
    return name


def write_certificate_archive(cohort: Cohort, file, *, progress=None) -> int:
    """Write the cohort's valid certificates as a ZIP into `file`, each named by its NIP, rendering any PDF not
    made yet; returns how many."""
    certificates = list(
        Certificate.objects.filter(participant__cohort=cohort, state=Certificate.State.ISSUED).select_related(
            person_path("owner", "participant"), "participant__cohort__organisation"
        )
    )
    taken: set[str] = set()
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive:
        for count, certificate in enumerate(certificates, start=1):
            if not certificate.pdf:
                store_pdf(certificate)
                certificate.refresh_from_db(fields=["pdf", "pdf_hash"])
            with certificate.pdf.open("rb") as pdf:
                archive.writestr(archive_name(certificate, taken), pdf.read())
            if progress:
                progress(count, len(certificates))
    return len(certificates)
