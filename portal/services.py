"""Writes that set up a cohort across the apps."""

from django.db import transaction

from innovations.models import DEFAULT_CLUSTERS, Cluster
from participants.audit import Verb, record
from participants.models import Cohort, User
from seminars.models import Seminar


@transaction.atomic
def save_cohort(cohort: Cohort, *, by: User, seminar_title: str, seminar_date, seminar_venue: str) -> Cohort:
    """Create or update a cohort and its seminar's date and venue.

    A new cohort gets the default clusters, and its creator becomes one of its staff. Audited.
    """
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
    record(Verb.COHORT_CREATE if created else Verb.COHORT_EDIT, cohort=cohort, actor=by, target=cohort)
    return cohort
