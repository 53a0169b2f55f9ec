"""Writes about a cohort's coaches (pembimbing): adding one, correcting their data, choosing a participant's coach.

Only a cohort whose programme has coaches (`cohort.programme_spec.coach`) has them; each service refuses the others
with a ValidationError and writes nothing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .audit import Verb, record
from .models import Coach, Cohort, Participant, User
from .notifications import notify
from .rules import person_path
from .services import _names, _save_person, find_or_create_person, welcome_to_cohort


def check_has_coaches(cohort: Cohort) -> None:
    """Refuse a coach in a cohort whose programme has none (the 2017 flow: mentors and examiners only)."""
    if not cohort.programme_spec.coach:
        raise ValidationError(_("This cohort's programme has no coaches."))


@transaction.atomic
def add_coach(
    cohort: Cohort, *, by: User, institution: str, position: str, grade: str = "", phone: str = "", **person
) -> Coach:
    """Add a coach to the cohort, found by NIP (or e-mail address) or created; a phone number fills an account that
    has none. Someone already a coach of the cohort is refused. One `coach.add` audit event; the coach is invited
    (new to Inovasi) or told in-app and by mail."""
    check_has_coaches(cohort)
    user, created = find_or_create_person(**person)
    if Coach.objects.filter(cohort=cohort, user=user).exists():
        raise ValidationError(_("%(name)s is already a coach in this cohort.") % {"name": user.full_name})
    if phone and not user.phone:
        user.phone = phone
        user.save(update_fields=["phone"])
    coach = Coach.objects.create(cohort=cohort, user=user, institution=institution, position=position, grade=grade)
    record(Verb.COACH_ADD, cohort=cohort, actor=by, target=coach, data={"institution": institution})
    welcome_to_cohort(cohort, created=[user] if created else [], added=[] if created else [user], role="coach", by=by)
    return coach


@transaction.atomic
def edit_coach(coach: Coach, *, version: int, person: dict, fields: dict, by: User) -> dict:
    """Staff correct a coach's data (`fields`: position, grade, institution). One `coach.edit` audit event."""
    return _save_person(coach, version=version, person=person, fields=fields, verb=Verb.COACH_EDIT, by=by)


def tell_coach_changes(
    cohort: Cohort, changes: list[tuple[Participant, Coach | None, Coach | None]], *, by: User | None, why: str
) -> None:
    """Every change of a participant's coach (`why`: staff or import): one `coach.change` audit event on the
    participant, a notification to them, and one to each coach who gains coachees. A withdrawn participant's change
    is only recorded."""
    gained: dict[Coach, list[Participant]] = {}
    for participant, before, after in changes:
        data = {"from": before.user.full_name if before else "", "to": after.user.full_name if after else ""}
        record(Verb.COACH_CHANGE, cohort=cohort, actor=by, target=participant, data={**data, "why": why})
        if participant.is_withdrawn:
            continue
        name = data["to"]

        def message_to_participant(name: str = name) -> str:
            return _("Your coach is now %(name)s.") % {"name": name} if name else _("You have no coach for now.")

        notify(
            participant.user,
            message_to_participant,
            cohort=cohort,
            url=reverse("portal:home"),
        )
        if after is not None:
            gained.setdefault(after, []).append(participant)
    for coach, coachees in gained.items():
        count, listed = len(coachees), _names(coachees)

        def message_to_new_coach(count: int = count, listed: str = listed) -> str:
            return ngettext(
                "%(names)s now has you as coach in %(cohort)s.",
                "%(names)s now have you as coach in %(cohort)s.",
                count,
            ) % {"names": listed, "cohort": cohort.name}

        notify(
            coach.user,
            message_to_new_coach,
            cohort=cohort,
            url=reverse("portal:home"),
        )


@transaction.atomic
def set_coach(participant: Participant, *, coach: Coach | None, by: User) -> bool:
    """Staff choose a participant's coach among the cohort's (None: no coach), by hand: a roster imported later
    keeps it (participants.roster_decisions). Returns whether it changed; a change is in the participant's history
    and told to them and to their new coach."""
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("cohort", "user", person_path("coach"))
        .get(pk=participant.pk)
    )
    check_has_coaches(participant.cohort)
    if coach is not None and coach.cohort_id != participant.cohort_id:
        raise ValidationError(_("Choose a coach of this cohort."))
    before = participant.coach
    # Chosen by hand, even the same coach again: a roster naming another keeps this one unless staff choose the file.
    participant.coach_assigned_by_staff = True
    participant.coach = coach
    participant.save(update_fields=["coach", "coach_assigned_by_staff"])
    if before == coach:
        return False
    tell_coach_changes(participant.cohort, [(participant, before, coach)], by=by, why="staff")
    return True
