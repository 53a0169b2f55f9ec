"""A plan as plain data (for versions) and what changed between two of them (for reviewers)."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import sections
from .models import ActionPlan, Milestone, Stakeholder


def plan_snapshot(plan: ActionPlan) -> dict:
    """Every section of a plan, its lists written out as lines, ready to store as JSON."""
    content = {
        "title": plan.title,
        "cluster": plan.cluster.name if plan.cluster else "",
        "core_issue": plan.core_issue.description if plan.core_issue else "",
        **{section.key: section.text for section in sections.of(plan)},
        "stakeholders": "\n".join(
            f"{s.name} — {s.role}; {s.interest} ({Stakeholder.Influence(s.influence).label})"
            for s in plan.stakeholders.all()
        ),
        "team": "\n".join(f"{m.name} — {m.role_in_team}; {m.position}" for m in plan.team.all()),
        "risks": "\n".join(f"{r.description} → {r.mitigation}" for r in plan.risks.all()),
        "milestones": "\n".join(
            f"[{Milestone.Term(m.term).label}] {m.deliverable} ({m.due_date:%d-%m-%Y})" for m in plan.milestones.all()
        ),
    }
    return content


_TOKENS = re.compile(r"\s+|[^\s]+")


def inline_diff(old: str, new: str) -> str:
    """Word-level differences as HTML: removed words in <del>, added ones in <ins>, all else escaped."""
    before, after = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(before[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 - every piece is escaped above


def _lines(text) -> str:
    # A browser sends line breaks as CRLF, a snapshot may hold LF: the same text either way.
    return str(text or "").replace("\r\n", "\n").replace("\r", "\n")


def compare(old: dict | None, new: dict, labels: dict[str, str]) -> list[dict]:
    """Each part of `labels` (innovations.sections.labels) with its label, whether it changed, and the inline diff
    against the older snapshot. Line-ending differences are not changes."""
    rows = []
    for key, label in labels.items():
        before, after = _lines((old or {}).get(key, "")), _lines(new.get(key, ""))
        rows.append(
            {
                "key": key,
                "label": label,
                "changed": old is not None and before != after,
                # The first submission against itself: nothing marked, its lines kept.
                "diff": inline_diff(before if old is not None else after, after),
                "text": after,
                "list": key in sections.LISTS,  # a list's rows, one a line
            }
        )
    return rows
