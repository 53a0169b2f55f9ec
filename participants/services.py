"""Writes about people that do more than one thing."""

from collections.abc import Iterable

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
from django.utils.translation import gettext_lazy
from django_tasks import task

from core.editing import bump, check_fresh
from core.links import absolute_url
from core.tasks import enqueue_later, retry_delay

from .audit import Verb, record
from .jobs import Output, builder, report_progress, request_job
from .models import Cohort, Examiner, Job, Mentor, Organisation, Participant, User
from .notifications import notify
from .rules import people_in_cohort


def assign_mentors(cohort: Cohort) -> int:
    """Give every participant the mentor of the cohort's rule, unless staff chose one: the Camat of their kecamatan,
    or the direct superior the roster named.

    Returns how many participants changed mentor. One UPDATE per kecamatan (or two in all for direct superiors),
    whatever the roster's size.
    """
    automatic = Participant.objects.filter(cohort=cohort, mentor_assigned_by_staff=False)
    if cohort.mentor_rule == Cohort.MentorRule.SUPERIOR:
        named = automatic.filter(superior__isnull=False).exclude(mentor=F("superior")).update(mentor=F("superior"))
        return named + automatic.filter(superior__isnull=True).exclude(mentor=None).update(mentor=None)
    camat = dict(Mentor.objects.filter(cohort=cohort, kecamatan__isnull=False).values_list("kecamatan_id", "pk"))
    changed = 0
    for kecamatan_id, mentor_id in camat.items():
        changed += automatic.filter(kecamatan_id=kecamatan_id).exclude(mentor_id=mentor_id).update(mentor_id=mentor_id)
    without_camat = automatic.exclude(kecamatan_id__in=camat.keys()).exclude(mentor=None)
    return changed + without_camat.update(mentor=None)


@transaction.atomic
def set_mentor(participant: Participant, *, mentor: Mentor | None, by: User) -> None:
    """Staff choose a participant's mentor; None gives them back the mentor of the cohort's rule."""
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("cohort", "mentor__user")
        .get(pk=participant.pk)
    )
    before = participant.mentor
    participant.mentor_assigned_by_staff = mentor is not None
    participant.mentor = mentor
    participant.save(update_fields=["mentor", "mentor_assigned_by_staff"])
    if mentor is None:
        assign_mentors(participant.cohort)
        participant.refresh_from_db(fields=["mentor"])
    after = participant.mentor
    record(
        Verb.MENTOR_CHANGE,
        cohort=participant.cohort,
        actor=by,
        target=participant,
        data={
            "from": before.user.full_name if before else "",
            "to": after.user.full_name if after else "",
            "chosen_by_staff": mentor is not None,
        },
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
    with translation.override(user.language):
        context = {"user": user, "cohort": cohort, "organisation": organisation, "link": absolute_url(path)}
        subject = render_to_string("participants/invitation_subject.txt", context).strip()
        body = render_to_string("participants/invitation_email.txt", context)
    return mail.EmailMessage(subject, body, to=[user.email])


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
        params = {"users": ids}
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
        mail.EmailMessage(subject, body, to=[user.email]).send()
    except Exception:
        if attempt >= MAX_RESET_ATTEMPTS or not enqueue_later(
            send_password_reset_mail, timezone.now() + retry_delay(attempt), user_id, site_name, attempt + 1
        ):
            raise
        return "retry"
    return "sent"


def find_or_create_person(*, full_name: str, nip: str | None, email: str | None) -> tuple[User, bool]:
    """The account with this NIP (or, without a NIP, this e-mail address), created when missing."""
    lookup = {"nip": nip} if nip else {"email": email}
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
    mentor = Mentor.objects.create(cohort=cohort, user=user, kecamatan=kecamatan, position=position, grade=grade)
    mentees = assign_mentors(cohort)
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
    address another account has; nothing is written in either case. An edit that changes nothing writes nothing."""
    current = type(role).objects.select_for_update(of=("self",)).select_related("cohort", "user").get(pk=role.pk)
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
        Participant.objects.filter(cohort_id=participant.cohort_id, roll_number=roll_number)
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
        assign_mentors(participant.cohort)
    return changed


@transaction.atomic
def edit_mentor(mentor: Mentor, *, version: int, person: dict, fields: dict, by: User) -> dict:
    """Staff correct a mentor's data (`fields`: position, grade, kecamatan). A kecamatan another mentor has is
    refused; a new kecamatan takes its participants (unless staff chose theirs). One audit event."""
    kecamatan = fields.get("kecamatan")
    if kecamatan is not None:
        other = Mentor.objects.filter(cohort_id=mentor.cohort_id, kecamatan=kecamatan).exclude(pk=mentor.pk).first()
        if other is not None:
            raise ValidationError(
                {"kecamatan": _("%(kecamatan)s already has a mentor in this cohort.") % {"kecamatan": kecamatan}}
            )
    changed = _save_person(mentor, version=version, person=person, fields=fields, verb=Verb.MENTOR_EDIT, by=by)
    if "kecamatan" in changed:
        assign_mentors(mentor.cohort)
    return changed


@transaction.atomic
def edit_examiner(examiner: Examiner, *, version: int, person: dict, fields: dict, by: User) -> dict:
    """Staff correct an examiner's data (`fields`: position, grade, institution). One audit event."""
    return _save_person(examiner, version=version, person=person, fields=fields, verb=Verb.EXAMINER_EDIT, by=by)
