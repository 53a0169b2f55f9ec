"""What a list read from a file is made of: its rows, the changes a row makes, the preview of the whole."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..roster_decisions import kept
from .columns import _text


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing is imported."""


@dataclass(frozen=True)
class Change:
    """One value a re-import changes, as the preview shows it: the column's label, the old and the new value."""

    field: str
    label: str
    old: str
    new: str


@dataclass
class ImportRow:
    line: int  # the row number the spreadsheet shows
    values: dict
    status: str = ""  # new, updated, unchanged or error
    errors: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    decisions: list = field(default_factory=list)  # what staff decided that the file would undo (roster_decisions)

    @property
    def name(self) -> str:
        return _text(self.values.get("full_name") or self.values.get("name"))

    @property
    def nip(self) -> str:
        return _text(self.values.get("nip"))

    @property
    def changed_fields(self) -> set[str]:
        return {change.field for change in self.changes}


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    columns: list[str]  # the keys of the columns read
    # (the file's header, what it is read as) for each column recognised; the headers of the columns ignored
    recognised: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    # Who is in the cohort in this role but not in the file: a re-import never removes them, the preview says so.
    missing: list = field(default_factory=list)
    invitations: int = 0  # how many people confirming would invite

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in ("new", "updated", "unchanged", "error")}

    @property
    def kept(self) -> list:
        """(row, decision) for every decision of staff the import keeps."""
        return kept(self.rows)

    @property
    def summary(self) -> str:
        counts = self.counts
        summary = _("%(new)d new, %(updated)d updated, %(unchanged)d unchanged, %(error)d rejected") % counts
        if kept_count := len(self.kept):
            summary += ngettext("; %(count)d staff decision kept", "; %(count)d staff decisions kept", kept_count) % {
                "count": kept_count
            }
        return summary


@dataclass
class ParsedSheet:
    rows: list[ImportRow]
    columns: list[str]
    recognised: list[tuple[str, str]]
    ignored: list[str]
