"""The dossiers an innovation goes forward with, assembled from its record and checked against each form's rules
before anything is exported: KemenPANRB's KIPP proposal (submitted through SINOVIK) and Kemendagri's regional
innovation index profile (Indeks Inovasi Daerah). Each form is data: its sections with their weights and word
limits, and what it requires (`Guideline`); a new year's guideline is one more entry in `GUIDELINES`.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.lifecycle import Move
from innovations.models import ActionPlan
from innovations.records import Evaluation, Indicator, InnovationRecord, Stage, amount
from participants import audit
from participants.lifecycle import Lifecycle
from participants.models import Organisation, User
from participants.notifications import notify_all
from participants.rules import person_path

from .models import Dossier
from .record import RECORDABLE, record_of

State = Dossier.State


@dataclass(frozen=True)
class Section:
    """A part of a form written in words: the record's field it comes from, the weight the guideline gives it in the
    assessment (percent), and its word limits, counted as typed (words between spaces)."""

    key: str
    label: str | Promise  # lazy: the guidelines are built at import
    weight: int | None = None
    max_words: int | None = None
    min_words: int | None = None


@dataclass(frozen=True)
class Guideline:
    """One form as one year's guideline asks it, and what it requires besides its sections."""

    form: str
    key: str
    title: str | Promise
    sections: tuple[Section, ...]
    # The profile's fields (stage, initiator, digital, form, dates) come first, as the index's profile lists them.
    profile: bool = False
    stage: str = ""  # the stage the innovation must have reached
    implementation_years: int = 0  # how long it must have been implemented
    decree: bool = False  # the head of unit's decree (SK) naming the innovator
    internal_evaluation: bool = False
    external_evaluation: bool = False
    evidence: bool = False  # at least one measure with its evidence
    evidence_per_indicator: bool = False  # every indicator measured, with evidence ("disclaimer" otherwise)


# KIPP 2023 (KemenPANRB): the proposal's aspects and their weights; an innovation implemented at least a year and
# named in its head of unit's decree, with internal and external evaluation.
KIPP_2023 = Guideline(
    form=Dossier.Form.KIPP,
    key="kipp-2023",
    title=gettext_lazy("KIPP 2023 proposal"),
    sections=(
        Section("summary", gettext_lazy("Summary"), weight=0, max_words=200),
        Section("background_goals", gettext_lazy("Background and goals"), weight=10),
        Section("novelty", gettext_lazy("Novelty"), weight=15),
        Section("implementation", gettext_lazy("Implementation"), weight=5),
        Section("significance", gettext_lazy("Significance"), weight=30),
        Section("adaptability", gettext_lazy("Adaptability"), weight=20),
        Section("resources", gettext_lazy("Resources"), weight=5),
        Section("sustainability", gettext_lazy("Sustainability"), weight=15),
    ),
    stage=Stage.IMPLEMENTATION,
    implementation_years=1,
    decree=True,
    internal_evaluation=True,
    external_evaluation=True,
    evidence=True,
)
# The regional innovation index's profile (Kemendagri, PP 38/2017).
IID_PROFILE = Guideline(
    form=Dossier.Form.IID,
    key="iid-pp38-2017",
    title=gettext_lazy("Regional innovation index profile"),
    sections=(
        Section("design", gettext_lazy("Design description"), min_words=300),
        Section("goals", gettext_lazy("Goals")),
        Section("benefits", gettext_lazy("Benefits")),
        Section("results", gettext_lazy("Results")),
    ),
    profile=True,
    evidence_per_indicator=True,
)
GUIDELINES = {guideline.key: guideline for guideline in (KIPP_2023, IID_PROFILE)}
# The guideline a newly chosen dossier follows, per form.
CURRENT: dict[str, Guideline] = {Dossier.Form.KIPP: KIPP_2023, Dossier.Form.IID: IID_PROFILE}


def words(text: str) -> int:
    """Words as typed: what stands between spaces and line breaks (static/js/impact.js counts the same)."""
    return len(text.split())


@dataclass
class Part:
    section: Section
    text: str
    words: int
    problem: str = ""


@dataclass
class EvidenceItem:
    """A file of the dossier's evidence, under the name the ZIP and the PDF's list give it."""

    label: str
    name: str
    file: FieldFile
    content_type: str


@dataclass
class Assembled:
    plan: ActionPlan
    record: InnovationRecord
    guideline: Guideline
    parts: list[Part]
    profile: list[tuple[str, str]]
    indicators: list[Indicator]
    evaluations: list[Evaluation]
    evidence: list[EvidenceItem]
    problems: list[str] = field(default_factory=list)

    @property
    def passes(self) -> bool:
        return not self.problems


def years_since(day: datetime.date, today: datetime.date) -> int:
    """Whole years from `day` to `today` (29 February counts from 1 March in other years)."""
    return today.year - day.year - ((today.month, today.day) < (day.month, day.day))


def assemble(plan: ActionPlan, guideline: Guideline, *, today: datetime.date | None = None) -> Assembled:
    """The dossier as the record holds it now, with what its guideline finds missing. Three queries: the record,
    its indicators with their measures, its evaluations."""
    today = today or timezone.localdate()
    record = record_of(plan)
    indicators = list(record.indicators.prefetch_related("measurements")) if record.pk else []
    evaluations = list(record.evaluations.all()) if record.pk else []
    parts = [_part(section, getattr(record, section.key)) for section in guideline.sections]
    assembled = Assembled(
        plan=plan,
        record=record,
        guideline=guideline,
        parts=parts,
        profile=_profile(plan, record) if guideline.profile else [],
        indicators=indicators,
        evaluations=evaluations,
        evidence=_evidence(record, indicators, evaluations),
    )
    assembled.problems = _problems(assembled, today) + [part.problem for part in parts if part.problem]
    return assembled


def _part(section: Section, text: str) -> Part:
    count = words(text)
    problem = ""
    if not count:
        problem = _("%(section)s is empty.") % {"section": section.label}
    elif section.max_words and count > section.max_words:
        problem = _("%(section)s has %(count)d words; at most %(limit)d are allowed.") % {
            "section": section.label,
            "count": count,
            "limit": section.max_words,
        }
    elif section.min_words and count < section.min_words:
        problem = _("%(section)s has %(count)d words; at least %(limit)d are needed.") % {
            "section": section.label,
            "count": count,
            "limit": section.min_words,
        }
    return Part(section, text.strip(), count, problem)


def _profile(plan: ActionPlan, record: InnovationRecord) -> list[tuple[str, str]]:
    def day(value):
        return date_format(value, "j F Y") if value else "—"

    return [
        (_("Name of the innovation"), plan.title),
        (_("Stage"), record.get_stage_display()),
        (_("Initiator"), record.get_initiator_display()),
        (_("Digital innovation"), _("Yes") if record.digital else _("No")),
        (_("Form of innovation"), record.get_form_display()),
        (_("Trial began on"), day(record.trial_date)),
        (_("Implementation began on"), day(record.implementation_date)),
    ]


def _evidence(record, indicators, evaluations) -> list[EvidenceItem]:
    items = []
    if record.decree:
        label = _("Decree (SK) %(number)s") % {"number": record.decree_number}
        items.append(EvidenceItem(label, _name(1, "sk", record.decree_name), record.decree, record.decree_type))
    for indicator in indicators:
        for measurement in indicator.measurements.all():
            label = _("%(indicator)s on %(date)s: %(value)s %(unit)s") % {
                "indicator": indicator.name,
                "date": date_format(measurement.measured_on, "j F Y"),
                "value": amount(measurement.value),
                "unit": indicator.unit,
            }
            name = _name(len(items) + 1, "indikator", measurement.file_name)
            items.append(EvidenceItem(label, name, measurement.file, measurement.content_type))
    for evaluation in evaluations:
        label = EVALUATIONS[evaluation.kind] % {
            "evaluator": evaluation.evaluator,
            "date": date_format(evaluation.evaluated_on, "j F Y"),
        }
        name = _name(len(items) + 1, f"evaluasi-{evaluation.kind}", evaluation.file_name)
        items.append(EvidenceItem(label, name, evaluation.file, evaluation.content_type))
    return items


EVALUATIONS = {
    Evaluation.Kind.INTERNAL: gettext_lazy("Internal evaluation by %(evaluator)s, %(date)s"),
    Evaluation.Kind.EXTERNAL: gettext_lazy("External evaluation by %(evaluator)s, %(date)s"),
}


def _name(number: int, what: str, original: str) -> str:
    return f"{number:02d}-{what}-{original}"


def _problems(assembled: Assembled, today: datetime.date) -> list[str]:
    """What the guideline requires besides its sections' words, in the order a reader of the form meets it."""
    record, guideline, problems = assembled.record, assembled.guideline, []
    if record.confirmed_at is None or record.has_changes:
        problems.append(_("The mentor has not confirmed the record as it stands."))
    order = list(Stage.values)
    if guideline.stage and order.index(record.stage) < order.index(guideline.stage):
        problems.append(
            _("The innovation must be at the stage “%(needed)s”; it is at “%(stage)s”.")
            % {"needed": Stage(guideline.stage).label, "stage": record.get_stage_display()}
        )
    if record.stage != Stage.INITIATIVE and record.trial_date is None and guideline.profile:
        problems.append(_("The date the trial began is missing."))
    if record.stage == Stage.IMPLEMENTATION and record.implementation_date is None:
        problems.append(_("The date implementation began is missing."))
    elif guideline.implementation_years and record.implementation_date:
        years = years_since(record.implementation_date, today)
        if years < guideline.implementation_years:
            problems.append(
                ngettext(
                    "It must have been implemented for at least %(required)d year; it has been since %(date)s.",
                    "It must have been implemented for at least %(required)d years; it has been since %(date)s.",
                    guideline.implementation_years,
                )
                % {"required": guideline.implementation_years, "date": date_format(record.implementation_date)}
            )
    if guideline.decree and not record.decree:
        problems.append(_("The decree (SK) naming the innovator is missing."))
    kinds = {evaluation.kind for evaluation in assembled.evaluations}
    if guideline.internal_evaluation and Evaluation.Kind.INTERNAL not in kinds:
        problems.append(_("An internal evaluation (by the unit itself) is missing."))
    if guideline.external_evaluation and Evaluation.Kind.EXTERNAL not in kinds:
        problems.append(_("An external evaluation (inspectorate, audit board or university) is missing."))
    measured = [i for i in assembled.indicators if i.measurements.all()]
    if guideline.evidence and not measured:
        problems.append(_("No measured indicator with its evidence is recorded."))
    if guideline.evidence_per_indicator:
        if not assembled.indicators:
            problems.append(_("No indicator is recorded: an innovation without evidence is marked “disclaimer”."))
        problems += [
            _("“%(indicator)s” has no measured value with evidence.") % {"indicator": indicator.name}
            for indicator in assembled.indicators
            if not indicator.measurements.all()
        ]
    return problems


def copy_text(assembled: Assembled) -> list[tuple[str, str]]:
    """Each part as plain text to paste into the form's own field (SINOVIK, the index's site), in its order."""
    parts = []
    if assembled.profile:
        parts.append((_("Profile"), "\n".join(f"{label}: {value}" for label, value in assembled.profile)))
    parts += [(str(part.section.label), part.text) for part in assembled.parts]
    return parts


# The dossier's own lifecycle: chosen, submitted, dropped ---------------------------------------------------------

LIFECYCLE = Lifecycle(
    State,
    model=Dossier,
    kind="dossier",
    route=Dossier.ROUTE,
    noun=gettext_lazy("dossier"),
    related=[
        person_path("owner", "plan__participant"),
        person_path("mentor", "plan__participant"),
        "plan__participant__cohort",
    ],
    touch=["updated_at"],
)


def guideline_of(dossier: Dossier) -> Guideline:
    return GUIDELINES.get(dossier.guideline, CURRENT[dossier.form])


def buttons(dossier: Dossier, user: User) -> list[tuple[str, Move]]:
    return LIFECYCLE.buttons(dossier, LIFECYCLE.allowed(dossier, user))


@transaction.atomic
def choose(plan: ActionPlan, form: str, *, by: User, organisation: Organisation) -> tuple[Dossier, bool]:
    """Choose an innovation to go forward with one form; returns (dossier, created). Audited; its participant and
    mentor are told. `organisation` is the chooser's (its letterhead heads the PDF)."""
    plan = ActionPlan.objects.select_for_update(of=("self",)).select_related("participant__cohort").get(pk=plan.pk)
    if plan.state not in RECORDABLE:
        raise ValidationError(_("Only an innovation whose plan its mentor approved can go forward."))
    dossier, created = Dossier.objects.get_or_create(
        plan=plan,
        form=form,
        defaults={"guideline": CURRENT[form].key, "organisation": organisation, "chosen_by": by},
    )
    if created:
        audit.record(
            audit.Verb.DOSSIER_CHOOSE,
            cohort=plan.participant.cohort,
            actor=by,
            target=dossier,
            to_state=dossier.state,
            data={"form": form, "by": organisation.short_name},
        )
        _tell(dossier)
    return dossier, created


def _tell(dossier: Dossier) -> None:
    participant = dossier.plan.participant
    title, what, who = dossier.plan.title, dossier.form, dossier.organisation.short_name
    notify_all(
        [participant.user, participant.mentor.user if participant.mentor else None],
        lambda: (
            _("“%(title)s” goes forward: %(who)s prepares its %(form)s.")
            % {"title": title, "who": who, "form": Dossier.Form(what).label}
        ),
        cohort=participant.cohort,
        url=reverse("impact:record", args=[dossier.plan_id]),
    )


@transaction.atomic
def transition(dossier: Dossier, *, to: str, by: User, note: str = "") -> Dossier:
    """Mark a dossier submitted (only once its checks pass), stop it with a reason, or choose it again. Audited;
    the participant and mentor are told."""
    with LIFECYCLE.moving(dossier, to=to, by=by, note=note) as change:
        dossier = change.obj
        if to == State.SUBMITTED:
            assembled = assemble(dossier.plan, guideline_of(dossier))
            if not assembled.passes:
                raise refusal(assembled)
    participant = dossier.plan.participant
    title, label = dossier.plan.title, dossier.form
    state = to
    notify_all(
        [participant.user, participant.mentor.user if participant.mentor else None],
        lambda: (
            _("The %(form)s of “%(title)s”: %(state)s.")
            % {"form": Dossier.Form(label).label, "title": title, "state": str(State(state).label).lower()}
        ),
        cohort=participant.cohort,
        url=reverse("impact:record", args=[dossier.plan_id]),
        detail=note,
    )
    return dossier


def refusal(assembled: Assembled) -> ValidationError:
    """The error that stops an export or a submission, naming everything that is missing."""
    return ValidationError(
        _("The %(form)s does not pass its checks yet: %(problems)s")
        % {"form": assembled.guideline.title, "problems": " ".join(assembled.problems)},
        code="incomplete",
    )
