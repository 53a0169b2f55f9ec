"""Applying a roster's preview: the valid rows written in one transaction, the direct superiors made mentors,
the import audited."""

import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction

from participants.rules import person_path

from ..audit import Verb, record
from ..coaching import tell_coach_changes
from ..models import Cohort, Mentor, Participant, User
from ..roster_decisions import choose, record_choices
from ..services import assign_mentors, welcome_to_cohort
from .preview import PARTICIPANT_FIELDS, USER_FIELDS, read_roster
from .rows import ImportPreview

PARKED_ROLL_NUMBER = 1_000_000  # out of the way while roll numbers are swapped


def prepare_accounts(rows) -> tuple[dict[str, User], list[User], list[User]]:
    """The accounts of the rows' people, by NIP and locked: those that exist, with the changes the rows make to
    them, and new ones, not yet written. Returns (all by NIP, the new, the changed)."""
    nips = [row.values["nip"] for row in rows]
    users = {}
    for start in range(0, len(nips), 2000):
        users.update(User.objects.select_for_update().in_bulk(nips[start : start + 2000], field_name="nip"))
    created_users, changed_users = [], []
    for row in rows:
        values = row.values
        user = users.get(values["nip"])
        if user is None:
            user = User(**{name: values[name] for name in ["nip", *USER_FIELDS]})
            # What set_unusable_password() stores, from one call for randomness rather than forty: for a roster
            # of 10,000 new people, those calls took a third of the time of writing them.
            user.password = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
            created_users.append(user)
            users[user.nip] = user
        elif changed := [name for name in USER_FIELDS if name in row.changed_fields]:
            for name in changed:
                setattr(user, name, values[name])
            changed_users.append(user)
    return users, created_users, changed_users


def save_accounts(created_users: list[User], changed_users: list[User]) -> None:
    User.objects.bulk_create(created_users, batch_size=1000)
    User.objects.bulk_update(changed_users, USER_FIELDS, batch_size=1000)


@transaction.atomic
def apply_roster(cohort: Cohort, preview: ImportPreview, *, by: User | None = None) -> tuple[list[User], list[User]]:
    """Write the valid rows of a preview in one transaction; return the people who are new to Inovasi, and those
    who had an account already and are new to this cohort.

    Rows in error are left out; a value the file leaves blank keeps what is stored. The direct superiors the
    rows name become mentors of the cohort; the decisions of staff stay as the preview says (roster_decisions);
    then every participant gets the mentor of the cohort's rule, each change told and in their history.
    """
    rows = [row for row in preview.rows if row.status in ("new", "updated")]
    users, created_users, changed_users = prepare_accounts(rows)
    superiors = _superior_accounts(rows, users, created_users)
    save_accounts(created_users, changed_users)
    _superior_mentors(cohort, rows, superiors)

    existing = {
        p.user_id: p
        for p in Participant.objects.select_for_update(of=("self",))
        .select_related("user", person_path("coach"))
        .filter(cohort=cohort)
    }
    new_participants, changed_participants, moving, added_users, coach_changes = [], [], [], [], []
    new_nips = {user.nip for user in created_users}
    for row in rows:
        values = row.values
        user = users[values["nip"]]
        participant = existing.get(user.pk)
        if participant is None:
            if user.nip not in new_nips:
                added_users.append(user)
            fields = {name: values[name] for name in [*PARTICIPANT_FIELDS, "coach"] if values.get(name) is not None}
            new_participants.append(Participant(cohort_id=cohort.pk, user_id=user.pk, **fields))
        else:
            if "coach" in row.changed_fields:
                coach_changes.append((participant, participant.coach, values["coach"]))
            if changed := [name for name in PARTICIPANT_FIELDS if name in row.changed_fields]:
                for name in changed:
                    setattr(participant, name, values[name])
                changed_participants.append(participant)
                if "roll_number" in changed:
                    moving.append(participant.pk)
    # Numbers that move are parked first, so two people can swap roll numbers without a clash.
    for offset, pk in enumerate(moving):
        Participant.objects.filter(pk=pk).update(roll_number=PARKED_ROLL_NUMBER + offset)
    Participant.objects.bulk_update(changed_participants, PARTICIPANT_FIELDS, batch_size=1000)
    Participant.objects.bulk_create(new_participants, batch_size=1000)
    record_choices(cohort, rows)
    _set_coaches(cohort, coach_changes, by=by)
    # A participant new in this import gets a first mentor: no change to tell.
    new_ids = [p.pk for p in new_participants if p.pk is not None]
    if len(new_ids) < len(new_participants):
        # A database whose bulk_create gives no pks back (SQLite and PostgreSQL give them): read them.
        new_ids = list(
            Participant.objects.filter(cohort=cohort, user_id__in={u.pk for u in users.values()})
            .exclude(pk__in=[p.pk for p in existing.values()])
            .values_list("pk", flat=True)
        )
    assign_mentors(cohort, by=by, why="import", quiet=new_ids)
    return created_users, added_users


def _set_coaches(cohort: Cohort, changes: list, *, by: User | None) -> None:
    """The coaches the roster's COACH column changes (importer.coaches), each change told and in the history."""
    if not changes:
        return
    for participant, _before, after in changes:
        participant.coach = after
    Participant.objects.bulk_update([participant for participant, _before, _after in changes], ["coach"])
    tell_coach_changes(cohort, changes, by=by, why="import")


def _superior_accounts(rows, users: dict, created_users: list) -> dict[str, User]:
    """The accounts of the direct superiors the rows name, by NIP; new ones join `created_users`, to be written
    and invited with the participants."""
    nips = {row.values["mentor_nip"] for row in rows if row.values.get("mentor_nip")}
    superiors = {nip: users[nip] for nip in nips if nip in users}
    superiors.update(User.objects.select_for_update().in_bulk(list(nips - superiors.keys()), field_name="nip"))
    for row in rows:
        nip = row.values.get("mentor_nip")
        if nip and nip not in superiors:
            user = User(nip=nip, full_name=row.values["mentor_name"])
            user.password = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
            superiors[nip] = user
            created_users.append(user)
    return superiors


def _superior_mentors(cohort: Cohort, rows, superiors: dict[str, User]) -> None:
    """Each direct superior becomes a mentor of the cohort (once), and each row's `superior` that mentor."""
    if not superiors:
        return
    mentors = {m.user_id: m for m in Mentor.objects.filter(cohort=cohort, user__in=superiors.values())}
    positions: dict[str, str] = {}
    for row in rows:
        if row.values.get("mentor_nip") and row.values["mentor_position"]:
            positions.setdefault(row.values["mentor_nip"], row.values["mentor_position"])
    new = [
        Mentor(cohort=cohort, user=user, position=positions.get(nip, ""), is_camat=cohort.mentors_are_camat)
        for nip, user in superiors.items()
        if user.pk not in mentors
    ]
    Mentor.objects.bulk_create(new)
    mentors.update({m.user_id: m for m in Mentor.objects.filter(cohort=cohort, user__in=[m.user for m in new])})
    for row in rows:
        nip = row.values.get("mentor_nip")
        if nip:
            row.values["superior"] = mentors[superiors[nip].pk]


def import_roster(
    cohort: Cohort,
    data: bytes,
    *,
    by: User | None = None,
    dry_run: bool = False,
    invite: bool = True,
    undo: set[str] | frozenset[str] = frozenset(),
) -> ImportPreview:
    """Read and, unless dry_run, apply a roster. New people with an e-mail address are invited after commit, or
    (invite=False) left for the cohort's "invite pending" action. A decision of staff the file would undo is kept,
    but on the rows whose NIP is in `undo` (staff chose the file for them on the preview).

    `by` is the staff member who confirmed it (None from the command line); the import is audited with its counts.
    """
    preview = read_roster(cohort, data)
    choose(preview.rows, set(undo))
    if not dry_run:
        with transaction.atomic():
            created, added = apply_roster(cohort, preview, by=by)
            welcome_to_cohort(cohort, created=created, added=added, role="participant", by=by, invite=invite)
            record(Verb.ROSTER_IMPORT, cohort=cohort, actor=by, data=import_data(preview, invite=invite))
    return preview


def import_data(preview: ImportPreview, *, invite: bool, **more) -> dict:
    """What an import's audit event keeps: its counts, the invitations sent now or left for later, and the
    decisions of staff it kept or (by staff's choice) undid."""
    data = {**preview.counts, "invitations": preview.invitations if invite else 0, "invite_later": not invite, **more}
    decided = [decision for row in preview.rows if row.status != "error" for decision in row.decisions]
    if decided:
        data["kept"] = sum(not decision.undone for decision in decided)
        data["undone"] = sum(decision.undone for decision in decided)
    return data
