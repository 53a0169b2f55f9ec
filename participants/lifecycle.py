"""A lifecycle of the apps: its table's roles are the registry's (core.roles, participants.rules), and `moving()`
owns what every transition does the same way: lock the row, check the move and the actor, set the state, save, and
write the one audit event. A transition then writes only what its move does differently (docs/architecture.md).

    @transaction.atomic
    def transition(report, *, to, by, note=""):
        with LIFECYCLE.moving(report, to=to, by=by, note=note) as change:
            change.set(mentor_note=note.strip(), reviewed_at=timezone.now())
        notify(...)
        return change.obj
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from core import lifecycle, roles
from core.editing import lock
from core.lifecycle import Move

from . import rules  # noqa: F401 - the roles the tables name are registered before any table is read
from .audit import Verb, record
from .models import AuditEvent

# Every lifecycle made here, so that one test can read every table (tests/test_lifecycle_tables.py).
ALL: list["Lifecycle"] = []


@dataclass
class Moving:
    """One move under way, inside `Lifecycle.moving()`: the locked row, the move, the state it leaves, and what the
    transition adds: other fields it sets (`set()`), the note and data of the audit event."""

    obj: Any
    move: Move
    previous: str
    note: str
    fields: list[str] = field(default_factory=list)
    data: dict | None = None
    event: AuditEvent | None = None

    def set(self, **values) -> None:
        for name, value in values.items():
            setattr(self.obj, name, value)
            if name not in self.fields:
                self.fields.append(name)


class Lifecycle(lifecycle.Lifecycle):
    """The moves of a model's states enum. `kind` names its audit verbs ("plan" → "plan.submit"), `route` how its rows
    reach the anchors of the registry's roles (and the cohort each event belongs to), `related` what its lock loads
    with the row, `touch` the fields a save must write whatever the move (an `auto_now` time)."""

    def __init__(
        self,
        states: type[models.TextChoices],
        *,
        model: type[models.Model],
        kind: str,
        route: roles.Route,
        noun,
        field: str = "state",
        related: Iterable[str] = (),
        touch: Iterable[str] = (),
        not_allowed=None,
    ):
        super().__init__(states, noun=noun, known_roles=roles.ROLES, field=field, not_allowed=not_allowed)
        self.model, self.kind, self.route = model, kind, route
        self.related, self.touch = tuple(related), tuple(touch)
        missing = sorted(self.verb(m) for m in self.moves.values() if not m.quiet and self.verb(m) not in Verb.values)
        if missing:
            raise ImproperlyConfigured(
                f"{states.__qualname__}.MOVES has moves without an audit verb in AuditEvent.Verb: {missing} "
                "(add the verb, or say in the move why it is quiet)"
            )
        ALL.append(self)

    def verb(self, move: Move) -> str:
        return f"{self.kind}.{move.action}"

    def holds(self, role: str, obj, user) -> bool:
        return roles.holds(role, obj, user, self.route)

    def rows(self, role: str, user) -> models.Q:
        """The model's rows on which `user` holds `role`: a list's filter, asked of the same registry."""
        return roles.rows(role, user, self.route)

    def lock(self, obj):
        """The object's row, locked until the transaction ends, with what the lifecycle reads; a row deleted under the
        lock is refused in words, not answered with an error page."""
        return lock(self.model._default_manager.select_related(*self.related), obj.pk)

    @contextmanager
    def moving(self, obj, *, to: str, by, note: str = "", locked: bool = False, asked_by=None) -> Iterator[Moving]:
        """Lock the row (unless the caller holds its lock: `locked`) and check the move; the caller's block does
        what the move does (a ValidationError there changes nothing); then the state is set, the row saved with
        `update_fields` and the event recorded, naming `asked_by` where the system moves at a person's request.
        Runs inside the caller's transaction."""
        row = obj if locked else self.lock(obj)
        move = self.check(row, to=to, by=by, note=note)
        change = Moving(obj=row, move=move, previous=getattr(row, self.field), note=note)
        yield change
        setattr(row, self.field, to)
        row.save(update_fields=[self.field, *change.fields, *self.touch])
        if not move.quiet:
            change.event = record(
                self.verb(move),
                cohort=self.route.anchor_of(row, "cohort") if self.route.reaches("cohort") else None,
                actor=asked_by or by,
                target=row,
                from_state=change.previous,
                to_state=to,
                note=change.note,
                data=change.data,
            )
