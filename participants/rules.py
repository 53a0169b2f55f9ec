"""Who holds which role: the one registry (docs/architecture.md, "Roles").

Two kinds of entry, each defined once:

- a **membership** is what a person is in a cohort (staff of its organisation, participant, mentor, examiner): it
  gives the menu, the sections of their home page, and the cohorts whose shared pages (the agenda) they may read;
- a **role** is what a person is towards one piece of work (the plan's owner, its participant's mentor, the cohort's
  staff, an examiner on the plan's panel). Each role answers both questions a page or a lifecycle asks: "which rows
  may this person see" (`rows`, a `Q` for a queryset) and "may this person act on this object" (`holds`).

A role is held towards an **anchor**: the participant (owner, mentor), the cohort (staff), the plan (its panel
examiners), an examiner's place in a cohort (the examiner of a score sheet or agreement), a background job (who
asked). A model says once, in its `ROUTE`, how to reach each anchor it has (`Route(participant="plan__participant")`);
a role whose anchor a model lacks is never held on it. So a new role is one `Role(...)` here, and every queryset,
lifecycle and access helper that asks for the model's roles sees it at once.

A role's path to the person (`mentor__user`) is spelled here and nowhere else.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q

from core.lifecycle import Route

from .models import Cohort, Examiner, Mentor, Organisation, Participant, User

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
    rows: Callable[[User, str], Q]
    test: Callable[[Any, User], bool] | None = None
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


# The roles -----------------------------------------------------------------------------------------------------


def _path_in(path: str, subquery) -> Q:
    return Q(**{f"{path}__in" if path else "pk__in": subquery})


register(
    Role(
        "owner",
        anchor="participant",
        rows=lambda user, path: Q(**{join(path, "user"): user}),
        test=lambda participant, user: participant.user_id == user.pk,
    )
)
register(
    Role(
        "mentor",
        anchor="participant",
        rows=lambda user, path: Q(**{join(path, "mentor__user"): user}),
        test=lambda participant, user: participant.mentor_id is not None and participant.mentor.user_id == user.pk,
    )
)
register(
    Role(
        "staff",
        anchor="cohort",
        # One subquery on the staff table: a join through it would repeat rows.
        rows=lambda user, path: _path_in(path, Cohort.objects.run_by(user).values("pk")),
    )
)
register(
    Role(
        "examiner",
        anchor="examiner",
        rows=lambda user, path: Q(**{join(path, "user"): user}),
        test=lambda examiner, user: examiner.user_id == user.pk,
        sees=False,
    )
)
register(
    Role(
        "panel_examiner",
        anchor="plan",
        # The examiners of the panel in the room of the plan's exposé.
        rows=lambda user, path: Q(**{join(path, "slot__room__panel__examiners__user"): user}),
    )
)
register(
    Role(
        "requester",
        anchor="job",
        rows=lambda user, path: Q(**{join(path, "requested_by"): user}),
        test=lambda job, user: job.requested_by_id == user.pk,
    )
)
register(Role(SYSTEM, anchor="", rows=lambda user, path: NOTHING, sees=False))


# Memberships ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Membership:
    """What a person is in a cohort, by a row of `model` that names them (`user`) and the cohort (`cohort`)."""

    name: str
    model: type[models.Model]


# In the order the home page shows their sections; staff (an organisation's) come first, separately.
MEMBERSHIPS = [Membership("participant", Participant), Membership("mentor", Mentor), Membership("examiner", Examiner)]
STAFF_TABLE = Organisation.staff_members.through


def member_cohorts(user) -> models.QuerySet[Cohort]:
    """The cohorts a person has any membership in: staff, participant, mentor or examiner."""
    # One subquery per membership, each on its own index; joining the tables at once scanned every participant.
    q = Q(pk__in=Cohort.objects.run_by(user).values("pk"))
    for membership in MEMBERSHIPS:
        q |= Q(pk__in=membership.model._default_manager.filter(user=user).values("cohort"))
    return Cohort.objects.filter(q)


def people_in_cohort(cohort) -> Q:
    """The people of a cohort (every membership but staff), as one list of user ids: a join of the tables, or
    lists joined by OR, made PostgreSQL read every role of every cohort."""
    first, *rest = (m.model._default_manager.filter(cohort=cohort).values("user").order_by() for m in MEMBERSHIPS)
    return Q(pk__in=first.union(*rest))
