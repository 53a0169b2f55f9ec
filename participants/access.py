"""Who may open a cohort's pages: each helper returns the cohort or raises Http404, never a 403."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Cohort, Examiner, Mentor, Organisation, Participant


def cohort_for_staff(request, slug) -> Cohort:
    """The cohort if the signed-in person organises it (`Cohort.objects.run_by`); a 404 for everyone else."""
    return get_object_or_404(Cohort.objects.run_by(request.user).select_related("organisation", "region"), slug=slug)


def organisation_for_staff(request, pk) -> Organisation:
    """The organisation for its own staff and for superusers; a 404 for everyone else."""
    return get_object_or_404(Organisation.objects.run_by(request.user).select_related("region"), pk=pk)


def require_superuser(request) -> None:
    """Only superusers create organisations and choose their staff; anyone else gets a 404."""
    if not request.user.is_superuser:
        raise Http404


def member_cohorts(user):
    """The cohorts a person has any role in: staff, participant, mentor or examiner."""
    # One subquery per role, each on its own index; joining all four tables at once scanned every participant.
    return Cohort.objects.filter(
        Q(pk__in=Cohort.objects.run_by(user).values("pk"))
        | Q(pk__in=Participant.objects.filter(user=user).values("cohort"))
        | Q(pk__in=Mentor.objects.filter(user=user).values("cohort"))
        | Q(pk__in=Examiner.objects.filter(user=user).values("cohort"))
    )


def people_in_cohort(cohort) -> Q:
    """The people of a cohort, as one list of ids from its three role tables: a join of those tables, or three
    lists joined by OR, made PostgreSQL read every role of every cohort."""
    people = (
        Participant.objects.filter(cohort=cohort)
        .values("user")
        .order_by()
        .union(
            Mentor.objects.filter(cohort=cohort).values("user").order_by(),
            Examiner.objects.filter(cohort=cohort).values("user").order_by(),
        )
    )
    return Q(pk__in=people)
