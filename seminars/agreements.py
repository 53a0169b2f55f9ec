"""The three-party agreement: prepare it, sign it three times (its one lifecycle), seal it, verify it."""

import base64
import datetime
import hashlib
import io
import json
import secrets
from typing import Any

import qrcode
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core.documents import html_to_pdf
from core.editing import lock
from core.links import absolute_url
from core.storage import store_field
from innovations import reports, workflow
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
from programmes.spec import SignOff

from .models import Agreement, MilestoneRevision, ScoreSheet, Seminar, Signature
from .scoring import panel_examiners

State = ActionPlan.State
APPROVAL = "approval"  # programmes.spec.SIGN_OFF_KINDS: an approval sheet rather than the three-party agreement
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on paper


DESIGN, REPORT = Seminar.Stage.DESIGN, Seminar.Stage.REPORT


def sheet_of(plan: ActionPlan, stage: str = DESIGN) -> Agreement | None:
    """The plan's sheet of one stage (the design's agreement or approval sheet, the report's lembar pengesahan), or
    None before it is prepared."""
    return Agreement.objects.filter(plan=plan, stage=stage).first()


# Each stage's sheet's pages (seminars.urls): its page, and its sealed PDF.
PAGES: dict[str, dict[str, str]] = {
    DESIGN: {"page": "seminars:agreement", "pdf": "seminars:agreement_pdf"},
    REPORT: {"page": "seminars:report_sheet", "pdf": "seminars:report_sheet_pdf"},
}


def page_of(agreement: Agreement, page: str = "page") -> str:
    """The address of a sheet's page, or of its sealed PDF (`page="pdf"`)."""
    return reverse(PAGES[agreement.stage][page], args=[agreement.plan_id])


def sign_off_of(cohort, stage: str = DESIGN) -> SignOff | None:
    """The sheet that closes a stage (the design's, the report's) in the cohort's programme
    (programmes.spec.SignOff), if any."""
    found = cohort.programme_spec.stage(stage)
    return found.sign_off if found else None


def title_of(cohort, stage: str = DESIGN) -> str:
    """The sheet's name on its pages: the programme's for an approval sheet, "Agreement" for the kesepakatan."""
    sign_off = sign_off_of(cohort, stage)
    return sign_off.title if sign_off and sign_off.kind == APPROVAL else _("Agreement")


def labels_of(cohort, title: str, stage: str = DESIGN) -> dict[str, str]:
    """The words of the sheet's buttons: the agreement's own, or the approval sheet's by its title."""
    sign_off = sign_off_of(cohort, stage)
    if sign_off and sign_off.kind == APPROVAL:
        sheet = sign_off.title
        return {
            "prepare": _("Prepare: %(sheet)s") % {"sheet": sheet},
            "sign": _("Sign: %(sheet)s") % {"sheet": sheet},
            "sign_again": _("Sign: %(sheet)s of “%(title)s”") % {"sheet": sheet, "title": title},
        }
    return {
        "prepare": _("Prepare the agreement"),
        "sign": _("Sign the agreement"),
        "sign_again": _("Sign the agreement of “%(title)s”") % {"title": title},
    }


def party_of(role: str, plan: ActionPlan, examiner) -> dict:
    """One signer as the sheet names them, by the registry's role (programmes.spec.SignOff.signers)."""
    participant = plan.participant
    person = {"owner": participant, "mentor": participant.mentor, "coach": participant.coach, "examiner": examiner}
    if role == "staff":  # whoever of the organisation's staff signs for it: named by their signature
        organisation = participant.cohort.organisation
        return {"name": "", "nip": "", "grade": "", "position": _("Organiser"), "institution": organisation.name}
    holder = person[role]
    party = {
        "name": holder.user.full_name,
        "nip": format_nip(holder.user.nip),
        "grade": describe_grade(holder.grade),
        "position": holder.position,
    }
    # The participant's institution is their work unit; a mentor has none on record.
    institution = participant.work_unit if role == "owner" else getattr(holder, "institution", None)
    if institution is not None:
        party["institution"] = institution
    return party


def _approval(plan: ActionPlan, sign_off: SignOff, seminar) -> dict:
    """What an approval sheet says beyond the agreement's content: its title, its statement, and the head who
    acknowledges it ("Mengetahui") where the programme asks."""
    organisation = plan.participant.cohort.organisation
    spec = plan.participant.cohort.programme_spec
    milestones = spec.list_spec("milestones")
    extra: dict[str, Any] = {
        "title": sign_off.title,
        "work": spec.work,
        "milestones_title": milestones.label if milestones and milestones.label else "",
        "statement": _(
            "The %(work)s above was presented at the %(seminar)s on %(date)s and is approved to be carried out in "
            "the participant's work unit."
        )
        % {"work": spec.work, "seminar": seminar.title, "date": date_format(seminar.date, "j F Y")},
    }
    if sign_off.known_by_head:
        extra["head"] = head_of(organisation)
    return extra


# The signature's role for each of the registry's roles that may sign.
SIGNS_FOR = {"owner": "participant", "mentor": "mentor", "examiner": "examiner", "coach": "coach", "staff": "staff"}


def heading(plan: ActionPlan, *, number: str, on) -> dict:
    """What every sheet's content opens with: its number, place and date, the organisation's letterhead, the
    training and the participant."""
    participant = plan.participant
    organisation = participant.cohort.organisation
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
        "participant": {
            "name": participant.user.full_name,
            "nip": format_nip(participant.user.nip),
            "grade": describe_grade(participant.grade),
            "position": participant.position,
            "work_unit": participant.work_unit,
        },
    }


def head_of(organisation) -> dict:
    """The organisation's head, who acknowledges a sheet ("Mengetahui") where the programme asks."""
    return {
        "name": organisation.head_name,
        "nip": format_nip(organisation.head_nip) if organisation.head_nip else "",
        "grade": organisation.head_grade,
        "position": organisation.head_position,
    }


@translation.override("id")
def agreement_content(plan: ActionPlan, *, examiner, revised: bool, number: str = "", on=None) -> dict:
    """What its signers sign, as plain data in Indonesian: the plan as examined (and revised), who signs and as
    what (the programme's sign_off), and the organisation's letterhead, number, place and date, so that the hash
    seals them too. An approval sheet adds its title and statement."""
    participant, mentor = plan.participant, plan.participant.mentor
    assert mentor is not None  # prepare_agreement, the one caller, refuses a participant without a mentor
    sign_off = sign_off_of(participant.cohort)
    assert sign_off is not None  # prepare_agreement refuses a programme whose design closes without a sheet
    seminar = plan.slot_in(Seminar.Stage.DESIGN).seminar  # the sheet closes the design
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
        **heading(plan, number=number, on=on),
        "seminar": {"title": seminar.title, "date": date_format(seminar.date, "j F Y"), "venue": seminar.venue},
        "plan": {"title": plan.title, "summary": plan.innovation, "objectives": plan.objectives},
        "milestones": [
            {"term": m.get_term_display(), "deliverable": m.deliverable, "due_date": date_format(m.due_date, "j F Y")}
            for m in plan.milestones.all()
        ],
        "examiner_notes": notes,
        "parties": {SIGNS_FOR[role]: party_of(role, plan, examiner) for role in sign_off.signers},
        **(_approval(plan, sign_off, seminar) if sign_off.kind == APPROVAL else {}),
    }


def content_hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def issue_sheet(plan: ActionPlan, *, stage: str, examiner, content: dict, number: str, by: User) -> Agreement:
    """A new sheet of `stage` for the plan: its content hashed, its verification code drawn, its one audit event
    (the report's names its stage). The caller holds the plan's lock and has checked the move."""
    sheet = Agreement.objects.create(
        plan=plan,
        stage=stage,
        examiner=examiner,
        number=number,
        content=content,
        content_hash=content_hash(content),
        code="".join(secrets.choice(CODE_ALPHABET) for _ in range(10)),
    )
    data = {"number": number} if stage == DESIGN else {"number": number, "stage": stage}
    record(
        Verb.AGREEMENT_PREPARE, cohort=plan.participant.cohort, actor=by, target=sheet, to_state=sheet.state, data=data
    )
    return sheet


@transaction.atomic
def prepare_agreement(plan: ActionPlan, *, by: User, on: datetime.date | None = None) -> Agreement:
    """Generate the agreement of an examined plan, from its milestones as they stand (revised or not).

    The participant, their mentor or the cohort's staff (for a participant who has not) prepare it. It takes the
    organisation's next document number, once: an agreement prepared before is returned as it is. It is dated
    today, or `on` for a loader that writes past history (the demo). Audited; the three parties are told."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    existing = sheet_of(plan, DESIGN)
    if existing:
        return existing
    mentor = plan.participant.mentor
    if not any(plan.held_by(by, role) for role in PREPARERS):
        raise ValidationError(_("Only the participant, their mentor or coach, or the organiser prepares the sheet."))
    if plan.state != State.EXAMINED:
        raise ValidationError(_("An agreement is prepared only for a plan that has been examined."))
    sign_off = sign_off_of(plan.participant.cohort)
    if sign_off is None:
        raise ValidationError(_("This cohort's programme closes the design without a signed sheet."))
    if "coach" in sign_off.signers and plan.participant.coach is None:
        raise ValidationError(
            _("The participant has no coach to sign the sheet: staff choose one on the participant's page."),
            code="no_coach",
        )
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
    agreement = issue_sheet(plan, stage=DESIGN, examiner=examiners[0], content=content, number=number, by=by)
    title, sheet = plan.title, content.get("title")
    notify_all(
        parties(agreement),
        lambda: (
            _("“%(sheet)s” of “%(title)s” waits for your signature: sign it with your password.")
            % {"sheet": sheet, "title": title}
            if sheet
            else _("The agreement of “%(title)s” waits for your signature: sign it with your password.")
            % {"title": title}
        ),
        cohort=plan.participant.cohort,
        url=page_of(agreement),
    )
    return agreement


# Who may prepare a sheet: its participant, their mentor or coach, the cohort's staff.
PREPARERS = ("owner", "mentor", "coach", "staff")
# Who signs as what: the signature's role and the registry's role that gives it (seminars.models.SIGNERS).
SIGNS_AS = {signature: role for role, signature in SIGNS_FOR.items()}


def signers_by_role(agreement: Agreement) -> dict[str, list[User]]:
    """The people who may give each of the sheet's signatures, by the signature's role: one person each, or the
    organisation's staff for the organiser's."""
    participant = agreement.plan.participant
    people = {
        Signature.Role.PARTICIPANT: [participant.user],
        Signature.Role.MENTOR: [participant.mentor.user] if participant.mentor else [],
        Signature.Role.COACH: [participant.coach.user] if participant.coach else [],
        Signature.Role.EXAMINER: [agreement.examiner.user],
    }
    return {
        role: people[role] if role in people else list(participant.cohort.organisation.staff_members.all())
        for role in agreement.content["parties"]
    }


def parties(agreement: Agreement) -> list[User]:
    """Everyone who signs the sheet (the three of the agreement; an approval sheet's signers)."""
    return [user for users in signers_by_role(agreement).values() for user in users]


def role_of(agreement: Agreement, user: User) -> str | None:
    """As what `user` signs this sheet, or None for someone who is not one of its parties."""
    return next((key for key in agreement.content["parties"] if agreement.held_by(user, SIGNS_AS[key])), None)


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


def sign(
    agreement: Agreement, *, by: User, password: str, ip_address: str | None, user_agent: str, session=None
) -> Signature:
    """Sign after entering the password again: the agreement's one transition. The third signature seals it, once.

    The password is checked first and throttled (participants.passwords), outside the transaction, so a wrong one
    is counted even though nothing is written. With the signer's `session`, a password confirmed in it within
    PASSWORD_CONFIRMED_FOR stands for this signature too; the audit event names when it was confirmed either way.
    `ip_address` is the client's (core.client.client_address).
    Side effects of sealing: the plan becomes `agreed`, the three parties are told, and a job renders and stores the
    PDF (on the organisation's letterhead, with its number) and its hash after commit.
    """
    try:
        confirmed = confirm_password(by, password, session=session)
    except ValidationError as error:
        if error.code == "wrong":
            message = _("The password is not correct. The agreement is not signed.")
            raise ValidationError(message, code="wrong") from None
        raise
    return _sign(agreement, by=by, confirmed=confirmed, ip_address=ip_address, user_agent=user_agent)


@transaction.atomic
def _sign(
    agreement: Agreement, *, by: User, confirmed: datetime.datetime, ip_address: str | None, user_agent: str
) -> Signature:
    agreement = lock(
        Agreement.objects.select_related(*LIFECYCLE.related),
        agreement.pk,
        gone=_("This agreement was discarded just now (a score sheet of the plan was reopened), so it is not signed."),
    )
    role = role_of(agreement, by)
    if role is None:
        raise ValidationError(_("You are not one of those who sign this sheet."))
    if agreement.is_sealed or agreement.signatures.filter(role=role).exists():
        raise ValidationError(_("You have already signed this agreement."))
    if content_hash(agreement.content) != agreement.content_hash:
        raise ValidationError(_("The agreement's content has changed since it was prepared; it cannot be signed."))
    signed = agreement.signatures.count() + 1
    to = Agreement.State.SEALED if signed == len(agreement.content["parties"]) else Agreement.State.SIGNING
    with LIFECYCLE.moving(agreement, to=to, by=by, locked=True) as change:
        signature = Signature.objects.create(
            agreement=agreement,
            role=role,
            user=by,
            ip_address=ip_address,
            user_agent=user_agent[:300],
            content_hash=agreement.content_hash,
        )
        change.data = {
            "role": role,
            "ip_address": ip_address or "",
            "password_confirmed_at": confirmed.isoformat(timespec="seconds"),
        }
    if to == Agreement.State.SEALED:
        _seal(agreement, by=by)
        title, sheet = agreement.plan.title, agreement.content.get("title")
        notify_all(
            parties(agreement),
            lambda: (
                _("“%(sheet)s” of “%(title)s” is signed by all its signers and sealed.")
                % {"sheet": sheet, "title": title}
                if sheet
                else _("The agreement of “%(title)s” is signed by all three and sealed.") % {"title": title}
            ),
            cohort=agreement.plan.participant.cohort,
            url=page_of(agreement),
            detail=f"PDF: {absolute_url(page_of(agreement, 'pdf'))}",
        )
    return signature


def ordered_parties(agreement: Agreement) -> list[tuple[str, dict]]:
    """The sheet's parties in the programme's order of its signers: PostgreSQL's jsonb keeps a JSON object's keys
    in its own order, not the order they were written in. Parties the programme no longer names come last."""
    parties = agreement.content["parties"]
    sign_off = sign_off_of(agreement.plan.participant.cohort, agreement.stage)
    order = [SIGNS_FOR[role] for role in sign_off.signers] if sign_off else []
    return sorted(parties.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))


def signers(agreement: Agreement, signatures) -> list[dict]:
    """The three signature blocks as the document shows them: what each signs as, who, and when they signed."""
    headings: dict[str, str] = {
        Signature.Role.PARTICIPANT: _("The participant,"),
        Signature.Role.MENTOR: _("The mentor,"),
        Signature.Role.EXAMINER: _("The examiner,"),
        Signature.Role.COACH: _("The coach,"),
        Signature.Role.STAFF: _("For the organiser,"),
    }
    signed = {signature.role: signature for signature in signatures}
    blocks = []
    for role, party in ordered_parties(agreement):
        signature = signed.get(role)
        if signature and not party["name"]:  # the organiser's: named by the staff member who signed
            party = {**party, "name": signature.user.full_name, "nip": format_nip(signature.user.nip)}
        at = date_format(timezone.localtime(signature.signed_at), "j F Y H:i") if signature else ""
        blocks.append(
            {
                "heading": headings.get(role, ""),
                "party": party,
                "signed": _("Signed electronically on %(at)s") % {"at": at} if signature else "",
            }
        )
    return blocks


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
    if agreement.stage == REPORT:
        # The report is signed off; where the programme completes the work by its report, so is the plan.
        sealed = gettext_noop("The report's approval sheet is signed by all its signers.")
        reports.sign_report(agreement.plan, by=by, note=SystemNote(sealed))
    else:
        sealed = (
            gettext_noop("The approval sheet is signed by all its signers.")
            if agreement.content.get("title")
            else gettext_noop("The agreement is signed by all three parties.")
        )
        workflow.transition(agreement.plan, to=State.AGREED, by=by, note=SystemNote(sealed))
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
        store_field(agreement, "pdf", ContentFile(pdf), file_name(agreement))
        agreement.save(update_fields=["pdf", "pdf_hash"])
    return True


def file_name(agreement: Agreement) -> str:
    """The sealed PDF's name: the sheet's title (lembar-persetujuan-rancangan-aktualisasi-…) or kesepakatan-…."""
    return f"{slugify(agreement.content.get('title') or 'kesepakatan')}-{agreement.code}.pdf"


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
    return [role for role, _party in ordered_parties(agreement) if role not in signed]
