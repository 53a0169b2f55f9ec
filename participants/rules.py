"""The project's roles and memberships, each defined once (the registry's machinery is `core.roles`).

- A **membership** is what a person is in a cohort (staff of its organisation, participant, mentor, examiner): it
  gives the menu, the sections of their home page, and the cohorts whose shared pages (the agenda) they may read.
- A **role** is what a person is towards one piece of work: the plan's owner, its participant's mentor, the
  cohort's staff, an examiner on the plan's panel, the examiner a score sheet or agreement names, who asked for a
  job, the organisation bureau of the participant's region. Lifecycles name these roles in their tables;
  querysets, access helpers and services ask them.

A role's path to the person (`mentor__user`) is spelled here and nowhere else. Imported by the app's `ready()`.
"""

from dataclasses import dataclass
from operator import attrgetter

from django.db import models
from django.db.models import Q

from core.roles import NOTHING, ROLES, SYSTEM, Role, join, register
from programmes.spec import STAGE_KEYS

from .models import Coach, Cohort, Examiner, Mentor, Organisation, Participant

# The roles -----------------------------------------------------------------------------------------------------

# From each role's anchor to the person who holds it: the only place these paths are spelled.
PERSON = {"owner": "user", "mentor": "mentor__user", "coach": "coach__user", "examiner": "user"}


def person_path(role: str, via: str = "", *then: str) -> str:
    """The lookup path to the person who holds `role`, from a model whose path to the role's anchor is `via`, going
    on into the person's fields with `then`: `person_path("mentor", "plan__participant")` is
    "plan__participant__mentor__user", for `select_related`, `order_by` or a lookup that names no person."""
    return join(via, PERSON[role], *then)


def _path_in(path: str, subquery) -> Q:
    return Q(**{f"{path}__in" if path else "pk__in": subquery})


register(
    Role(
        "owner",
        anchor="participant",
        rows=lambda user, path: Q(**{person_path("owner", path): user}),
        test=lambda participant, user: participant.user_id == user.pk,
    )
)
register(
    Role(
        "mentor",
        anchor="participant",
        rows=lambda user, path: Q(**{person_path("mentor", path): user}),
        test=lambda participant, user: participant.mentor_id is not None and participant.mentor.user_id == user.pk,
    )
)
register(
    Role(
        "coach",
        anchor="participant",
        rows=lambda user, path: Q(**{person_path("coach", path): user}),
        test=lambda participant, user: participant.coach_id is not None and participant.coach.user_id == user.pk,
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
        rows=lambda user, path: Q(**{person_path("examiner", path): user}),
        test=lambda examiner, user: examiner.user_id == user.pk,
        sees=False,
    )
)
register(
    Role(
        "panel_examiner",
        anchor="plan",
        # The examiners of the panel in the room of one of the plan's exposés (at its design or its report seminar).
        rows=lambda user, path: Q(**{person_path("examiner", join(path, "slots__room__panel__examiners")): user}),
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


def _bureau_regions(user):
    """The regions of the organisation bureaus a person is staff of (Organisation.Kind.BUREAU)."""
    return Organisation.objects.filter(kind=Organisation.Kind.BUREAU, staff_members=user, region__isnull=False).values(
        "region"
    )


def _in_bureau_region(user, path: str) -> Q:
    # A participant is in the region when their kecamatan lies in it (a kabupaten/kota's or a province's bureau), or
    # when their cohort serves it or a kabupaten/kota within it. One subquery on the staff table, as for staff.
    regions = _bureau_regions(user)
    return (
        Q(**{f"{join(path, 'kecamatan__parent')}__in": regions})
        | Q(**{f"{join(path, 'kecamatan__parent__parent')}__in": regions})
        | Q(**{f"{join(path, 'cohort__region')}__in": regions})
        | Q(**{f"{join(path, 'cohort__region__parent')}__in": regions})
    )


register(
    Role(
        "bureau",
        anchor="participant",
        rows=_in_bureau_region,
        # It reads an innovation's record and dossiers (the impact app), not the cohort's drafts, scores and
        # agreements: the plan's own pages stay the cohort's.
        sees=False,
    )
)
register(Role(SYSTEM, anchor="", rows=lambda user, path: NOTHING, sees=False))


# Who approves each stage's work is the cohort's programme's to say (programmes.spec: `Stage.approver`, a role
# towards the participant, the mentor or the coach): `design_approver` approves or returns the plan,
# `report_approver` the report. The cohort's copy of its programme always names them (`Cohort.spec`).
APPROVING = ("mentor", "coach")


def _approver(stage: str, index: int) -> Role:
    def rows(user, path: str) -> Q:
        q = NOTHING
        for role in APPROVING:
            named = Q(**{join(path, f"cohort__spec__stages__{index}__approver"): role})
            q |= named & ROLES[role].rows(user, path)
        return q

    def test(participant, user) -> bool:
        found = participant.cohort.programme_spec.stage(stage)
        return (
            found is not None
            and found.approver in APPROVING
            # The approving roles (mentor, coach) are told on loaded rows: each has a test.
            and ROLES[found.approver].test(participant, user)  # type: ignore[misc]
        )

    return Role(f"{stage}_approver", anchor="participant", rows=rows, test=test, sees=False)


for _index, _stage in enumerate(STAGE_KEYS):
    register(_approver(_stage, _index))

# The row through which a participant's approving role is held: their Mentor or their Coach.
APPROVING_PERSON = {"mentor": attrgetter("mentor"), "coach": attrgetter("coach")}


def approver_role(participant: Participant, stage: str) -> str | None:
    """Who approves the participant's work at `stage` ("design", "report"), as their cohort's programme names it:
    "mentor" or "coach" (the role `<stage>_approver` stands for), or None where the programme has no such stage.
    Pages and notices that name the approver ask this, never the programme's code."""
    found = participant.cohort.programme_spec.stage(stage)
    return found.approver if found is not None else None


def approver_of(participant: Participant, stage: str) -> Mentor | Coach | None:
    """The person who approves the participant's work at `stage` (their mentor or their coach, by
    `approver_role`), or None while they have none or the programme has no such stage."""
    role = approver_role(participant, stage)
    return None if role is None else APPROVING_PERSON[role](participant)


# A consultation (innovations.Consultation) is confirmed or returned by the one it was held with, its `consultant`:
# the participant's coach or their mentor, never the other.
CONSULTED = ("coach", "mentor")


def _consulted_rows(user, path: str) -> Q:
    q = NOTHING
    for role in CONSULTED:
        q |= Q(**{join(path, "consultant"): role}) & ROLES[role].rows(user, join(path, "plan__participant"))
    return q


register(
    Role(
        "consulted",
        anchor="consultation",
        rows=_consulted_rows,
        test=lambda consultation, user: (
            consultation.consultant in CONSULTED
            # The consulted roles (coach, mentor) are told on loaded rows: each has a test.
            and ROLES[consultation.consultant].test(consultation.plan.participant, user)  # type: ignore[misc]
        ),
        sees=False,
    )
)


def implied(role: str, cohort: Cohort) -> set[str]:
    """The roles holding `role` gives in this cohort: itself, and the approval of each stage its programme gives to
    it (a mentor approves the design where the programme says so). Lists that already know a person's role ask this
    rather than a query per row."""
    return {role} | {f"{stage.key}_approver" for stage in cohort.programme_spec.stages if stage.approver == role}


# Memberships ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Membership:
    """What a person is in a cohort, by a row of `model` that names them (`user`) and the cohort (`cohort`)."""

    name: str
    model: type[models.Model]


# In the order the home page shows their sections; staff (an organisation's) come first, separately.
MEMBERSHIPS = [
    Membership("participant", Participant),
    Membership("coach", Coach),
    Membership("mentor", Mentor),
    Membership("examiner", Examiner),
]
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
