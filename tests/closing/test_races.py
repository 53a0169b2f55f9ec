"""Two staff issuing a cohort's certificates at the same moment: each participant gets one, under one number."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from closing import certificates, grades
from closing.models import Certificate
from participants.models import DocumentCounter
from tests.closing.conftest import graded_cohort, scored
from tests.factories import UserFactory
from tests.races import at_once, require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_staff_issuing_at_once_certify_each_participant_once():
    require_postgresql()
    cohort = graded_cohort()
    first, second = UserFactory(), UserFactory()
    cohort.organisation.staff_members.add(first, second)
    people = scored(cohort, [90, 85, 80])
    values = {p.pk: {"academic": Decimal(80), "attitude": Decimal(80)} for p in people}
    grades.save_scores(cohort, version=1, values=values, by=first)

    results = at_once(
        lambda: certificates.issue_certificates(cohort, by=first),
        lambda: certificates.issue_certificates(cohort, by=second),
    )

    issued = [result for result in results if isinstance(result, list)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert (len(issued), len(refused), refused[0].code) == (1, 1, "none")
    assert sorted(Certificate.objects.values_list("participant", flat=True)) == sorted(p.pk for p in people)
    assert DocumentCounter.objects.get(organisation=cohort.organisation).last == 3
