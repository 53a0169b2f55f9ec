"""The three-party agreement: revise once, generate, sign three times, seal, verify."""

import base64
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

from innovations import workflow
from innovations.models import ActionPlan, Milestone
from innovations.pdf import html_to_pdf
from participants.civil_service import describe_grade, format_nip
from participants.models import User

from .models import Agreement, MilestoneRevision, ScoreSheet, Signature
from .scoring import panel_examiners

State = ActionPlan.State
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on paper


def _milestones_data(milestones) -> list[dict]:
    return [{"term": m["term"], "deliverable": m["deliverable"], "due_date": str(m["due_date"])} for m in milestones]


@transaction.atomic
def propose_revision(plan: ActionPlan, *, milestones: list[dict], by: User) -> MilestoneRevision:
    """The participant's one revision of the milestones after the seminar; nothing changes until the mentor confirms."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.participant.user_id != by.pk or plan.state != State.EXAMINED:
        raise ValidationError(
            _("Only the participant can revise the milestones, after the seminar and before signing.")
        )
    if MilestoneRevision.objects.filter(plan=plan).exists() or Agreement.objects.filter(plan=plan).exists():
        raise ValidationError(_("The milestones can be revised once only, before the agreement is prepared."))
    if not any(m["term"] == Milestone.Term.SHORT for m in milestones):
        raise ValidationError(_("Keep at least one short-term milestone."))
    return MilestoneRevision.objects.create(plan=plan, milestones=_milestones_data(milestones))


@transaction.atomic
def confirm_revision(revision: MilestoneRevision, *, by: User) -> Agreement:
    """The mentor confirms the revised milestones; they replace the old ones and the agreement is prepared."""
    revision = MilestoneRevision.objects.select_for_update().get(pk=revision.pk)
    plan = revision.plan
    if plan.participant.mentor is None or plan.participant.mentor.user_id != by.pk:
        raise ValidationError(_("Only the participant's mentor can confirm the revision."))
    if revision.confirmed_at:
        raise ValidationError(_("This revision is already confirmed."))
    plan.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(plan=plan, term=m["term"], deliverable=m["deliverable"], due_date=m["due_date"], order=order)
        for order, m in enumerate(revision.milestones, start=1)
    )
    revision.confirmed_by, revision.confirmed_at = by, timezone.now()
    revision.save(update_fields=["confirmed_by", "confirmed_at"])
    return prepare_agreement(plan, by=by)


@translation.override("id")
def agreement_content(plan: ActionPlan, *, examiner, revised: bool) -> dict:
    """What the three parties sign, as plain data in Indonesian: the plan as examined (and revised), and who signs."""
    participant, mentor = plan.participant, plan.participant.mentor
    seminar = plan.slot.seminar
    notes = []
    if revised:
        notes = [
            {"examiner": sheet.examiner.user.full_name, "note": sheet.note}
            for sheet in ScoreSheet.objects.filter(plan=plan, state=ScoreSheet.State.SUBMITTED).select_related(
                "examiner__user"
            )
            if sheet.note
        ]
    return {
        "cohort": participant.cohort.name,
        "training": participant.cohort.training_title,
        "organiser": participant.cohort.organiser,
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
            "participant": {"name": participant.user.full_name, "nip": format_nip(participant.user.nip)},
            "mentor": {"name": mentor.user.full_name, "nip": format_nip(mentor.user.nip), "position": mentor.position},
            "examiner": {
                "name": examiner.user.full_name,
                "nip": format_nip(examiner.user.nip),
                "institution": examiner.institution,
            },
        },
    }


def content_hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@transaction.atomic
def prepare_agreement(plan: ActionPlan, *, by: User) -> Agreement:
    """Generate the agreement of an examined plan, from its milestones as they stand (revised or not)."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    existing = Agreement.objects.filter(plan=plan).first()
    if existing:
        return existing
    mentor = plan.participant.mentor
    if by.pk != plan.participant.user_id and (mentor is None or by.pk != mentor.user_id):
        raise ValidationError(_("Only the participant or their mentor prepares the agreement."))
    if plan.state != State.EXAMINED:
        raise ValidationError(_("An agreement is prepared only for a plan that has been examined."))
    revision = MilestoneRevision.objects.filter(plan=plan).first()
    if revision and not revision.confirmed_at:
        raise ValidationError(_("The revised milestones wait for the mentor's confirmation."))
    if mentor is None:
        raise ValidationError(_("The participant has no mentor to sign the agreement."))
    examiners = sorted(panel_examiners(plan), key=lambda e: e.user.full_name)
    if not examiners:
        raise ValidationError(_("The plan has no examiner to sign the agreement."))
    content = agreement_content(plan, examiner=examiners[0], revised=revision is not None)
    return Agreement.objects.create(
        plan=plan,
        examiner=examiners[0],
        content=content,
        content_hash=content_hash(content),
        code="".join(secrets.choice(CODE_ALPHABET) for _ in range(10)),
    )


def role_of(agreement: Agreement, user: User) -> str | None:
    plan = agreement.plan
    if plan.participant.user_id == user.pk:
        return Signature.Role.PARTICIPANT
    if plan.participant.mentor and plan.participant.mentor.user_id == user.pk:
        return Signature.Role.MENTOR
    if agreement.examiner.user_id == user.pk:
        return Signature.Role.EXAMINER
    return None


@transaction.atomic
def sign(agreement: Agreement, *, by: User, password: str, ip_address: str | None, user_agent: str) -> Signature:
    """Sign after entering the password again. The third signature seals the agreement, once.

    Side effects of sealing: the PDF is rendered and stored with its hash, and the plan becomes `agreed`.
    """
    agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("plan__participant__user", "plan__participant__mentor__user", "examiner__user")
        .get(pk=agreement.pk)
    )
    role = role_of(agreement, by)
    if role is None:
        raise ValidationError(_("You are not one of the three parties of this agreement."))
    if not by.check_password(password):
        raise ValidationError(_("The password is not correct. The agreement is not signed."))
    if agreement.is_sealed or agreement.signatures.filter(role=role).exists():
        raise ValidationError(_("You have already signed this agreement."))
    if content_hash(agreement.content) != agreement.content_hash:
        raise ValidationError(_("The agreement's content has changed since it was prepared; it cannot be signed."))
    signature = Signature.objects.create(
        agreement=agreement,
        role=role,
        user=by,
        ip_address=ip_address,
        user_agent=user_agent[:300],
        content_hash=agreement.content_hash,
    )
    if agreement.signatures.count() == len(Signature.Role):
        _seal(agreement, by=by)
    return signature


def verification_url(agreement: Agreement) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("verify", args=[agreement.code])


def qr_png(agreement: Agreement) -> bytes:
    buffer = io.BytesIO()
    qrcode.make(verification_url(agreement), box_size=6, border=2).save(buffer)
    return buffer.getvalue()


@translation.override("id")
def render_pdf(agreement: Agreement) -> bytes:
    qr = base64.b64encode(qr_png(agreement)).decode()
    html = render_to_string(
        "seminars/agreement_document.html",
        {
            "agreement": agreement,
            "content": agreement.content,
            "signatures": agreement.signatures.all(),
            "qr": f"data:image/png;base64,{qr}",
            "verification_url": verification_url(agreement),
            "pdf": True,
        },
    )
    return html_to_pdf(html)


def _seal(agreement: Agreement, *, by: User) -> None:
    agreement.sealed_at = timezone.now()
    pdf = render_pdf(agreement)
    agreement.pdf_hash = hashlib.sha256(pdf).hexdigest()
    agreement.pdf.save(f"kesepakatan-{agreement.code}.pdf", ContentFile(pdf), save=False)
    agreement.save(update_fields=["sealed_at", "pdf", "pdf_hash"])
    workflow.transition(agreement.plan, to=State.AGREED, by=by, note=_("The agreement is signed by all three parties."))


def is_unchanged(agreement: Agreement) -> bool:
    """The stored content still hashes to the value every signature was given."""
    digest = content_hash(agreement.content)
    return digest == agreement.content_hash and all(s.content_hash == digest for s in agreement.signatures.all())


def pdf_matches(agreement: Agreement, data: bytes) -> bool:
    return bool(agreement.pdf_hash) and hashlib.sha256(data).hexdigest() == agreement.pdf_hash


def waiting_for(agreement: Agreement) -> list[str]:
    signed = {s.role for s in agreement.signatures.all()}
    return [role for role in Signature.Role.values if role not in signed]
