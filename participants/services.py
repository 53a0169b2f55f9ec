"""Writes about people that do more than one thing."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Cohort, Mentor, Participant, User


def assign_mentors(cohort: Cohort) -> int:
    """Give every participant the Camat of their kecamatan as mentor, unless staff chose one.

    Returns how many participants changed mentor. One UPDATE per kecamatan, whatever the roster's size.
    """
    automatic = Participant.objects.filter(cohort=cohort, mentor_assigned_by_staff=False)
    camat = dict(Mentor.objects.filter(cohort=cohort).values_list("kecamatan_id", "pk"))
    changed = 0
    for kecamatan_id, mentor_id in camat.items():
        changed += automatic.filter(kecamatan_id=kecamatan_id).exclude(mentor_id=mentor_id).update(mentor_id=mentor_id)
    without_camat = automatic.exclude(kecamatan_id__in=camat.keys()).exclude(mentor=None)
    return changed + without_camat.update(mentor=None)


@transaction.atomic
def set_mentor(participant: Participant, *, mentor: Mentor | None) -> None:
    """Staff choose a participant's mentor; None gives them back the Camat of their kecamatan."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    participant.mentor_assigned_by_staff = mentor is not None
    participant.mentor = mentor
    participant.save(update_fields=["mentor", "mentor_assigned_by_staff"])
    if mentor is None:
        assign_mentors(participant.cohort)


def invitation_message(user: User) -> mail.EmailMessage:
    path = reverse(
        "welcome",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    with translation.override(user.language):
        context = {"user": user, "link": settings.SITE_URL.rstrip("/") + path}
        subject = render_to_string("participants/invitation_subject.txt", context).strip()
        body = render_to_string("participants/invitation_email.txt", context)
    return mail.EmailMessage(subject, body, to=[user.email])


def send_invitations(users: Iterable[User]) -> int:
    """Mail each person with an e-mail address a one-time link to set their password; returns how many."""
    users = [user for user in users if user.email]
    if not users:
        return 0
    with mail.get_connection() as connection:
        connection.send_messages([invitation_message(user) for user in users])
    User.objects.filter(pk__in=[user.pk for user in users]).update(invited_at=timezone.now())
    return len(users)


def invite_on_commit(users: Iterable[User]) -> None:
    """Send the invitations once the surrounding transaction has committed, never for a rolled-back import."""
    users = list(users)
    transaction.on_commit(lambda: send_invitations(users))


@transaction.atomic
def save_cohort(cohort: Cohort, *, by: User, seminar_title: str, seminar_date, seminar_venue: str) -> Cohort:
    """Create or update a cohort and its seminar's date and venue.

    A new cohort gets the default clusters, and its creator becomes one of its staff.
    """
    from innovations.models import DEFAULT_CLUSTERS, Cluster
    from seminars.models import Seminar

    created = cohort.pk is None
    cohort.save()
    if created:
        cohort.staff_members.add(by)
        Cluster.objects.bulk_create(
            Cluster(cohort=cohort, name=name, order=order) for order, name in enumerate(DEFAULT_CLUSTERS, start=1)
        )
    if seminar_date:
        seminar = cohort.seminars.first() or Seminar(cohort=cohort)
        seminar.title = seminar_title or cohort.training_title
        seminar.date, seminar.venue = seminar_date, seminar_venue
        seminar.save()
    return cohort


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
def add_mentor(cohort: Cohort, *, kecamatan, position: str, **person) -> Mentor:
    """Add a kecamatan's Camat as mentor; the kecamatan's participants get them unless staff chose otherwise."""
    user, created = find_or_create_person(**person)
    mentor = Mentor.objects.create(cohort=cohort, user=user, kecamatan=kecamatan, position=position)
    assign_mentors(cohort)
    if created:
        invite_on_commit([user])
    return mentor


@transaction.atomic
def add_examiner(cohort: Cohort, *, institution: str, position: str, **person):
    from .models import Examiner

    user, created = find_or_create_person(**person)
    examiner, _ = Examiner.objects.get_or_create(
        cohort=cohort, user=user, defaults={"institution": institution, "position": position}
    )
    if created:
        invite_on_commit([user])
    return examiner
