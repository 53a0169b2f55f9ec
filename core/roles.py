"""Roles as named rules, each defined once (docs/architecture.md, "Roles"): the registry's machinery, which knows
nothing of cohorts; `participants.rules` registers the project's roles.

A role is held towards an **anchor**: the participant (its owner, its mentor), the cohort (its staff), the plan (the
examiners of its panel), … A model says once, in its `ROUTE`, how its rows reach each anchor they have
(`Route(participant="plan__participant")`); a role whose anchor a model lacks is never held on it. Each role answers
both questions a page or a lifecycle asks: "which rows may this person see" (`rows()`, a `Q`) and "may this person
act on this object" (`holds()`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q


@dataclass(frozen=True)
class Route:
    """How one model's rows reach what roles are held towards (participants.rules): {anchor: lookup path}, where
    "" is the row itself, e.g. a score sheet's `Route(plan="plan", participant="plan__participant")`."""

    paths: dict[str, str]

    def __init__(self, **paths: str):
        object.__setattr__(self, "paths", paths)

    def reaches(self, anchor: str) -> bool:
        return anchor in self.paths

    def anchor_of(self, obj: Any, anchor: str) -> Any:
        """Follow the path on a loaded object (select_related keeps this free of queries)."""
        for name in filter(None, self.paths[anchor].split("__")):
            obj = getattr(obj, name)
            if obj is None:
                return None
        return obj


SYSTEM = "system"  # the worker's own moves: made by nobody (`by=None`)
NOTHING = Q(pk__in=[])


def join(*parts: str) -> str:
    return "__".join(part for part in parts if part)


@dataclass(frozen=True)
class Role:
    """A role towards one kind of anchor. `rows(user, path)` is the Q of rows whose path to the anchor is `path` and
    on which `user` holds the role; `test(anchor, user)` says the same of one loaded anchor without a query. A role
    that cannot tell without a query has no test: it is asked of the database through `rows`, so the two never
    disagree."""

    name: str
    anchor: str
    rows: Callable[[Any, str], Q]
    test: Callable[[Any, Any], bool] | None = None
    # Holding it lets a person read the anchor's work (the plan's pages): false for a role that only acts.
    sees: bool = True


ROLES: dict[str, Role] = {}


def register(role: Role) -> Role:
    ROLES[role.name] = role
    return role


def rows(names: str | Iterable[str], user, route: Route) -> Q:
    """The rows of a model (reached by `route`) on which `user` holds any of the named roles."""
    names = [names] if isinstance(names, str) else list(names)
    if user is None or not user.is_authenticated:
        return NOTHING
    if user.is_superuser and "staff" in names:
        return Q()
    found = [ROLES[name] for name in names]
    found = [role for role in found if route.reaches(role.anchor)]
    if not found:
        return NOTHING
    q = NOTHING
    for role in found:
        q |= role.rows(user, route.paths[role.anchor])
    return q


def visible(user, route: Route) -> Q:
    """The rows a person may read: those on which they hold any role that sees (superusers: every row)."""
    return rows([role.name for role in ROLES.values() if role.sees], user, route)


def holds(name: str, obj: Any, user, route: Route) -> bool:
    """Whether `user` holds the role `name` on `obj`. Nobody (`None`) holds only the system's role."""
    if user is None or name == SYSTEM:
        return user is None and name == SYSTEM
    role = ROLES[name]
    if not user.is_authenticated or not route.reaches(role.anchor):
        return False
    anchor = route.anchor_of(obj, role.anchor)
    if anchor is None:
        return False
    if role.test is not None:
        return role.test(anchor, user)
    return type(anchor)._default_manager.filter(pk=anchor.pk).filter(role.rows(user, "")).exists()


def held_on(objects: Iterable[models.Model], user, route: Route, names: Iterable[str]) -> dict[Any, set[str]]:
    """For a page of rows: {pk: the named roles `user` holds on it}, with one query per role asked of the database
    (none for a role with a test on loaded rows), so a list asks its rows' moves without a query per row."""
    objects = list(objects)
    held: dict[Any, set[str]] = {obj.pk: set() for obj in objects}
    if not objects or user is None or not user.is_authenticated:
        return held
    model = type(objects[0])
    for name in names:
        role = ROLES[name]
        if not route.reaches(role.anchor):
            continue
        if role.test is None:
            found = set(
                model._default_manager.filter(pk__in=held).filter(rows(name, user, route)).values_list("pk", flat=True)
            )
        else:
            found = {obj.pk for obj in objects if holds(name, obj, user, route)}
        for pk in found:
            held[pk].add(name)
    return held


class HeldRoles:
    """For a model with a `ROUTE`: `obj.held_by(user, "owner")`, the registry's answer for one loaded row."""

    ROUTE: Route

    def held_by(self, user, role: str) -> bool:
        return holds(role, self, user, self.ROUTE)


class HeldQuerySet(models.QuerySet):
    """For a model with a `ROUTE`: `Model.objects.held_as("mentor", user)`, the rows on which `user` holds the role
    (or any of several roles)."""

    def held_as(self, roles: str | Iterable[str], user):
        return self.filter(rows(roles, user, self.model.ROUTE))
