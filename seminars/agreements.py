"""The three-party agreement: prepare it, sign it three times (its one lifecycle), seal it, verify it."""

import base64
import datetime
import hashlib
import io
import json
import secrets

import qrcode
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core.documents import html_to_pdf
from core.editing import lock
from core.links import absolute_url
from core.storage import store_field
from innovations import workflow
from innovations.models import ActionPlan
from participants.audit import SystemNote, Verb, record
from participants.civil_service import describe_grade, format_nip
from participants.jobs import request_job
from participants.lifecycle import Lifecycle
from participants.models import Job, User
from participants.notifications import notify_all
from participants.organisations import next_document_number
from participants.passwords import confirm_password
from participants.rules import person_path

from .models import Agreement, MilestoneRevision, ScoreSheet, Seminar, Signature
from .scoring import panel_examiners

State = ActionPlan.State
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on paper


@translation.override("id")
def agreement_content(plan: ActionPlan, *, examiner, revised: bool, number: str = "", on=None) -> dict:
    """What the three parties sign, as plain data in Indonesian: the plan as examined (and revised), who signs and
    as what, and the organisation's letterhead, number, place and date, so that the hash seals them too."""
    participant, mentor = plan.participant, plan.participant.mentor
    assert mentor is not None  # prepare_agreement, the one caller, refuses a participant without a mentor
    seminar = plan.slot_in(Seminar.Stage.DESIGN).seminar  # the agreement closes the design
    organisation = participant.cohort.organisation
    notes = []
    if revised:
        notes = [
            {"examiner": sheet.examiner.user.full_name, "note": sheet.note}
            for sheet in ScoreSheet.objects.filter(
                seminar=seminar, plan=plan, state=ScoreSheet.State.SUBMITTED
            ).select_related(person_path("examiner", "examiner"))
            if sheet.note
        ]
    return {
        "number": number,
        "place": organisation.place,
        "date": date_format(on or timezone.localdate(), "j F Y"),
        "organisation": {
            "name": organisation.name,
            "short_name": organisation.short_name,
            "government": organisation.government,
            "address": organisation.address,
            "phone": organisation.phone,
            "email": organisation.email,
            "website": organisation.website,
        },
        "cohort": participant.cohort.name,
        "training": participant.cohort.training_title,
        "organiser": organisation.short_name,
        "seminar": {"title": seminar.title, "date": date_format(seminar.date, "j F Y"), "venue": seminar.venue},
        "participant": {
            "name": participant.user.full_name,
            "nip": format_nip(participant.user.nip),
            "grade": describe_grade(participant.grade),
            "position": participant.position,
            "work_unit": participant.work_unit,
        },
        "plan": {"title": plan.title, "summary": plan.innovation, "objectives": plan.objectives},
        "milestones": [
            {"term": m.get_term_display(), "deliverable": m.deliverable, "due_date": date_format(m.due_date, "j F Y")}
            for m in plan.milestones.all()
        ],
        "examiner_notes": notes,
        "parties": {
            "participant": {
                "name": participant.user.full_name,
                "nip": format_nip(participant.user.nip),
                "grade": describe_grade(participant.grade),
                "position": participant.position,
                "institution": participant.work_unit,
            },
            "mentor": {
                "name": mentor.user.full_name,
                "nip": format_nip(mentor.user.nip),
                "grade": describe_grade(mentor.grade),
                "position": mentor.position,
            },
            "examiner": {
                "name": examiner.user.full_name,
                "nip": format_nip(examiner.user.nip),
                "grade": describe_grade(examiner.grade),
                "position": examiner.position,
                "institution": examiner.institution,
            },
        },
    }


def content_hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@transaction.atomic
def prepare_agreement(plan: ActionPlan, *, by: User, on: datetime.date | None = None) -> Agreement:
    """Generate the agreement of an examined plan, from its milestones as they stand (revised or not).

    The participant, their mentor or the cohort's staff (for a participant who has not) prepare it. It takes the
    organisation's next document number, once: an agreement prepared before is returned as it is. It is dated
    today, or `on` for a loader that writes past history (the demo). Audited; the three parties are told."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    existing = Agreement.objects.filter(plan=plan).first()
    if existing:
        return existing
    mentor = plan.participant.mentor
    if not any(plan.held_by(by, role) for role in ("owner", "mentor", "staff")):
        raise ValidationError(_("Only the participant, their mentor or the organiser prepares the agreement."))
    if plan.state != State.EXAMINED:
        raise ValidationError(_("An agreement is prepared only for a plan that has been examined."))
    revision = MilestoneRevision.objects.filter(plan=plan).first()
    if revision and not revision.is_confirmed:
        raise ValidationError(_("The revised milestones wait for the mentor's confirmation."))
    if mentor is None:
        raise ValidationError(_("The participant has no mentor to sign the agreement."))
    slot = plan.slot_in(Seminar.Stage.DESIGN)
    examiners = sorted(panel_examiners(plan, slot.seminar), key=lambda e: e.user.full_name) if slot else []
    if slot is None or not examiners:
        raise ValidationError(_("The plan has no examiner to sign the agreement."))
    today = on or timezone.localdate()
    seminar = slot.seminar
    if today < seminar.date:
        raise ValidationError(
            _("The agreement is made after the seminar: from %(date)s.") % {"date": date_format(seminar.date, "j F Y")},
            code="before_seminar",
        )
    number = next_document_number(plan.participant.cohort.organisation, on=today)
    content = agreement_content(plan, examiner=examiners[0], revised=revision is not None, number=number, on=today)
    agreement = Agreement.objects.create(
        plan=plan,
        examiner=examiners[0],
        number=number,
        content=content,
        content_hash=content_hash(content),
        code="".join(secrets.choice(CODE_ALPHABET) for _ in range(10)),
    )
    record(
        Verb.AGREEMENT_PREPARE,
        cohort=plan.participant.cohort,
        actor=by,
        target=agreement,
        to_state=agreement.state,
        data={"number": number},
    )
    title = plan.title
    notify_all(
        parties(agreement),
        lambda: (
            _("The agreement of “%(title)s” waits for your signature: sign it with your password.") % {"title": title}
        ),
        cohort=plan.participant.cohort,
        url=reverse("seminars:agreement", args=[plan.pk]),
    )
    return agreement


def parties(agreement: Agreement) -> list[User | None]:
    """The three who sign: the participant, their mentor and the examiner named in the agreement."""
    participant = agreement.plan.participant
    return [participant.user, participant.mentor.user if participant.mentor else None, agreement.examiner.user]


# Who signs as what: the signature's role and the registry's role that gives it (seminars.models.SIGNERS).
SIGNS_AS = {
    Signature.Role.PARTICIPANT: "owner",
    Signature.Role.MENTOR: "mentor",
    Signature.Role.EXAMINER: "examiner",
}


def role_of(agreement: Agreement, user: User) -> str | None:
    """As what `user` signs this agreement, or None for someone who is not one of its parties."""
    return next((signature for signature, role in SIGNS_AS.items() if agreement.held_by(user, role)), None)


LIFECYCLE = Lifecycle(
    Agreement.State,
    model=Agreement,
    kind="agreement",
    route=Agreement.ROUTE,
    noun=gettext_lazy("agreement"),
    related=[
        person_path("owner", "plan__participant"),
        person_path("mentor", "plan__participant"),
        "plan__participant__cohort",
        person_path("examiner", "examiner"),
    ],
)


def sign(agreement: Agreement, *, by: User, password: str, ip_address: str | None, user_agent: str) -> Signature:
    """Sign after entering the password again: the agreement's one transition. The third signature seals it, once.

    The password is checked first and throttled (participants.passwords), outside the transaction, so a wrong one
    is counted even though nothing is written. `ip_address` is the client's (core.client.client_address).
    Side effects of sealing: the plan becomes `agreed`, the three parties are told, and a job renders and stores the
    PDF (on the organisation's letterhead, with its number) and its hash after commit.
    """
    try:
        confirm_password(by, password)
    except ValidationError as error:
        if error.code == "wrong":
            message = _("The password is not correct. The agreement is not signed.")
            raise ValidationError(message, code="wrong") from None
        raise
    return _sign(agreement, by=by, ip_address=ip_address, user_agent=user_agent)


@transaction.atomic
def _sign(agreement: Agreement, *, by: User, ip_address: str | None, user_agent: str) -> Signature:
    agreement = lock(
        Agreement.objects.select_related(*LIFECYCLE.related),
        agreement.pk,
        gone=_("This agreement was discarded just now (a score sheet of the plan was reopened), so it is not signed."),
    )
    role = role_of(agreement, by)
    if role is None:
        raise ValidationError(_("You are not one of the three parties of this agreement."))
    if agreement.is_sealed or agreement.signatures.filter(role=role).exists():
        raise ValidationError(_("You have already signed this agreement."))
    if content_hash(agreement.content) != agreement.content_hash:
        raise ValidationError(_("The agreement's content has changed since it was prepared; it cannot be signed."))
    signed = agreement.signatures.count() + 1
    to = Agreement.State.SEALED if signed == len(Signature.Role) else Agreement.State.SIGNING
    with LIFECYCLE.moving(agreement, to=to, by=by, locked=True) as change:
        signature = Signature.objects.create(
            agreement=agreement,
            role=role,
            user=by,
            ip_address=ip_address,
            user_agent=user_agent[:300],
            content_hash=agreement.content_hash,
        )
        change.data = {"role": role, "ip_address": ip_address or ""}
    if to == Agreement.State.SEALED:
        _seal(agreement, by=by)
        title = agreement.plan.title
        notify_all(
            parties(agreement),
            lambda: _("The agreement of “%(title)s” is signed by all three and sealed.") % {"title": title},
            cohort=agreement.plan.participant.cohort,
            url=reverse("seminars:agreement", args=[agreement.plan_id]),
            detail=f"PDF: {absolute_url(reverse('seminars:agreement_pdf', args=[agreement.plan_id]))}",
        )
    return signature


def signers(agreement: Agreement, signatures) -> list[dict]:
    """The three signature blocks as the document shows them: what each signs as, who, and when they signed."""
    headings = {
        Signature.Role.PARTICIPANT: _("The participant,"),
        Signature.Role.MENTOR: _("The mentor,"),
        Signature.Role.EXAMINER: _("The examiner,"),
    }
    signed = {signature.role: signature.signed_at for signature in signatures}
    return [
        {
            "heading": headings.get(role, ""),
            "party": party,
            "signed": _("Signed electronically on %(at)s")
            % {"at": date_format(timezone.localtime(signed[role]), "j F Y H:i")}
            if role in signed
            else "",
        }
        for role, party in agreement.content["parties"].items()
    ]


def verification_base() -> str:
    """The permanent address of the verification page (VERIFY_URL, else SITE_URL's), ending in a slash."""
    return (settings.VERIFY_URL or absolute_url(reverse("seminars:verify_form"))).rstrip("/") + "/"


def verification_url(agreement: Agreement) -> str:
    """The address printed, and in the QR code, on the agreement: the permanent one, whatever host serves today."""
    return f"{verification_base()}{agreement.code}/"


def qr_png(agreement: Agreement) -> bytes:
    buffer = io.BytesIO()
    qrcode.make(verification_url(agreement), box_size=6, border=2).save(buffer)
    return buffer.getvalue()


@translation.override("id")
def render_pdf(agreement: Agreement) -> bytes:
    qr = base64.b64encode(qr_png(agreement)).decode()
    organisation = agreement.plan.participant.cohort.organisation
    html = render_to_string(
        "seminars/agreement_document.html",
        {
            # The logo is the organisation's own; every word of the letterhead comes from the sealed content.
            "logo": organisation.logo_data_url() if "organisation" in agreement.content else "",
            "agreement": agreement,
            "content": agreement.content,
            "signers": signers(agreement, agreement.signatures.all()),
            "qr": f"data:image/png;base64,{qr}",
            "verification_url": verification_url(agreement),
            "pdf": True,
        },
    )
    return html_to_pdf(html)


def _seal(agreement: Agreement, *, by: User) -> None:
    """Under the signing lock, only what seals the content: the time, and the plan agreed. The PDF is rendered by
    the worker after commit (`store_sealed_pdf`), so no signer waits on WeasyPrint while holding the row."""
    agreement.sealed_at = timezone.now()
    agreement.save(update_fields=["sealed_at"])
    workflow.transition(
        agreement.plan,
        to=State.AGREED,
        by=by,
        note=SystemNote(gettext_noop("The agreement is signed by all three parties.")),
    )
    request_job(
        Job.Kind.SEALED_PDF, cohort=agreement.plan.participant.cohort, by=None, params={"agreement": agreement.pk}
    )


def store_sealed_pdf(agreement: Agreement) -> bool:
    """Render a sealed agreement's PDF and keep it with its hash, once; returns whether it did. Rendering happens
    outside any lock; the row is locked only to store the file, so two workers never keep two different PDFs."""
    if agreement.pdf or not agreement.is_sealed:
        return False
    pdf = render_pdf(agreement)
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update(of=("self",)).get(pk=agreement.pk)
        if agreement.pdf:
            return False
        agreement.pdf_hash = hashlib.sha256(pdf).hexdigest()
        store_field(agreement, "pdf", ContentFile(pdf), f"kesepakatan-{agreement.code}.pdf")
        agreement.save(update_fields=["pdf", "pdf_hash"])
    return True


def pdf_job(agreement: Agreement) -> Job | None:
    """The job that renders a sealed agreement's PDF, while the PDF is not there yet."""
    return Job.objects.filter(kind=Job.Kind.SEALED_PDF, params__agreement=agreement.pk).order_by("-pk").first()


def is_unchanged(agreement: Agreement) -> bool:
    """The stored content still hashes to the value every signature was given."""
    digest = content_hash(agreement.content)
    return digest == agreement.content_hash and all(s.content_hash == digest for s in agreement.signatures.all())


def pdf_matches(agreement: Agreement, data: bytes) -> bool:
    return bool(agreement.pdf_hash) and hashlib.sha256(data).hexdigest() == agreement.pdf_hash


def waiting_for(agreement: Agreement) -> list[str]:
    signed = {s.role for s in agreement.signatures.all()}
    return [role for role in Signature.Role.values if role not in signed]
