"""Writes that set up a cohort across the apps."""

from django.db import transaction

from innovations.models import DEFAULT_CLUSTERS, Cluster
from participants.audit import Verb, record
from participants.models import Cohort, User
from participants.organisations import region_from_code
from participants.services import assign_mentors
from seminars.models import Seminar


@transaction.atomic
def save_cohort(
    cohort: Cohort, *, by: User, region_code: str, seminar_title: str, seminar_date, seminar_venue: str
) -> Cohort:
    """Create or update a cohort, its region and its seminar's date and venue.

    A new cohort gets the default clusters; its organisation's staff run it. The region is loaded from the
    Kemendagri list the first time a cohort or an organisation names it. A change of the mentor rule gives every
    participant whose mentor staff did not choose the mentor of the new rule. Audited.
    """
    created = cohort.pk is None
    rule_before = None if created else Cohort.objects.values_list("mentor_rule", flat=True).get(pk=cohort.pk)
    cohort.region = region_from_code(region_code)
    cohort.save()
    if created:
        Cluster.objects.bulk_create(
            Cluster(cohort=cohort, name=name, order=order) for order, name in enumerate(DEFAULT_CLUSTERS, start=1)
        )
    elif rule_before != cohort.mentor_rule:
        assign_mentors(cohort)
    if seminar_date:
        seminar = cohort.seminars.first() or Seminar(cohort=cohort)
        seminar.title = seminar_title or cohort.training_title
        seminar.date, seminar.venue = seminar_date, seminar_venue
        seminar.save()
    record(Verb.COHORT_CREATE if created else Verb.COHORT_EDIT, cohort=cohort, actor=by, target=cohort)
    return cohort
