"""Optimistic locking of the pages people edit at length (a plan, a score sheet, a rubric, a seminar's set-up).

Each such row has a `version` that every save raises. A page carries the version it was opened at; its save is
compared with the row's version *after* the row is locked (`select_for_update`), so of two saves from the same
copy exactly one wins, and the other is told, with its text kept. A row with an `edit_token` lets the tab that made
the newer version (its own autosave) save again on top of it.

A row another request removes while this one waits for its lock is `Gone`: `lock()` says so with a message, where
`select_for_update().get()` would crash the request that lost the race.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

GONE = _("Someone else removed or replaced this just now, so nothing was changed.")


class EditConflict(Exception):
    """Someone saved since this copy was opened; the caller keeps the text for the person and says so."""


def check_fresh(current, *, version, tab: str = "") -> None:
    """Raise EditConflict unless `version` is the locked row's own, or `tab` made the newer one."""
    if current.version != version and not (tab and getattr(current, "edit_token", "") == tab):
        raise EditConflict


def bump(current, *, tab: str = "") -> list[str]:
    """Raise the row's version for a save (from `tab`); returns the fields to save with it."""
    current.version += 1
    if hasattr(current, "edit_token"):
        current.edit_token = tab
        return ["version", "edit_token"]
    return ["version"]


class Gone(ValidationError):
    """The row a change is for went away (removed or replaced by someone else) while the change waited for its lock.
    A ValidationError, so a view that shows refusals shows this one; views that can, show what stands now."""


def lock(queryset, pk, *, gone=GONE):
    """The row `pk` of `queryset`, locked until the transaction ends; `Gone` (with the message `gone`) when it no
    longer exists, as when the request that held the lock before this one removed it."""
    row = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
    if row is None:
        raise Gone(gone, code="gone")
    return row
