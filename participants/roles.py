from dataclasses import dataclass

from django.db import connection

from .models import Cohort, Notification, Organisation
from .rules import MEMBERSHIPS, STAFF_TABLE

MEMBERSHIP_NAMES = frozenset(m.name for m in MEMBERSHIPS)


class Roles:
    """Which memberships a person holds, in any cohort (one person may hold several: `roles.mentor`, `roles.staff`),
    and the organisation the menu and footer name: the one they are staff of, or the organiser of their latest
    cohort. The memberships are the registry's (participants.rules.MEMBERSHIPS): `Roles(staff=True, mentor=True)`."""

    def __init__(
        self,
        *,
        staff: bool = False,
        bureau: bool = False,
        organisation: str = "",
        organisation_name: str = "",
        organisation_government: str = "",
        staff_of: int | None = None,
        **memberships: bool,
    ):
        unknown = memberships.keys() - MEMBERSHIP_NAMES
        if unknown:
            raise TypeError(f"Not a membership: {sorted(unknown)}")
        self.held = frozenset(name for name, held in memberships.items() if held)
        self.staff = staff  # of an organiser of training: runs its cohorts
        self.bureau = bureau  # of a region's organisation bureau: follows its region's innovations
        self.organisation = organisation  # its short name
        self.organisation_name = organisation_name
        self.organisation_government = organisation_government
        self.staff_of = staff_of  # the organisation they are staff of, for the menu's link

    @classmethod
    def of(cls, user) -> "Roles":
        return menu_of(user).roles

    def __getattr__(self, name: str) -> bool:
        if name in MEMBERSHIP_NAMES:
            return name in self.held
        raise AttributeError(name)

    def __eq__(self, other) -> bool:
        return isinstance(other, Roles) and vars(self) == vars(other)

    def __repr__(self) -> str:
        return f"Roles({vars(self)})"

    @property
    def any(self) -> bool:
        return self.staff or self.bureau or bool(self.held)


@dataclass(frozen=True)
class Menu:
    """What every signed-in page's menu shows: the person's roles and their unread notifications."""

    roles: Roles
    unread: int


NOBODY = Menu(Roles(), 0)


def _menu_sql() -> str:
    """A flag for staff of an organiser, one for staff of a region's organisation bureau, one per membership, and the
    unread count; then the organisation the person is staff of (the lowest id) and the organiser of their latest
    cohort as a member: the menu names the first, or else the second. Each placeholder is the person's id: two per
    membership and four more."""

    def table(model) -> str:
        return model._meta.db_table

    def column(model, field: str) -> str:
        return model._meta.get_field(field).column

    staff = STAFF_TABLE
    people = [membership.model for membership in MEMBERSHIPS]
    organisation_pk = Organisation._meta.pk.column
    kind = column(Organisation, "kind")

    def staff_of_kind(value: str) -> str:
        return (
            f"EXISTS (SELECT 1 FROM {table(staff)} s JOIN {table(Organisation)} o "
            f"ON o.{organisation_pk} = s.{column(staff, 'organisation')} "
            f"WHERE s.{column(staff, 'user')} = %s AND o.{kind} = '{value}')"
        )

    exists = [
        staff_of_kind(Organisation.Kind.ORGANISER.value),
        staff_of_kind(Organisation.Kind.BUREAU.value),
        *(f"EXISTS (SELECT 1 FROM {table(model)} WHERE {column(model, 'user')} = %s)" for model in people),
    ]
    unread = (
        f"(SELECT COUNT(*) FROM {table(Notification)} "
        f"WHERE {column(Notification, 'user')} = %s AND {column(Notification, 'read_at')} IS NULL)"
    )
    identity = ", ".join(f"o.{column(Organisation, field)}" for field in ("short_name", "name", "government"))
    own = (
        f"SELECT o.{organisation_pk}, {identity} FROM {table(Organisation)} o "
        f"JOIN {table(staff)} s ON s.{column(staff, 'organisation')} = o.{organisation_pk} "
        f"WHERE s.{column(staff, 'user')} = %s ORDER BY o.{organisation_pk} LIMIT 1"
    )
    cohorts = " UNION ".join(
        f"SELECT {column(model, 'cohort')} FROM {table(model)} WHERE {column(model, 'user')} = %s" for model in people
    )
    latest = (
        f"SELECT {identity} FROM {table(Cohort)} c "
        f"JOIN {table(Organisation)} o ON o.{organisation_pk} = c.{column(Cohort, 'organisation')} "
        f"WHERE c.{Cohort._meta.pk.column} IN ({cohorts}) "
        f"ORDER BY c.{column(Cohort, 'start_date')} DESC, c.{Cohort._meta.pk.column} DESC LIMIT 1"
    )
    return (
        f"SELECT {', '.join(exists)}, {unread}, own.*, latest.* FROM (SELECT 1 AS one) AS menu "
        f"LEFT JOIN ({own}) AS own ON 1 = 1 LEFT JOIN ({latest}) AS latest ON 1 = 1"
    )


def menu_of(user) -> Menu:
    """The roles, the unread count and the organisation to name, in one small query. Every signed-in page asks,
    so it is written in SQL: the same question through the ORM (Exists, a Count and the subqueries) cost ten times
    as much to build as to run."""
    if not user.is_authenticated:
        return NOBODY
    with connection.cursor() as cursor:
        cursor.execute(_menu_sql(), [user.pk] * (2 * len(MEMBERSHIPS) + 4))
        row = cursor.fetchone()
    count = len(MEMBERSHIPS)
    organiser, bureau, row = row[0], row[1], row[1:]
    flags, unread, staff_of = row[1 : count + 1], row[count + 1], row[count + 2]
    own, latest = row[count + 3 : count + 6], row[count + 6 : count + 9]
    short_name, name, government = (value or "" for value in (own if staff_of is not None else latest))
    return Menu(
        Roles(
            **{m.name: bool(flag) for m, flag in zip(MEMBERSHIPS, flags, strict=True)},
            staff=user.is_superuser or bool(organiser),
            bureau=bool(bureau),
            organisation=short_name,
            organisation_name=name,
            organisation_government=government,
            staff_of=staff_of,
        ),
        unread,
    )


def menu_for(request) -> Menu:
    """The request's menu, asked once however many parts of the page (the view, the menu, the badge) need it."""
    if not hasattr(request, "_menu"):
        request._menu = menu_of(request.user)
    return request._menu
