"""What every lifecycle shares: a table of moves on its states enum, and the check that a move is allowed.

Each lifecycle (a plan, a score sheet, an agreement, …) keeps its own `transition()` in its app, in one shape:
lock the row, `Lifecycle.check()` the move and the actor, do what the move does, save with `update_fields`,
write one audit event, and notify after commit; `participants.lifecycle.Lifecycle.moving()` does all but what the
move itself does, with the roles of the registry and the audit log, which this layer knows nothing of. Templates
never compare states: they ask `Lifecycle.allowed()` which moves a person may make, by the move's action name
("submit", "withdraw").
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Words that may be lazy: a table built at import shows them in the reader's language.
StrOrPromise = str | Promise


@dataclass(frozen=True)
class Move:
    """One allowed move between two states: its action name, who may make it, and what it needs."""

    action: str
    by: frozenset[str]
    # Made by another lifecycle (the last score sheet examines the plan), never offered as a button.
    automatic: bool = False
    note_required: bool = False
    # Why the move writes no audit event (the job's start: its row keeps the time); empty for an audited move.
    quiet: str = ""
    # The button's words where the move has no page of its own (a plain button that posts the move); lazy in a table
    # built at import.
    label: StrOrPromise = ""


def move(
    action: str,
    *roles: str,
    automatic: bool = False,
    note_required: bool = False,
    quiet: str = "",
    label: StrOrPromise = "",
) -> Move:
    return Move(action, frozenset(roles), automatic, note_required, quiet, label)


Rule = Callable[[object, object], bool]


class Lifecycle:
    """The moves of one states enum (its `MOVES`: {(from, to): Move}) and who holds the roles they name.

    `roles` maps a role named in the table ("owner", "staff") to a test of (object, user); the lifecycles of the
    apps leave it out and ask the role registry instead (participants.lifecycle).
    """

    def __init__(
        self,
        states: type[models.TextChoices],
        *,
        noun,
        roles: dict[str, Rule] | None = None,
        known_roles: Iterable[str] | None = None,
        field: str = "state",
        not_allowed=None,
    ):
        self.states, self.roles, self.noun, self.field = states, roles or {}, noun, field
        # What to tell someone who may not make a move, when the lifecycle can say it better than in general.
        self.not_allowed = not_allowed
        known = set(known_roles) if known_roles is not None else set(self.roles)
        unknown = {role for m in self.moves.values() for role in m.by} - known
        if unknown:
            raise ValueError(f"{states.__qualname__}.MOVES names roles without a rule: {sorted(unknown)}")

    @property
    def moves(self) -> dict[tuple[str, str], Move]:
        # The table is set on the enum after its class body, since its keys are the enum's members; mypy takes any
        # name declared on an enum for a member, so the table cannot be declared there.
        return self.states.MOVES  # type: ignore[attr-defined]

    def holds(self, role: str, obj, user) -> bool:
        return self.roles[role](obj, user)

    def _label(self, state: str) -> str:
        return str(self.states(state).label).lower()

    def check(self, obj, *, to: str, by, note: str = "") -> Move:
        """The move from the object's current state to `to`, or a ValidationError that says why not."""
        current = getattr(obj, self.field)
        found = self.moves.get((current, to))
        if found is None:
            raise ValidationError(
                _("A %(noun)s that is %(current)s cannot become %(target)s.")
                % {"noun": self.noun, "current": self._label(current), "target": self._label(to)},
                code="illegal_transition",
            )
        if not any(self.holds(role, obj, by) for role in found.by):
            message = self.not_allowed or _("You may not make this change to this %(noun)s.") % {"noun": self.noun}
            raise ValidationError(message, code="not_allowed")
        if found.note_required and not note.strip():
            raise ValidationError(_("Say why: write a note."), code="note_required")
        return found

    def buttons(self, obj, moves: dict[str, str], *, own_pages: Iterable[str] = ()) -> list[tuple[str, Move]]:
        """Of the moves `allowed()` gave for `obj`, those without a page or dialog of their own, each with its Move
        (its label, whether it needs a note): what a template shows as plain buttons."""
        current, skip = getattr(obj, self.field), set(own_pages)
        return [(action, self.moves[current, target]) for action, target in moves.items() if action not in skip]

    def allowed(self, obj, user, *, roles: Iterable[str] | None = None) -> dict[str, str]:
        """The moves `user` may make now, as {action: target state}, for templates to show as buttons.

        A list page that already knows the person's role passes `roles`, so no rule runs a query per row.
        """
        current = getattr(obj, self.field)
        known = set(roles) if roles is not None else None
        answers: dict[str, bool] = {}

        def holds(role: str) -> bool:
            if known is not None:
                return role in known
            if role not in answers:
                answers[role] = self.holds(role, obj, user)
            return answers[role]

        return {
            found.action: target
            for (source, target), found in self.moves.items()
            if source == current and not found.automatic and any(holds(role) for role in found.by)
        }


class Publication(models.TextChoices):
    """Whether something is public: a plan in the catalogue, a seminar's results. Withdrawing needs a reason."""

    UNPUBLISHED = "unpublished", gettext_lazy("Not published")
    PUBLISHED = "published", gettext_lazy("Published")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


Publication.MOVES = {  # type: ignore[attr-defined]  # see Lifecycle.moves
    (Publication.UNPUBLISHED, Publication.PUBLISHED): move("publish", "staff"),
    (Publication.PUBLISHED, Publication.WITHDRAWN): move("withdraw", "staff", note_required=True),
    (Publication.WITHDRAWN, Publication.PUBLISHED): move("publish", "staff"),
}
