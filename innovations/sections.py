"""The written sections of a plan as its cohort's programme names them (programmes.spec: `sections`, `lists`,
`issues`): their keys, headings, help and whether submitting needs them, and where each one's text is kept.

A key the plan has a field for (ActionPlan.SECTIONS, the 2017 flow's) is kept in that field, so the catalogue's
search and the public entry read it; any other key a programme names (Latsar's `work_unit_duties`, PKP's
`diagnosis`, …) is kept in `ActionPlan.own_sections`. Every page asks this module, never the fields' list.
"""

from dataclasses import dataclass
from typing import cast

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.lifecycle import StrOrPromise
from programmes.spec import ProgrammeSpec

from .models import ActionPlan


@dataclass(frozen=True)
class ListWords:
    """How the pages name one of the plan's lists: its heading when the programme gives none, one of its rows (in
    an error: "Team member 2: …") and the button that adds a row."""

    heading: StrOrPromise  # lazy: the table is built at import, shown in the reader's language
    row: StrOrPromise
    add: StrOrPromise


# The lists the plan's pages offer, in the pages' order; each kind's rows are `plan.<kind>` (its related name).
LISTS = {
    "stakeholders": ListWords(
        gettext_lazy("stakeholders"), gettext_lazy("Stakeholder"), gettext_lazy("Add a stakeholder")
    ),
    "team": ListWords(gettext_lazy("effective team"), gettext_lazy("Team member"), gettext_lazy("Add a team member")),
    "risks": ListWords(gettext_lazy("risks and mitigations"), gettext_lazy("Risk"), gettext_lazy("Add a risk")),
    "milestones": ListWords(gettext_lazy("milestones"), gettext_lazy("Milestone"), gettext_lazy("Add a milestone")),
}
LIST_KINDS = tuple(LISTS)


@dataclass(frozen=True)
class WrittenSection:
    key: str
    label: str
    help: str
    required: bool
    text: str = ""


def _field_label(key: str) -> str:
    return str(cast(models.Field, ActionPlan._meta.get_field(key)).verbose_name)


def label_of(key: str, label: str = "") -> str:
    """The heading of a section: the programme's, else the app's own (translated) for a key the plan has a field
    for, else the key itself made readable."""
    if label:
        return label
    if key in ActionPlan.SECTIONS:
        return _field_label(key)
    return key.replace("_", " ")


def text_of(plan: ActionPlan, key: str) -> str:
    if key in ActionPlan.SECTIONS:
        return getattr(plan, key)
    return str((plan.own_sections or {}).get(key, ""))


def of(plan: ActionPlan, spec: ProgrammeSpec | None = None) -> list[WrittenSection]:
    """The plan's sections in its programme's order, each with its text. `spec` spares parsing the cohort's
    programme again when the caller has it (a booklet of many plans)."""
    spec = spec or plan.participant.cohort.programme_spec
    return [
        WrittenSection(s.key, label_of(s.key, s.label), s.help, s.required, text_of(plan, s.key)) for s in spec.sections
    ]


def labels(spec: ProgrammeSpec) -> dict[str, str]:
    """Every part of a plan a reviewer may note, by key: the title, cluster and core issue, the programme's
    sections, then its lists."""
    parts = {"title": _field_label("title"), "cluster": _("cluster")}
    if spec.issues:
        parts["core_issue"] = _("core issue")
    parts.update({s.key: label_of(s.key, s.label) for s in spec.sections})
    for kind in LIST_KINDS:
        found = spec.list_spec(kind)
        if found is not None:
            parts[kind] = found.label or str(LISTS[kind].heading)
    return parts


def lists_of(spec: ProgrammeSpec) -> list[str]:
    """The lists the programme's work holds that the editing page offers, in the page's order."""
    return [kind for kind in LIST_KINDS if spec.list_spec(kind) is not None]


def write(plan: ActionPlan, values: dict[str, str]) -> list[str]:
    """Set the sections' texts on `plan` (not saved); returns the fields to save. Keys the programme does not name
    are ignored."""
    known = {s.key for s in plan.participant.cohort.programme_spec.sections}
    fields = []
    own = dict(plan.own_sections or {})
    for key, text in values.items():
        if key not in known:
            continue
        if key in ActionPlan.SECTIONS:
            setattr(plan, key, text)
            fields.append(key)
        else:
            own[key] = text
    if own != (plan.own_sections or {}):
        plan.own_sections = own
        fields.append("own_sections")
    return fields


def gaps(plan: ActionPlan, spec: ProgrammeSpec | None = None) -> list[str]:
    """The required sections still empty, each by its heading."""
    return [section.label for section in of(plan, spec) if section.required and not section.text.strip()]
