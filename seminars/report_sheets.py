"""The report's lembar pengesahan: the sheet that closes the report stage, prepared once the report is examined at
the report seminar. It is an `Agreement` of stage `report`, signed, sealed, rendered and verified as the design's
sheet is (seminars.agreements); sealing it signs the report off and, where the programme says so, completes the work
(innovations.reports.sign_report)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from innovations.models import ActionPlan, WorkReport
from participants.models import User
from participants.notifications import notify_all
from participants.organisations import next_document_number
from participants.rules import person_path
from programmes.spec import SignOff

from .agreements import (
    PREPARERS,
    REPORT,
    SIGNS_FOR,
    head_of,
    heading,
    issue_sheet,
    page_of,
    parties,
    party_of,
    sheet_of,
    sign_off_of,
)
from .models import Agreement, Examiner, Seminar, Slot
from .scoring import panel_examiners


def report_slot(plan: ActionPlan) -> Slot | None:
    """The plan's slot at its cohort's report seminar, if it has one. The one place that knows how a plan's slots
    are kept."""
    return Slot.objects.filter(plan=plan, seminar__stage=REPORT).select_related("seminar").first()


def report_seminar(plan: ActionPlan) -> Seminar | None:
    """The report seminar the work was presented at: the one of its slot, else its cohort's (the earliest)."""
    slot = report_slot(plan)
    if slot is not None:
        return slot.seminar
    return Seminar.objects.filter(cohort=plan.participant.cohort, stage=REPORT).order_by("date", "pk").first()


def _examiner(plan: ActionPlan) -> Examiner | None:
    """Who signs as the examiner: one of the report seminar's panel where the plan has its slot there, else the
    examiner who signed the design's sheet."""
    slot = report_slot(plan)
    if slot is not None:
        examiners = sorted(panel_examiners(plan, slot.seminar), key=lambda e: e.user.full_name)
        return examiners[0] if examiners else None
    design = sheet_of(plan)
    return design.examiner if design else None


def _statement(plan: ActionPlan, seminar: Seminar | None) -> str:
    spec = plan.participant.cohort.programme_spec
    stage = spec.stage(REPORT)
    assert stage is not None  # prepare_report_sheet refuses a programme without a report stage
    words = {"report": stage.name, "work": spec.work}
    if seminar is None:
        title = stage.seminar.title if stage.seminar else _("report seminar")
        return _("The %(report)s of the %(work)s above was presented at the %(seminar)s and is hereby approved.") % {
            **words,
            "seminar": title,
        }
    return _(
        "The %(report)s of the %(work)s above was presented at the %(seminar)s on %(date)s and is hereby approved."
    ) % {**words, "seminar": seminar.title, "date": date_format(seminar.date, "j F Y")}


@translation.override("id")
def report_content(plan: ActionPlan, report: WorkReport, sign_off: SignOff, *, examiner, number: str, on) -> dict:
    """What the lembar pengesahan's signers sign, as plain data in Indonesian: the letterhead, number, place and
    date, its title, the participant, the work's title, the activities as reported (what was done, the output, the
    basic values), the statement that it was presented at the report seminar, the signers in the programme's order
    and the head under "Mengetahui" where the programme asks; the hash seals it all."""
    spec = plan.participant.cohort.programme_spec
    stage = spec.stage(REPORT)
    milestones = spec.list_spec("milestones")
    seminar = report_seminar(plan)
    entries = {entry.milestone_id: entry for entry in report.entries.all()}
    content = {
        **heading(plan, number=number, on=on),
        "title": sign_off.title,
        "work": stage.name if stage else spec.work,
        "seminar": {
            "title": seminar.title if seminar else "",
            "date": date_format(seminar.date, "j F Y") if seminar else "",
            "venue": seminar.venue if seminar else "",
        },
        "plan": {"title": plan.title, "summary": report.summary},
        "milestones_title": milestones.label if milestones and milestones.label else "",
        "milestones": [],
        "activities": [
            {
                "deliverable": milestone.deliverable,
                "done": entries[milestone.pk].done if milestone.pk in entries else "",
                "output": entries[milestone.pk].output if milestone.pk in entries else "",
                "values": ", ".join(entries[milestone.pk].values) if milestone.pk in entries else "",
            }
            for milestone in plan.milestones.all()
        ],
        "examiner_notes": [],
        "parties": {SIGNS_FOR[role]: party_of(role, plan, examiner) for role in sign_off.signers},
        "statement": _statement(plan, seminar),
    }
    if sign_off.known_by_head:
        content["head"] = head_of(plan.participant.cohort.organisation)
    return content


def _check(plan: ActionPlan, by: User) -> tuple[WorkReport, SignOff, Examiner]:
    """Refuse, in words, a sheet that may not be prepared yet; otherwise the report, the sign_off and the examiner."""
    if not any(plan.held_by(by, role) for role in PREPARERS):
        raise ValidationError(_("Only the participant, their mentor or coach, or the organiser prepares the sheet."))
    sign_off = sign_off_of(plan.participant.cohort, REPORT)
    if sign_off is None:
        raise ValidationError(_("This cohort's programme closes the report without a signed sheet."))
    report = WorkReport.objects.filter(plan=plan).prefetch_related("entries").first()
    if report is None or report.state != WorkReport.State.EXAMINED:
        raise ValidationError(
            _("The sheet is prepared once the report has been examined at the report seminar."), code="not_examined"
        )
    if "coach" in sign_off.signers and plan.participant.coach is None:
        raise ValidationError(
            _("The participant has no coach to sign the sheet: staff choose one on the participant's page."),
            code="no_coach",
        )
    if "mentor" in sign_off.signers and plan.participant.mentor is None:
        raise ValidationError(_("The participant has no mentor to sign the sheet."), code="no_mentor")
    examiner = _examiner(plan)
    if examiner is None:
        raise ValidationError(_("The work has no examiner to sign the sheet."), code="no_examiner")
    return report, sign_off, examiner


@transaction.atomic
def prepare_report_sheet(plan: ActionPlan, *, by: User, on: datetime.date | None = None) -> Agreement:
    """Generate the lembar pengesahan of a work whose report is examined, from the report as it stands.

    The participant, their mentor or coach, or the cohort's staff prepare it. It takes the organisation's next
    document number, once: a sheet prepared before is returned as it is. Dated today, or `on`. Audited; its
    signers are told."""
    plan = (
        ActionPlan.objects.select_for_update(of=("self",))
        .select_related("participant__cohort__organisation", person_path("owner", "participant"))
        .get(pk=plan.pk)
    )
    existing = sheet_of(plan, REPORT)
    if existing:
        return existing
    report, sign_off, examiner = _check(plan, by)
    today = on or timezone.localdate()
    number = next_document_number(plan.participant.cohort.organisation, on=today)
    content = report_content(plan, report, sign_off, examiner=examiner, number=number, on=today)
    sheet = issue_sheet(plan, stage=REPORT, examiner=examiner, content=content, number=number, by=by)
    title, name = plan.title, sign_off.title
    notify_all(
        parties(sheet),
        lambda: (
            _("“%(sheet)s” of “%(title)s” waits for your signature: sign it with your password.")
            % {"sheet": name, "title": title}
        ),
        cohort=plan.participant.cohort,
        url=page_of(sheet),
    )
    return sheet
