"""A cohort's lists of people for its staff (participants, mentors, examiners, coaches): one family, each list
declared once with its rows, its filter, its page and its export's columns (`core.exporters`).
`views.people.people_list` serves them all."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exporters import Column, Exporter
from core.spreadsheets import Code
from innovations.models import ActionPlan
from participants.filters import CoachFilter, ExaminerFilter, MentorFilter
from participants.models import Coach, Cohort, Examiner, Mentor, Participant, User
from participants.rules import person_path

from .filters import ParticipantFilter


@dataclass(frozen=True)
class PeopleList:
    """One list of a cohort's people: its rows, the filter above it, its page and its export."""

    rows: Callable[[Cohort], QuerySet]
    filter: Callable[..., Any]  # a FilterSet class, built with the cohort
    template: str
    exporter: Exporter
    filename: str  # the download's name before the cohort's slug, as offices file it (in Indonesian)
    title: Any  # the export's first row, with the cohort's name
    offered: Callable[[Cohort], bool] = lambda cohort: True  # a cohort without it answers 404 (coaches: a programme's)

    def export_title(self, cohort: Cohort) -> str:
        return str(self.title) % {"cohort": cohort.name}


def _nip(user: User) -> Code | None:
    return Code(user.nip, user.nip_display) if user.nip else None


def _latest_plan(participant: Participant) -> ActionPlan | None:
    plans = list(participant.plans.all())
    return plans[-1] if plans else None


def _plan_column(path: str, *, value: Callable[[ActionPlan], Any], key: str = "") -> Column:
    column = Column.of_field(ActionPlan, path, key=key)

    def read(participant):
        plan = _latest_plan(participant)
        return value(plan) if plan else None

    return Column(column.key, column.label, read, column.field)


# What every role's list shows of the person (the roster's columns, as the exports have always headed them).
NAME = Column("name", gettext_lazy("Name"), lambda role: role.user.full_name)
NIP = Column.of_field(User, "nip", value=lambda role: _nip(role.user))
POSITION = Column("position", gettext_lazy("Position"), lambda role: role.position)
EMAIL = Column("email", gettext_lazy("E-mail"), lambda role: role.user.email)
SIGNED_IN = Column("signed_in", gettext_lazy("Signed in"), lambda role: _("yes") if role.user.last_login else _("no"))


def _participant_rows(cohort: Cohort) -> QuerySet:
    return (
        Participant.objects.filter(cohort=cohort)
        .select_related("user", "kecamatan", "kelurahan", person_path("mentor"))
        # The list shows each plan's title, state and cluster; its written sections stay in the database.
        .prefetch_related(
            Prefetch("plans", queryset=ActionPlan.objects.select_related("cluster").defer(*ActionPlan.SECTIONS))
        )
        .order_by("roll_number")
    )


PARTICIPANTS = PeopleList(
    rows=_participant_rows,
    filter=ParticipantFilter,
    template="portal/participant_list.html",
    filename="peserta",
    title=gettext_lazy("Participants of %(cohort)s"),
    exporter=Exporter(
        (
            Column("roll_number", gettext_lazy("NDH"), lambda p: p.roll_number),
            NAME,
            NIP,
            Column.of_field(Participant, "user__birth_place", value=lambda p: p.user.birth_place or None),
            Column("grade", gettext_lazy("Rank"), lambda p: p.grade_display),
            POSITION,
            Column.of_field(Participant, "work_unit"),
            Column.of_field(Participant, "kecamatan", value=lambda p: str(p.kecamatan) if p.kecamatan else None),
            Column.of_field(Participant, "kelurahan", value=lambda p: str(p.kelurahan) if p.kelurahan else None),
            EMAIL,
            Column("phone", gettext_lazy("Phone"), lambda p: p.user.phone),
            Column.of_field(Participant, "mentor", value=lambda p: p.mentor.user.full_name if p.mentor else None),
            _plan_column("cluster", key="plan_cluster", value=lambda plan: plan.cluster.name if plan.cluster else None),
            Column("plan_title", gettext_lazy("Action plan"), lambda p: (plan := _latest_plan(p)) and plan.title),
            _plan_column("state", key="plan_state", value=lambda plan: plan.get_state_display()),
            SIGNED_IN,
        )
    ),
)

MENTORS = PeopleList(
    rows=lambda cohort: (
        Mentor.objects.filter(cohort=cohort)
        .select_related("user", "kecamatan")
        .annotate(mentee_count=Count("mentees"))
        .order_by("kecamatan__name")
    ),
    filter=MentorFilter,
    template="portal/mentor_list.html",
    filename="mentor",
    title=gettext_lazy("Mentors of %(cohort)s"),
    exporter=Exporter(
        (
            Column.of_field(Mentor, "kecamatan", value=lambda m: m.kecamatan.name if m.kecamatan else ""),
            NAME,
            NIP,
            POSITION,
            EMAIL,
            Column("mentees", gettext_lazy("Mentees"), lambda m: m.mentee_count),
            SIGNED_IN,
        )
    ),
)

EXAMINERS = PeopleList(
    rows=lambda cohort: Examiner.objects.filter(cohort=cohort).select_related("user").order_by("user__full_name"),
    filter=lambda data, *, queryset, cohort: ExaminerFilter(data, queryset=queryset),  # no choice depends on the cohort
    template="portal/examiner_list.html",
    filename="penguji",
    title=gettext_lazy("Examiners of %(cohort)s"),
    exporter=Exporter(
        (NAME, NIP, POSITION, Column.of_field(Examiner, "institution"), EMAIL, SIGNED_IN),
    ),
)

COACHES = PeopleList(
    rows=lambda cohort: (
        Coach.objects.filter(cohort=cohort)
        .select_related("user")
        .annotate(coachee_count=Count("coachees"))
        .order_by("user__full_name")
    ),
    filter=lambda data, *, queryset, cohort: CoachFilter(data, queryset=queryset),
    template="portal/coach_list.html",
    filename="coach",
    title=gettext_lazy("Coaches of %(cohort)s"),
    exporter=Exporter(
        (
            NAME,
            NIP,
            POSITION,
            Column.of_field(Coach, "institution"),
            EMAIL,
            Column("phone", gettext_lazy("Phone"), lambda c: c.user.phone),
            Column("coachees", gettext_lazy("Coachees"), lambda c: c.coachee_count),
            SIGNED_IN,
        )
    ),
    offered=lambda cohort: cohort.programme_spec.coach,
)
