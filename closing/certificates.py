"""Certificates (STTPP): issued in one step to the participants who passed, re-issued with a new number, revoked
with a reason (one lifecycle); their frozen content, their PDF (rendered once by the worker) and verification."""

import base64
import datetime
import hashlib
import io
import json
import secrets

import qrcode
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.documents import html_to_pdf
from core.links import absolute_url
from participants.audit import Verb, record
from participants.civil_service import describe_grade, format_nip
from participants.jobs import request_job
from participants.lifecycle import Lifecycle
from participants.models import Cohort, Job, User
from participants.notifications import notify
from participants.organisations import next_document_number, require_head
from participants.rules import person_path

from .grades import GradeRow, final_grades, grade_book
from .models import Certificate, GradeBook

State = Certificate.State
# No 0/O or 1/I to misread on paper; twelve characters, where an agreement's code has ten.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12

LIFECYCLE = Lifecycle(
    State,
    model=Certificate,
    kind="certificate",
    route=Certificate.ROUTE,
    noun=gettext_lazy("certificate"),
    related=[person_path("owner", "participant"), "participant__cohort__organisation"],
)


@translation.override("id")
def certificate_content(row: GradeRow, *, number: str, code: str, on: datetime.date) -> dict:
    """What the certificate says, as plain data in Indonesian, frozen when it is issued and sealed by its hash."""
    participant = row.participant
    cohort = participant.cohort
    organisation, user = cohort.organisation, participant.user
    birth = user.birth_date
    return {
        "number": number,
        "code": code,
        "organisation": {
            "name": organisation.name,
            "short_name": organisation.short_name,
            "government": organisation.government,
            "address": organisation.address,
            "phone": organisation.phone,
            "email": organisation.email,
            "website": organisation.website,
        },
        "programme": cohort.programme.name,
        "training": cohort.training_title,
        "cohort": cohort.name,
        "start": date_format(cohort.start_date, "j F Y"),
        "end": date_format(cohort.end_date, "j F Y"),
        "year": cohort.end_date.year,
        "place": organisation.place,
        "lesson_hours": cohort.programme_spec.lesson_hours,
        "participant": {
            "name": user.full_name,
            "nip": format_nip(user.nip),
            "birth_place": user.birth_place,
            "birth_date": date_format(birth, "j F Y") if birth else "",
            "grade": describe_grade(participant.grade),
            "position": participant.position,
            "institution": participant.work_unit,
        },
        "final": str(row.final),
        "qualification": row.band,
        "issued_on": date_format(on, "j F Y"),
        "head": {
            "name": organisation.head_name,
            "nip": organisation.head_nip_display,
            "grade": organisation.head_grade_display,
            "position": organisation.head_position,
        },
    }


def content_hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _check_issuable(cohort: Cohort) -> None:
    require_head(cohort.organisation, document=_("certificates"))
    if cohort.programme_spec.lesson_hours is None:
        raise ValidationError(
            _("Set the lesson hours (JP) in the final grade's rules first: every certificate prints them."),
            code="no_lesson_hours",
        )


def _create(row: GradeRow, *, by: User | None, on: datetime.date, number: str = "") -> Certificate:
    number = number or next_document_number(row.participant.cohort.organisation, on=on)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    content = certificate_content(row, number=number, code=code, on=on)
    return Certificate.objects.create(
        participant=row.participant,
        number=number,
        code=code,
        content=content,
        content_hash=content_hash(content),
        issued_on=on,
        issued_by=by,
    )


def _chosen(rows: list[GradeRow], participant_ids: list[int] | None) -> list[GradeRow]:
    """The rows to certify: every participant who passed and has no valid certificate, or those named, each of
    whom must have passed and have none; any other is refused by name."""
    if participant_ids is None:
        return [row for row in rows if row.passed and row.certificate is None]
    by_id, problems, chosen = {row.participant.pk: row for row in rows}, [], []
    for pk in dict.fromkeys(participant_ids):
        row = by_id.get(pk)
        if row is None:
            problems.append(_("Participant %(id)s is not in this cohort.") % {"id": pk})
        elif row.certificate is not None:
            problems.append(
                _("%(name)s holds certificate %(number)s already.")
                % {"name": row.participant.user.full_name, "number": row.certificate.number}
            )
        elif not row.passed:
            problems.append(
                _("%(name)s did not pass, so gets no certificate.") % {"name": row.participant.user.full_name}
            )
        else:
            chosen.append(row)
    if problems:
        raise ValidationError(problems, code="not_eligible")
    return chosen


def _tell(certificate: Certificate, message) -> None:
    participant = certificate.participant
    notify(
        participant.user,
        message,
        cohort=participant.cohort,
        url=reverse("closing:my_certificates", args=[participant.cohort.slug]),
        detail=certificate.reason,
    )


def _render_later(certificates: list[Certificate], *, cohort: Cohort, by: User | None) -> None:
    request_job(
        Job.Kind.CERTIFICATES,
        cohort=cohort,
        by=by,
        params={"certificates": [certificate.pk for certificate in certificates]},
        total=len(certificates),
        verb=None,  # the issue (or re-issue) is the staff action, audited once
    )


@transaction.atomic
def issue_certificates(
    cohort: Cohort, *, by: User, participant_ids: list[int] | None = None, on: datetime.date | None = None
) -> list[Certificate]:
    """Issue a certificate to every participant who passed and has none, or to those named (refused whole, naming
    each, when one did not pass or holds one). Each takes the organisation's next number; the cohort's grade book
    is locked meanwhile, so two staff issuing at once never certify one person twice. Needs the head and the lesson
    hours. Side effects: one audit event, each participant told, and a job renders the PDFs after commit."""
    GradeBook.objects.select_for_update().get(pk=grade_book(cohort).pk)
    _check_issuable(cohort)
    chosen = _chosen(final_grades(cohort), participant_ids)
    if not chosen:
        raise ValidationError(_("Nobody is waiting for a certificate: everyone who passed holds one."), code="none")
    on = on or timezone.localdate()
    certificates = [_create(row, by=by, on=on) for row in chosen]
    record(
        Verb.CERTIFICATE_ISSUE,
        cohort=cohort,
        actor=by,
        data={"count": len(certificates), "numbers": [certificates[0].number, certificates[-1].number]},
    )
    for certificate in certificates:
        number = certificate.number
        _tell(certificate, lambda number=number: _("Your certificate %(number)s is issued.") % {"number": number})
    _render_later(certificates, cohort=cohort, by=by)
    return certificates


@transaction.atomic
def reissue_certificate(certificate: Certificate, *, by: User, reason: str) -> Certificate:
    """Replace a valid certificate with a new one, under a new number, from the participant's data and grade as
    they are now (the reason says what changed). The old one stays verifiable as replaced. Refused when the
    participant no longer passes. One audit event; the participant is told; the new PDF is rendered after commit."""
    cohort = certificate.participant.cohort
    GradeBook.objects.select_for_update().get(pk=grade_book(cohort).pk)
    _check_issuable(cohort)
    row = next((r for r in final_grades(cohort) if r.participant.pk == certificate.participant_id), None)
    if row is None or not row.passed:
        raise ValidationError(_("The participant no longer passes: revoke the certificate instead."), code="failed")
    on = timezone.localdate()
    with LIFECYCLE.moving(certificate, to=State.REPLACED, by=by, note=reason) as change:
        number = next_document_number(cohort.organisation, on=on)
        change.set(reason=reason.strip(), ended_at=timezone.now())
        change.data = {"number": certificate.number, "replaced_by": number}
    new = _create(row, by=by, on=on, number=number)
    old = change.obj
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    _tell(
        old,
        lambda: _("Your certificate %(old)s is replaced by %(new)s.") % {"old": old.number, "new": new.number},
    )
    _render_later([new], cohort=cohort, by=by)
    return new


@transaction.atomic
def revoke_certificate(certificate: Certificate, *, by: User, reason: str) -> Certificate:
    """Revoke a valid certificate with a reason: its verification then says so. One audit event; the participant
    is told."""
    with LIFECYCLE.moving(certificate, to=State.REVOKED, by=by, note=reason) as change:
        change.set(reason=reason.strip(), ended_at=timezone.now())
        change.data = {"number": certificate.number}
    revoked = change.obj
    _tell(revoked, lambda: _("Your certificate %(number)s is revoked.") % {"number": revoked.number})
    return revoked


# The document -------------------------------------------------------------------------------------------------


def verification_url(certificate: Certificate) -> str:
    return absolute_url(reverse("seminars:verify", args=[certificate.code]))


def qr_png(certificate: Certificate) -> bytes:
    buffer = io.BytesIO()
    qrcode.make(verification_url(certificate), box_size=6, border=2).save(buffer)
    return buffer.getvalue()


@translation.override("id")
def render_pdf(certificate: Certificate) -> bytes:
    """The certificate on the organisation's letterhead, every word from its frozen content; the logo is the
    organisation's own."""
    organisation = certificate.participant.cohort.organisation
    html = render_to_string(
        "closing/certificate_document.html",
        {
            "logo": organisation.logo_data_url(),
            "certificate": certificate,
            "content": certificate.content,
            "qr": f"data:image/png;base64,{base64.b64encode(qr_png(certificate)).decode()}",
            "verification_url": verification_url(certificate),
        },
    )
    return html_to_pdf(html)


def store_pdf(certificate: Certificate) -> bool:
    """Render a certificate's PDF and keep it with its hash, once; returns whether it did. Rendered outside any
    lock; the row is locked only to store it, so two workers never keep two different PDFs."""
    if certificate.pdf:
        return False
    pdf = render_pdf(certificate)
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update(of=("self",)).get(pk=certificate.pk)
        if certificate.pdf:
            return False
        certificate.pdf_hash = hashlib.sha256(pdf).hexdigest()
        certificate.pdf.save(f"sertifikat-{certificate.code}.pdf", ContentFile(pdf), save=False)
        certificate.save(update_fields=["pdf", "pdf_hash"])
    return True


def is_unchanged(certificate: Certificate) -> bool:
    return content_hash(certificate.content) == certificate.content_hash


def pdf_matches(certificate: Certificate, data: bytes) -> bool:
    return bool(certificate.pdf_hash) and hashlib.sha256(data).hexdigest() == certificate.pdf_hash
