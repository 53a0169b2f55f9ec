"""Writes about people that do more than one thing."""

import functools
from collections.abc import Iterable
from typing import cast

from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks import task

from core.editing import bump, check_fresh, lock
from core.links import absolute_url
from core.tasks import enqueue_later, retry_delay

from .audit import Verb, record
from .jobs import Output, builder, report_progress, request_job
from .models import Cohort, Examiner, Job, Mentor, Organisation, Participant, Region, User
from .notifications import notify
from .rules import people_in_cohort, person_path


def assign_mentors(
    cohort: Cohort,
    *,
    by: User | None = None,
    why: str = "rule",
    quiet: Iterable[int] = (),
    leaving: Mentor | None = None,
) -> int:
    """Give every participant the mentor of the cohort's rule, unless staff chose one: the Camat of their kecamatan,
    or the direct superior the roster named. `leaving` is a mentor about to leave the cohort, whom nobody gets.

    Returns how many participants changed mentor. Each change is in the participant's history and told
    (`tell_mentor_changes`, `why` saying what made it), but for the participants in `quiet` (new in an import: their
    first mentor is no change). One read, then one UPDATE per kecamatan (or two in all for direct superiors).
    """
    automatic = Participant.objects.filter(cohort=cohort, mentor_assigned_by_staff=False)
    moves = {}
    if cohort.mentor_rule == Cohort.MentorRule.SUPERIOR:
        for pk, before, superior in automatic.values_list("pk", "mentor_id", "superior_id"):
            after = None if leaving is not None and superior == leaving.pk else superior
            if before != after:
                moves[pk] = (before, after)
        following = [pk for pk, (_before, after) in moves.items() if after is not None]
        for start in range(0, len(following), 2000):
            automatic.filter(pk__in=following[start : start + 2000]).update(mentor=F("superior"))
    else:
        camat = dict(
            Mentor.objects.filter(cohort=cohort, kecamatan__isnull=False)
            # pk=None excludes nobody: without a mentor leaving, every Camat counts.
            .exclude(pk=leaving.pk if leaving else None)  # type: ignore[misc]
            .values_list("kecamatan_id", "pk")
        )
        for pk, before, kecamatan_id in automatic.values_list("pk", "mentor_id", "kecamatan_id"):
            if before != (after := camat.get(kecamatan_id)):
                moves[pk] = (before, after)
        for kecamatan_id, mentor_id in camat.items():
            automatic.filter(kecamatan_id=kecamatan_id).exclude(mentor_id=mentor_id).update(mentor_id=mentor_id)
    without = [pk for pk, (_before, after) in moves.items() if after is None]
    for start in range(0, len(without), 2000):
        automatic.filter(pk__in=without[start : start + 2000]).update(mentor=None)
    quiet = set(quiet)
    told = {pk: move for pk, move in moves.items() if pk not in quiet}
    if told:
        people = Participant.objects.select_related("user").in_bulk(list(told))
        mentors = Mentor.objects.select_related("user").in_bulk({m for move in told.values() for m in move} - {None})
        tell_mentor_changes(
            cohort,
            [(people[pk], mentors.get(before), mentors.get(after)) for pk, (before, after) in told.items()],
            by=by,
            why=why,
        )
    return len(moves)


def _names(participants, limit: int = 10) -> str:
    names = [p.user.full_name for p in participants]
    more = len(names) - limit
    shown = ", ".join(names[:limit])
    return shown if more <= 0 else _("%(names)s and %(count)d more") % {"names": shown, "count": more}


# What tell_mentor_changes says, called by `notify` in each language of the site.
def _your_mentor_message(name: str) -> str:
    if name:
        return _("Your mentor is now %(name)s.") % {"name": name}
    return _("You have no mentor for now: the organiser will choose one.")


def _mentees_gained_message(count: int, listed: str, cohort: str) -> str:
    return ngettext(
        "%(names)s now has you as mentor in %(cohort)s.",
        "%(names)s now have you as mentor in %(cohort)s.",
        count,
    ) % {"cohort": cohort, "names": listed}


def _mentees_lost_message(count: int, listed: str, cohort: str) -> str:
    return ngettext(
        "%(names)s no longer has you as mentor in %(cohort)s.",
        "%(names)s no longer have you as mentor in %(cohort)s.",
        count,
    ) % {"cohort": cohort, "names": listed}


def tell_mentor_changes(
    cohort: Cohort,
    changes: list[tuple[Participant, Mentor | None, Mentor | None]],
    *,
    by: User | None,
    why: str,
    tell_mentors: bool = True,
) -> None:
    """Every change of a participant's mentor, whatever made it (`why`: import, rule, staff, replacement): one
    `mentor.change` audit event on the participant, a notification to them, and one to each mentor who gains or
    loses mentees (unless `tell_mentors` is False, for a caller that tells them in its own words). A withdrawn
    participant's change is only recorded."""
    gained: dict[Mentor, list[Participant]] = {}
    lost: dict[Mentor, list[Participant]] = {}
    for participant, before, after in changes:
        record(
            Verb.MENTOR_CHANGE,
            cohort=cohort,
            actor=by,
            target=participant,
            data={
                "from": before.user.full_name if before else "",
                "to": after.user.full_name if after else "",
                "why": why,
            },
        )
        if participant.is_withdrawn:  # in their history, but nobody is told about someone who left
            continue
        name = after.user.full_name if after else ""
        notify(
            participant.user,
            functools.partial(_your_mentor_message, name),
            cohort=cohort,
            url=reverse("portal:home"),
        )
        if after is not None:
            gained.setdefault(after, []).append(participant)
        if before is not None:
            lost.setdefault(before, []).append(participant)
    if not tell_mentors:
        return
    for mentor, mentees in gained.items():
        notify(
            mentor.user,
            functools.partial(_mentees_gained_message, len(mentees), _names(mentees), cohort.name),
            cohort=cohort,
            url=reverse("portal:home"),
        )
    for mentor, mentees in lost.items():
        notify(
            mentor.user,
            functools.partial(_mentees_lost_message, len(mentees), _names(mentees), cohort.name),
            cohort=cohort,
            url=reverse("portal:home"),
        )


@transaction.atomic
def set_mentor(participant: Participant, *, mentor: Mentor | None, by: User) -> None:
    """Staff choose a participant's mentor; None gives them back the mentor of the cohort's rule. The change is in
    the participant's history and told to them and to both mentors."""
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("cohort", "user", person_path("mentor"))
        .get(pk=participant.pk)
    )
    before = participant.mentor
    participant.mentor_assigned_by_staff = mentor is not None
    participant.save(update_fields=["mentor_assigned_by_staff"])
    if mentor is None:
        assign_mentors(participant.cohort, by=by, why="rule")
        participant.refresh_from_db(fields=["mentor"])
        if participant.mentor_id == (before.pk if before else None):
            # Given back to the rule, which gives the same mentor: staff's act is still in the history.
            name = before.user.full_name if before else ""
            data = {"from": name, "to": name, "why": "rule"}
            record(Verb.MENTOR_CHANGE, cohort=participant.cohort, actor=by, target=participant, data=data)
        return
    participant.mentor = mentor
    participant.save(update_fields=["mentor"])
    if before != mentor:
        tell_mentor_changes(participant.cohort, [(participant, before, mentor)], by=by, why="staff")


def check_mentor_rule(cohort: Cohort, rule: str) -> None:
    """Refuse the Camat rule while mentors of the cohort share a kecamatan (the direct-superior rule allows it),
    naming each kecamatan and its mentors."""
    if rule != Cohort.MentorRule.CAMAT:
        return
    shared: dict[Region | None, list[str]] = {}
    for mentor in Mentor.objects.filter(cohort=cohort, kecamatan__isnull=False).select_related("kecamatan", "user"):
        shared.setdefault(mentor.kecamatan, []).append(mentor.user.full_name)
    problems = [
        _(
            "Under the Camat rule a kecamatan has one mentor, but %(kecamatan)s has %(count)d (%(names)s): give them "
            "another kecamatan or remove one first."
        )
        % {"kecamatan": kecamatan, "count": len(names), "names": ", ".join(sorted(names))}
        for kecamatan, names in shared.items()
        if len(names) > 1
    ]
    if problems:
        raise ValidationError(problems, code="shared_kecamatan")


def apply_mentor_rule(cohort: Cohort) -> None:
    """Make the cohort's mentors the Camat of their kecamatan, or not, as its rule says (after check_mentor_rule)."""
    Mentor.objects.filter(cohort=cohort).exclude(is_camat=cohort.mentors_are_camat).update(
        is_camat=cohort.mentors_are_camat
    )


def invitation_message(user: User, cohort: Cohort | None, organisation=None) -> mail.EmailMessage:
    """The invitation to choose a password, naming the cohort and the training the person was added to (or, for
    an organisation's staff, the organisation)."""
    path = reverse(
        "participants:welcome",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    # The organisation with its government ("…, Pemerintah Kota Pontianak"): the name alone does not say which city.
    named = cohort.organisation if cohort else organisation
    organiser = ", ".join(filter(None, [named.name, named.government])) if named else ""
    with translation.override(user.language):
        context = {
            "user": user,
            "cohort": cohort,
            "organisation": organisation,
            "organiser": organiser,
            "link": absolute_url(path),
        }
        subject = render_to_string("participants/invitation_subject.txt", context).strip()
        body = render_to_string("participants/invitation_email.txt", context)
    # Not None: only people with an e-mail address are invited (send_invitations keeps them alone).
    return mail.EmailMessage(subject, body, to=[cast(str, user.email)])


def invite_people(cohort: Cohort, users: Iterable[User], *, by: User) -> int:
    """Staff send (or send again) the invitation to people of a cohort; returns how many will be mailed.

    The mail goes out from the worker (an `invitations` job the staff member follows on their downloads page);
    the audit event is written now.
    """
    ids = [user.pk for user in users if user.email]
    if ids:
        request_job(
            Job.Kind.INVITATIONS,
            cohort=cohort,
            by=by,
            params={"users": ids},
            total=len(ids),
            verb=Verb.INVITATIONS_SEND,
            data={"count": len(ids)},
        )
    return len(ids)


def invite_on_commit(
    users: Iterable[User], *, cohort: Cohort | None, organisation: Organisation | None = None, by: User | None = None
) -> None:
    """Invite new people once the surrounding transaction has committed, never for a rolled-back import: an
    `invitations` job (its row is written in the transaction, its task enqueued after the commit), followed by
    `by` on their downloads page (or by the cohort's staff). The mail names the cohort, or the organisation whose
    staff they joined."""
    ids = [user.pk for user in users if user.email]
    if ids:
        params: dict[str, list[int] | int] = {"users": ids}
        if organisation is not None:
            params["organisation"] = organisation.pk
        request_job(Job.Kind.INVITATIONS, cohort=cohort, by=by, params=params, total=len(ids), verb=None)


INVITATION_BATCH = 200  # mails per SMTP connection, and how often the job's progress moves


def send_invitations(users: Iterable[User], *, cohort: Cohort | None, organisation: Organisation | None = None) -> int:
    """Mail each person with an e-mail address a one-time link to set their password, over one connection;
    returns how many. The mail names the cohort they were added to, or the organisation whose staff they joined.
    Called by the worker, a batch at a time."""
    users = [user for user in users if user.email]
    if not users:
        return 0
    with mail.get_connection() as connection:
        connection.send_messages([invitation_message(user, cohort, organisation) for user in users])
    User.objects.filter(pk__in=[user.pk for user in users]).update(invited_at=timezone.now())
    return len(users)


ADDED = {
    "participant": gettext_lazy("You are now a participant of %(cohort)s, %(training)s. Sign in as usual to see it."),
    "mentor": gettext_lazy("You are now a mentor in %(cohort)s, %(training)s. Sign in as usual to see your mentees."),
    "examiner": gettext_lazy("You are now an examiner in %(cohort)s, %(training)s. Sign in as usual to see it."),
    "coach": gettext_lazy("You are now a coach in %(cohort)s, %(training)s. Sign in as usual to see your coachees."),
}


def welcome_to_cohort(
    cohort: Cohort,
    *,
    created: Iterable[User],
    added: Iterable[User],
    role: str,
    by: User | None = None,
    invite: bool = True,
) -> None:
    """People who are new to Inovasi get the invitation (an `invitations` job `by` follows); people who already
    have an account are told they are in one more cohort (in-app and by mail), or invited again if they never
    chose a password. With invite=False nobody is invited now: the cohort's "invite pending" action does it later."""
    added = list(added)
    to_invite = [*created, *(user for user in added if not user.has_usable_password())]
    if to_invite and invite:
        invite_on_commit(to_invite, cohort=cohort, by=by)
    names = {"cohort": cohort.name, "training": cohort.training_title}
    for user in added:
        if user.has_usable_password():
            notify(user, lambda: str(ADDED[role]) % names, cohort=cohort, url=reverse("portal:home"))


@builder(Job.Kind.INVITATIONS)
def build_invitations(job: Job) -> Output:
    """The `invitations` job: batch after batch, from where a failed attempt stopped."""
    ids = job.params["users"]
    organisation = Organisation.objects.filter(pk=job.params.get("organisation")).first()
    done = job.progress_done
    report_progress(job, done, len(ids))
    while done < len(ids):
        batch = ids[done : done + INVITATION_BATCH]
        people = User.objects.in_bulk(batch)
        send_invitations((people[pk] for pk in batch if pk in people), cohort=job.cohort, organisation=organisation)
        done += len(batch)
        report_progress(job, done)
    return Output(count=len(ids))


MAX_RESET_ATTEMPTS = 4


@task()
def send_password_reset_mail(user_id: int, site_name: str, attempt: int = 1) -> str:
    """Mail a password-reset link, in the person's language. The link is on the installation's own address, never
    on the Host a request claimed. A mail server that fails is tried again later, MAX_RESET_ATTEMPTS times."""
    user = User.objects.filter(pk=user_id, is_active=True, email__isnull=False).first()
    if user is None:
        return "nobody"
    context = {
        "email": user.email,
        "user": user,
        "site_name": site_name,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "site_url": absolute_url(""),
    }
    with translation.override(user.language):
        subject = " ".join(render_to_string("registration/password_reset_subject.txt", context).split())
        body = render_to_string("registration/password_reset_email.html", context)
    try:
        # Not None: the user was read with email__isnull=False.
        mail.EmailMessage(subject, body, to=[cast(str, user.email)]).send()
    except Exception:
        if attempt >= MAX_RESET_ATTEMPTS or not enqueue_later(
            send_password_reset_mail, timezone.now() + retry_delay(attempt), user_id, site_name, attempt + 1
        ):
            raise
        return "retry"
    return "sent"


def find_or_create_person(*, full_name: str, nip: str | None, email: str | None) -> tuple[User, bool]:
    """The account with this NIP (or, without a NIP, this e-mail address), created when missing."""
    lookup: dict[str, str | None] = {"nip": nip} if nip else {"email": email}
    user = User.objects.filter(**lookup).first()
    if user is not None:
        return user, False
    user = User(full_name=full_name, nip=nip, email=email)
    user.set_unusable_password()
    user.save()
    return user, True


@transaction.atomic
def add_mentor(cohort: Cohort, *, by: User, kecamatan, position: str, grade: str = "", **person) -> Mentor:
    """Add a mentor: a kecamatan's Camat, whose kecamatan's participants get them unless staff chose otherwise,
    or (with no kecamatan) a mentor staff then choose for participants."""
    user, created = find_or_create_person(**person)
    mentor = Mentor.objects.create(
        cohort=cohort,
        user=user,
        kecamatan=kecamatan,
        position=position,
        grade=grade,
        is_camat=cohort.mentors_are_camat,
    )
    mentees = assign_mentors(cohort, by=by, why="rule")
    record(
        Verb.MENTOR_ADD,
        cohort=cohort,
        actor=by,
        target=mentor,
        data={"kecamatan": str(kecamatan or ""), "mentees": mentees},
    )
    welcome_to_cohort(cohort, created=[user] if created else [], added=[] if created else [user], role="mentor", by=by)
    return mentor


@transaction.atomic
def add_examiner(cohort: Cohort, *, by: User, institution: str, position: str, grade: str = "", **person) -> Examiner:
    user, created = find_or_create_person(**person)
    examiner, added = Examiner.objects.get_or_create(
        cohort=cohort, user=user, defaults={"institution": institution, "position": position, "grade": grade}
    )
    if added:
        record(Verb.EXAMINER_ADD, cohort=cohort, actor=by, target=examiner, data={"institution": institution})
        welcome_to_cohort(
            cohort, created=[user] if created else [], added=[] if created else [user], role="examiner", by=by
        )
    return examiner


@transaction.atomic
def remove_examiner(examiner: Examiner, *, by: User) -> None:
    """Take an examiner off a cohort; refused (ProtectedError) once they have scored or must sign an agreement."""
    record(Verb.EXAMINER_REMOVE, cohort=examiner.cohort, actor=by, target=examiner)
    examiner.delete()


# Editing people ---------------------------------------------------------------------------------------------------

PERSON_FIELDS = ["full_name", "nip", "email", "phone"]


def _check_identity(cohort: Cohort, user: User, *, nip: str | None, email: str | None) -> None:
    """Refuse a NIP or an e-mail address another account holds, naming the person when they are in this cohort
    (staff may see them); nothing is written then."""
    errors = {}
    for field, value, message in (
        ("nip", nip, _("This NIP is %(name)s's, who is in this cohort.")),
        ("email", email, _("This e-mail address is %(name)s's, who is in this cohort.")),
    ):
        if not value:
            continue
        owner = User.objects.filter(**{field: value}).exclude(pk=user.pk).first()
        if owner is None:
            continue
        if User.objects.filter(people_in_cohort(cohort), pk=owner.pk).exists():
            errors[field] = message % {"name": owner.full_name}
        elif field == "nip":
            errors[field] = _("This NIP belongs to another account. Check the number with the person.")
        else:
            errors[field] = _("This e-mail address belongs to another account.")
    if errors:
        raise ValidationError(errors)


def _changes(obj, values: dict) -> dict[str, str]:
    """{field: "old → new"} of the values that differ, for the audit event; applies them to `obj`."""
    changed = {}
    for name, value in values.items():
        before = getattr(obj, name)
        if before != value:
            changed[name] = f"{before or '—'} → {value or '—'}"
            setattr(obj, name, value)
    return changed


def _save_person(role, *, version: int, person: dict, fields: dict, verb: str, by: User) -> dict[str, str]:
    """Save a person's account and their role in the cohort if the page was opened at the role's `version`; one
    audit event with what changed. Raises EditConflict for an older copy, ValidationError for a NIP or an e-mail
    address another account has, Gone when someone removed the role meanwhile; nothing is written then. An edit
    that changes nothing writes nothing."""
    current = lock(type(role).objects.select_related("cohort", "user"), role.pk)
    check_fresh(current, version=version)
    user = current.user
    _check_identity(current.cohort, user, nip=person.get("nip"), email=person.get("email"))
    changed = _changes(user, person)
    changed |= _changes(current, fields)
    if changed:  # a form saved as it was opened changes nothing, and leaves no event
        user.save(update_fields=[name for name in person if name in changed])
        current.save(update_fields=[*(name for name in fields if name in changed), *bump(current)])
        record(verb, cohort=current.cohort, actor=by, target=current, data=changed)
    role.version = current.version
    return changed


@transaction.atomic
def edit_participant(participant: Participant, *, version: int, person: dict, fields: dict, by: User) -> dict:
    """Staff correct a participant's data: `person` holds the account's (full_name, nip, email, phone), `fields`
    the cohort's (grade, position, work_unit, kecamatan, kelurahan, roll_number), both already validated by the
    form with the roster's rules. A roll number another participant has is refused. A new kecamatan gives them
    its Camat, unless staff chose their mentor. Returns {field: "old → new"}; one audit event."""
    roll_number = fields.get("roll_number")
    holder = (
        # roll_number=None (no NDH given) matches nobody, as the column is never NULL.
        Participant.objects.filter(cohort_id=participant.cohort_id, roll_number=roll_number)  # type: ignore[misc]
        .exclude(pk=participant.pk)
        .select_related("user")
        .first()
    )
    if holder is not None:
        raise ValidationError(
            {"roll_number": _("NDH %(number)d is %(name)s's.") % {"number": roll_number, "name": holder.user.full_name}}
        )
    changed = _save_person(
        participant, version=version, person=person, fields=fields, verb=Verb.PARTICIPANT_EDIT, by=by
    )
    if "kecamatan" in changed:
        assign_mentors(participant.cohort, by=by, why="rule")
    return changed


@transaction.atomic
def edit_mentor(mentor: Mentor, *, version: int, person: dict, fields: dict, by: User) -> dict:
    """Staff correct a mentor's data (`fields`: position, grade, kecamatan). Under the Camat rule a kecamatan another
    mentor has is refused, and a new kecamatan takes its participants (unless staff chose theirs). One audit event."""
    kecamatan = fields.get("kecamatan")
    if kecamatan is not None and mentor.cohort.mentors_are_camat:
        other = Mentor.objects.filter(cohort_id=mentor.cohort_id, kecamatan=kecamatan).exclude(pk=mentor.pk).first()
        if other is not None:
            raise ValidationError(
                {"kecamatan": _("%(kecamatan)s already has a mentor in this cohort.") % {"kecamatan": kecamatan}}
            )
    changed = _save_person(mentor, version=version, person=person, fields=fields, verb=Verb.MENTOR_EDIT, by=by)
    if "kecamatan" in changed:
        assign_mentors(mentor.cohort, by=by, why="rule")
    return changed


@transaction.atomic
def edit_examiner(examiner: Examiner, *, version: int, person: dict, fields: dict, by: User) -> dict:
    """Staff correct an examiner's data (`fields`: position, grade, institution). One audit event."""
    return _save_person(examiner, version=version, person=person, fields=fields, verb=Verb.EXAMINER_EDIT, by=by)
