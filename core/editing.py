"""Optimistic locking of the pages people edit at length (a plan, a score sheet, a rubric, a seminar's set-up).

Each such row has a `version` that every save raises. A page carries the version it was opened at; its save is
compared with the row's version *after* the row is locked (`select_for_update`), so of two saves from the same
copy exactly one wins, and the other is told, with its text kept. A row with an `edit_token` lets the tab that made
the newer version (its own autosave) save again on top of it.
"""


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
