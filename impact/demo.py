"""The demo's innovations after their cohort, written through the real services: records kept by their participants
and confirmed by their mentors, with measured indicators, evaluations and the decree as files; dossiers chosen;
the follow-up questionnaire set and sent. The story itself (which plan, which organisation) is portal/demo's."""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from django.core.files.base import ContentFile
from django.utils import translation
from PIL import Image, ImageDraw

from innovations.models import ActionPlan
from innovations.records import InnovationForm
from participants.models import Cohort, Mentor, User

from . import dossiers, followups
from . import record as records
from .forms import QuestionFormSet, QuestionnaireForm
from .models import Dossier


def demo_pdf(title: str, lines: list[str]) -> ContentFile:
    """A small, valid one-page PDF with a few lines of text: the demo's decree and evaluation reports."""

    def text(value: str) -> str:
        return (
            value.encode("latin-1", "replace")
            .decode("latin-1")
            .replace("\\", "\\\\")
            .replace("(", "\\(")
            .replace(")", "\\)")
        )

    body = "BT /F1 14 Tf 60 780 Td (" + text(title) + ") Tj /F1 10 Tf"
    for line in lines:
        body += " 0 -18 Td (" + text(line) + ") Tj"
    body += " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(body)} >>\nstream\n{body}\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{content}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return _upload(out, f"{title}.pdf", "application/pdf")


def demo_photo(caption: str, colour: tuple[int, int, int]) -> ContentFile:
    """A small picture standing for a photo of evidence (a counter, a form, a queue)."""
    image = Image.new("RGB", (320, 200), colour)
    ImageDraw.Draw(image).text((12, 12), caption, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return _upload(buffer.getvalue(), f"{caption}.png", "image/png")


def _upload(data: bytes, name: str, content_type: str) -> ContentFile:
    # As the forms leave an upload once checked (innovations.forms.checked_upload).
    upload = ContentFile(data, name=name)
    # An attribute the upload forms set on an upload once checked, that a ContentFile does not declare.
    upload.detected_type = content_type  # type: ignore[attr-defined]
    return upload


@dataclass
class IndicatorStory:
    name: str
    unit: str
    baseline: str
    baseline_on: datetime.date
    measures: list[tuple[str, datetime.date]]
    lower_is_better: bool = True


@dataclass
class RecordStory:
    """What a demo innovation became after its cohort."""

    stage: str
    texts: dict[str, str]
    trial: datetime.date | None = None
    implemented: datetime.date | None = None
    digital: bool = False
    form: str = InnovationForm.PUBLIC_SERVICE
    decree: tuple[str, datetime.date] | None = None
    indicators: list[IndicatorStory] = field(default_factory=list)
    evaluations: list[tuple[str, str, datetime.date, str]] = field(default_factory=list)
    confirmed: bool = True  # otherwise sent to the mentor, waiting


def keep_record(plan: ActionPlan, story: RecordStory) -> None:
    """The participant writes the record, adds its indicators, measures and evaluations, and sends it; the mentor
    confirms it (or it waits). Skipped when the plan has a record already."""
    if records.InnovationRecord.objects.filter(plan=plan).exists():
        return
    owner = plan.participant.user
    fields = {
        "stage": story.stage,
        "trial_date": story.trial,
        "implementation_date": story.implemented,
        "digital": story.digital,
        "form": story.form,
        "decree_number": story.decree[0] if story.decree else "",
        "decree_date": story.decree[1] if story.decree else None,
        **story.texts,
    }
    decree = demo_pdf(f"SK {story.decree[0]}", [plan.title, plan.participant.user.full_name]) if story.decree else None
    records.save_profile(plan, by=owner, fields=fields, version=None, decree=decree)
    for number, told in enumerate(story.indicators):
        indicator = records.add_indicator(
            plan,
            by=owner,
            name=told.name,
            unit=told.unit,
            baseline=Decimal(told.baseline),
            baseline_on=told.baseline_on,
            lower_is_better=told.lower_is_better,
        )
        for value, measured_on in told.measures:
            records.add_measurement(
                indicator,
                by=owner,
                value=Decimal(value),
                measured_on=measured_on,
                note="",
                evidence=demo_photo(f"{told.name} {measured_on:%Y-%m}", (40 + 60 * number, 90, 140)),
            )
    for kind, evaluator, evaluated_on, findings in story.evaluations:
        records.add_evaluation(
            plan,
            by=owner,
            kind=kind,
            evaluator=evaluator,
            evaluated_on=evaluated_on,
            findings=findings,
            report=demo_pdf(f"Laporan evaluasi {evaluated_on:%Y}", [evaluator, plan.title, findings[:80]]),
        )
    current = records.InnovationRecord.objects.get(plan=plan)
    records.transition(current, to=records.State.SUBMITTED, by=owner)
    if story.confirmed:
        assert plan.participant.mentor is not None  # every demo participant has a mentor
        records.transition(current, to=records.State.CONFIRMED, by=plan.participant.mentor.user)


def in_indonesian(text) -> str:
    with translation.override("id"):
        return str(text)


def choose(plan: ActionPlan, form: str, *, by: User, organisation, submit: bool = False) -> Dossier:
    dossier, _created = dossiers.choose(plan, form, by=by, organisation=organisation)
    if submit and dossier.state == Dossier.State.CHOSEN:
        dossiers.transition(dossier, to=Dossier.State.SUBMITTED, by=by)
    return dossier


def ask_a_year_later(cohort: Cohort, *, staff: User, answered: list[tuple[ActionPlan, list]]) -> None:
    """Staff set the usual questionnaire; everyone is asked; some answer (`answered`: plan, [scale, …, text] for the
    alumnus, then the same for the mentor)."""
    if not hasattr(cohort, "follow_up_questionnaire"):
        rows = followups.DEFAULT_QUESTIONS  # as an organiser in Indonesia keeps them: in Indonesian
        data = {
            "introduction": "Setahun setelah pelatihan, kami ingin tahu sejauh mana perubahan berjalan.",
            "questions-TOTAL_FORMS": str(len(rows)),
            "questions-INITIAL_FORMS": "0",
            **{f"questions-{n}-order": str(n + 1) for n in range(len(rows))},
            **{f"questions-{n}-text": in_indonesian(text) for n, (text, _kind) in enumerate(rows)},
            **{f"questions-{n}-kind": kind for n, (_text, kind) in enumerate(rows)},
        }
        form = QuestionnaireForm(data)
        questions = QuestionFormSet(data, prefix="questions")
        if not (form.is_valid() and questions.is_valid()):
            raise ValueError(f"The demo's questionnaire is refused: {form.errors} {questions.non_form_errors()}")
        followups.save_questionnaire(cohort, by=staff, form=form, questions=questions)
        cohort.refresh_from_db()
    followups.send_cohort(cohort)
    asked = list(cohort.follow_up_questionnaire.questions.all())
    for plan, values in answered:
        # A mentor's follow-up is sent only to a plan with a mentor.
        mentor = cast(Mentor, plan.participant.mentor)
        for follow_up in plan.follow_ups.filter(answered_at__isnull=True).select_related("plan__participant"):
            mine = values[: len(asked)] if follow_up.respondent == "alumnus" else values[len(asked) :]
            person = plan.participant.user if follow_up.respondent == "alumnus" else mentor.user
            followups.answer(follow_up, by=person, answers=list(zip(asked, mine, strict=True)))
