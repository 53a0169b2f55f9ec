"""A programme's shape as data: what its participants write, the stages their work goes through, who approves and
who signs, the seminars and their rubrics, the bands and the final grade (docs/programmes.md).

A template (`Programme.spec`) and a cohort's copy of it (`Cohort.spec`) are plain JSON; `parse()` reads one into
these frozen dataclasses or refuses it with every problem named, so that no page meets a programme it cannot run.
Roles are the registry's names (core.roles): "owner", "mentor", "coach", "examiner", "staff".
"""

from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

# The lists a work may hold: each is a table of rows in the innovations app.
LIST_KINDS = ("stakeholders", "risks", "milestones", "team")
TERMS = ("short", "medium", "long")
# The two judged moments: the design (rancangan), then the report of what was done (laporan).
STAGE_KEYS = ("design", "report")
SIGN_OFF_KINDS = ("agreement", "approval")  # the three-party kesepakatan; a lembar persetujuan or pengesahan
COMPLETIONS = ("milestones", "report")  # the work is completed by its last milestone verified, or its report signed
# Who may approve a stage or sign its sheet, by the registry's names.
ROLE_NAMES = ("owner", "mentor", "coach", "examiner", "staff")
ENTERED, SEMINAR = "entered", "seminar"
# Names the plan's form and review already use beside the sections (innovations.forms.PlanForm, ReviewForm).
RESERVED_KEYS = frozenset({"title", "cluster", "core_issue", "version", "tab", "note", *LIST_KINDS})


@dataclass(frozen=True)
class Section:
    """A written section of the work: its key (where it is kept), its heading, and whether submitting needs it. An
    empty label keeps the heading the app gives the key (translated)."""

    key: str
    label: str = ""
    help: str = ""
    required: bool = True


@dataclass(frozen=True)
class ListSpec:
    """A list of the work (its stakeholders, risks, milestones or activities, the effective team)."""

    kind: str
    label: str = ""
    required: bool = True
    terms: tuple[str, ...] = TERMS  # the milestones' terms the programme uses
    values: bool = False  # each milestone names the basic values it carries (Latsar's BerAKHLAK)
    output: bool = False  # each milestone names its expected output


@dataclass(frozen=True)
class Criterion:
    aspect: str
    name: str
    weight: int


@dataclass(frozen=True)
class SeminarSpec:
    """The seminar that judges a stage: its title, its weight in the seminars' combined result, its rubric."""

    title: str
    weight: int
    criteria: tuple[Criterion, ...]
    mentor_required: bool = False  # the seminar may not be held without the participant's mentor


@dataclass(frozen=True)
class SignOff:
    """The sheet that closes a stage: the three-party agreement, or an approval sheet, and who signs it."""

    kind: str
    title: str
    signers: tuple[str, ...]
    known_by_head: bool = False  # "Mengetahui": the organisation's head acknowledges it under the signatures

    @property
    def is_approval(self) -> bool:
        """An approval sheet (lembar persetujuan, pengesahan) rather than the three-party agreement."""
        return self.kind == SIGN_OFF_KINDS[1]


@dataclass(frozen=True)
class Stage:
    key: str
    name: str
    approver: str  # the role whose approval ends the stage's review
    min_consultations: int = 0  # recorded and confirmed before the work may go to its seminar
    seminar: SeminarSpec | None = None
    sign_off: SignOff | None = None


@dataclass(frozen=True)
class Band:
    above: Decimal | None  # a result above this earns the label; None catches the rest
    label: str


@dataclass(frozen=True)
class Component:
    """A part of the final grade: entered by staff (or imported), or a stage's seminar result."""

    key: str
    label: str
    weight: int
    source: str = ENTERED  # "entered" or "seminar:<stage key>"
    minimum: Decimal | None = None  # below it the participant does not pass, whatever the total


@dataclass(frozen=True)
class ProgrammeSpec:
    work: str  # what the participant's work is called: "rencana aksi inovasi", "rancangan aktualisasi", …
    sections: tuple[Section, ...]
    lists: tuple[ListSpec, ...]
    stages: tuple[Stage, ...]
    bands: tuple[Band, ...]
    completion: str = "milestones"
    coach: bool = False  # the cohort has coaches
    issues: bool = True  # the work starts from issue selection (APKL, USG)
    values: tuple[str, ...] = ()  # the basic values a milestone may carry
    lesson_hours: int | None = None  # JP, printed on the certificate
    components: tuple[Component, ...] = ()
    pass_mark: Decimal | None = None  # the final grade a participant needs to pass

    def stage(self, key: str) -> Stage | None:
        return next((stage for stage in self.stages if stage.key == key), None)

    def list_spec(self, kind: str) -> ListSpec | None:
        return next((spec for spec in self.lists if spec.kind == kind), None)

    @property
    def seminars(self) -> list[Stage]:
        return [stage for stage in self.stages if stage.seminar is not None]

    def band_for(self, score) -> str:
        for band in self.bands:
            if band.above is None or score > band.above:
                return band.label
        return ""

    def to_json(self) -> dict:
        """The spec as JSON for `Programme.spec` or `Cohort.spec`: what `parse()` reads back the same."""

        def plain(value):
            if isinstance(value, Decimal):
                return int(value) if value == value.to_integral_value() else float(value)
            if isinstance(value, dict):
                return {key: plain(item) for key, item in value.items()}
            if isinstance(value, (list, tuple)):
                return [plain(item) for item in value]
            return value

        return plain(asdict(self))


@dataclass
class _Problems:
    found: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.found.append(message)


def _decimal(value, where: str, problems: _Problems) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        problems.add(_("%(where)s: “%(value)s” is not a number.") % {"where": where, "value": value})
        return None


def _role(value: str, where: str, problems: _Problems) -> str:
    if value not in ROLE_NAMES:
        problems.add(_("%(where)s: “%(value)s” is not a role.") % {"where": where, "value": value})
    return value


def _seminar(data: dict, where: str, problems: _Problems) -> SeminarSpec:
    rows = [
        row if isinstance(row, dict) else dict(zip(("aspect", "name", "weight"), row, strict=False))
        for row in data.get("criteria", [])
    ]
    criteria = tuple(
        Criterion(aspect=str(row.get("aspect", "")), name=str(row.get("name", "")), weight=int(row.get("weight", 0)))
        for row in rows
    )
    if not criteria:
        problems.add(_("%(where)s: the rubric has no criterion.") % {"where": where})
    if any(not 1 <= c.weight <= 100 for c in criteria):
        problems.add(_("%(where)s: each criterion weighs from 1 to 100.") % {"where": where})
    total = sum(c.weight for c in criteria)
    if criteria and total != 100:
        problems.add(
            _("%(where)s: the criteria's weights add up to %(total)d, not 100.") % {"where": where, "total": total}
        )
    return SeminarSpec(
        title=str(data.get("title", "")),
        weight=int(data.get("weight", 100)),
        criteria=criteria,
        mentor_required=bool(data.get("mentor_required", False)),
    )


def _stage(data: dict, problems: _Problems) -> Stage:
    key = str(data.get("key", ""))
    where = _("Stage “%(key)s”") % {"key": key}
    if key not in STAGE_KEYS:
        problems.add(_("%(where)s: a stage is the design or the report.") % {"where": where})
    seminar = _seminar(data["seminar"], where, problems) if data.get("seminar") else None
    sign_off = None
    if data.get("sign_off"):
        raw = data["sign_off"]
        sign_off = SignOff(
            kind=str(raw.get("kind", "")),
            title=str(raw.get("title", "")),
            signers=tuple(_role(str(role), where, problems) for role in raw.get("signers", [])),
            known_by_head=bool(raw.get("known_by_head", False)),
        )
        if sign_off.kind not in SIGN_OFF_KINDS:
            problems.add(_("%(where)s: the sheet is an agreement or an approval.") % {"where": where})
        if not sign_off.signers:
            problems.add(_("%(where)s: the sheet needs at least one signer.") % {"where": where})
    return Stage(
        key=key,
        name=str(data.get("name", "")),
        approver=_role(str(data.get("approver", "mentor")), where, problems),
        min_consultations=int(data.get("min_consultations", 0)),
        seminar=seminar,
        sign_off=sign_off,
    )


def _sections(data: dict, problems: _Problems) -> tuple[Section, ...]:
    sections = tuple(
        Section(
            key=str(row.get("key", "")),
            label=str(row.get("label", "")),
            help=str(row.get("help", "")),
            required=bool(row.get("required", True)),
        )
        for row in data.get("sections", [])
    )
    keys = [section.key for section in sections]
    if not sections:
        problems.add(_("The work has no section."))
    if any(not key or slugify(key).replace("-", "_") != key for key in keys) or len(set(keys)) != len(keys):
        problems.add(_("Each section needs its own key, in small letters and underscores."))
    taken = sorted(set(keys) & RESERVED_KEYS)
    if taken:
        problems.add(
            _("A section may not be called %(keys)s: the plan's form has that name.") % {"keys": ", ".join(taken)}
        )
    return sections


def _lists(data: dict, problems: _Problems) -> tuple[ListSpec, ...]:
    lists = tuple(
        ListSpec(
            kind=str(row.get("kind", "")),
            label=str(row.get("label", "")),
            required=bool(row.get("required", True)),
            terms=tuple(row.get("terms", TERMS)),
            values=bool(row.get("values", False)),
            output=bool(row.get("output", False)),
        )
        for row in data.get("lists", [])
    )
    kinds = [spec.kind for spec in lists]
    if any(kind not in LIST_KINDS for kind in kinds) or len(set(kinds)) != len(kinds):
        problems.add(_("Each list is one of: %(kinds)s, once.") % {"kinds": ", ".join(LIST_KINDS)})
    if any(term not in TERMS for spec in lists for term in spec.terms):
        problems.add(_("A milestone's term is short, medium or long."))
    return lists


def _stages(data: dict, problems: _Problems) -> tuple[Stage, ...]:
    stages = tuple(_stage(row, problems) for row in data.get("stages", []))
    if [stage.key for stage in stages] not in (["design"], ["design", "report"]):
        problems.add(_("The stages are the design, then (if the programme has one) the report, in that order."))
    seminars = [stage.seminar for stage in stages if stage.seminar]
    total = sum(seminar.weight for seminar in seminars)
    if seminars and total != 100:
        problems.add(_("The seminars' weights add up to %(total)d, not 100.") % {"total": total})
    named = {stage.approver for stage in stages}
    named |= {role for stage in stages if stage.sign_off for role in stage.sign_off.signers}
    if "coach" in named and not data.get("coach", False):
        problems.add(_("A coach approves or signs, so the programme has coaches."))
    return stages


def _bands(data: dict, problems: _Problems) -> tuple[Band, ...]:
    rows = [
        row if isinstance(row, dict) else dict(zip(("above", "label"), row, strict=False))
        for row in data.get("bands", [])
    ]
    bands = tuple(
        Band(above=_decimal(row.get("above"), _("Band"), problems), label=str(row.get("label", ""))) for row in rows
    )
    bounds = [band.above for band in bands]
    upper = [bound for bound in bounds[:-1] if bound is not None]
    if not bands or bounds[-1] is not None or len(upper) < len(bounds) - 1 or upper != sorted(upper, reverse=True):
        problems.add(_("The bands go from the highest bound down, and the last one catches the rest."))
    if any(not band.label.strip() for band in bands):
        problems.add(_("Each band needs its name."))
    return bands


def _components(data: dict, stages: tuple[Stage, ...], problems: _Problems) -> tuple[Component, ...]:
    components = tuple(
        Component(
            key=str(row.get("key", "")),
            label=str(row.get("label", "")),
            weight=int(row.get("weight", 0)),
            source=str(row.get("source", ENTERED)),
            minimum=_decimal(row.get("minimum"), _("Grade"), problems),
        )
        for row in data.get("components", [])
    )
    total = sum(component.weight for component in components)
    if components and total != 100:
        problems.add(_("The final grade's components weigh %(total)d in all, not 100.") % {"total": total})
    judged = {stage.key for stage in stages if stage.seminar}
    for component in components:
        kind, _colon, stage_key = component.source.partition(":")
        if kind == SEMINAR and stage_key not in judged:
            problems.add(
                _("The grade's “%(label)s” comes from a seminar the programme lacks.") % {"label": component.label}
            )
        elif kind not in (ENTERED, SEMINAR):
            problems.add(_("The grade's “%(label)s” is entered or comes from a seminar.") % {"label": component.label})
    return components


def parse(data: dict) -> ProgrammeSpec:
    """The spec in `data`, or a ValidationError that names every problem (weights that do not add up to 100, a
    stage skipped, a role that does not exist, …)."""
    if not isinstance(data, dict):
        raise ValidationError(_("A programme's template is a set of named parts."))
    problems = _Problems()
    stages = _stages(data, problems)
    completion = str(data.get("completion", "milestones"))
    if completion not in COMPLETIONS or (completion == "report" and not any(s.key == "report" for s in stages)):
        problems.add(_("The work is completed by its milestones, or by its report where it has a report stage."))
    spec = ProgrammeSpec(
        work=str(data.get("work", "")),
        sections=_sections(data, problems),
        lists=_lists(data, problems),
        stages=stages,
        bands=_bands(data, problems),
        completion=completion,
        coach=bool(data.get("coach", False)),
        issues=bool(data.get("issues", True)),
        values=tuple(str(value) for value in data.get("values", [])),
        lesson_hours=data.get("lesson_hours"),
        components=_components(data, stages, problems),
        pass_mark=_decimal(data.get("pass_mark"), _("Pass mark"), problems),
    )
    if not spec.work.strip():
        problems.add(_("Name the participant's work."))
    if problems.found:
        raise ValidationError(problems.found)
    return spec
