"""The filters of the people lists offer the cohort's own kecamatan, not every kecamatan of the installation."""

import pytest
from django.urls import reverse

from tests.factories import KecamatanFactory, MentorFactory, ParticipantFactory


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def kecamatan_choices(response) -> list[str]:
    return [label for value, label in response.context["filter"].form.fields["kecamatan"].choices if value]


def test_participant_filter_offers_the_kecamatan_of_the_cohorts_participants(staff_client, cohort):
    ParticipantFactory(cohort=cohort, kecamatan=KecamatanFactory(name="Medan Baru"))
    ParticipantFactory(kecamatan=KecamatanFactory(name="Binjai Kota"))  # another cohort's

    response = staff_client.get(reverse("portal:participant_list", args=[cohort.slug]))

    assert kecamatan_choices(response) == ["Medan Baru"]


def test_mentor_filter_offers_the_kecamatan_of_the_cohorts_mentors(staff_client, cohort):
    MentorFactory(cohort=cohort, kecamatan=KecamatanFactory(name="Medan Johor"))
    MentorFactory(kecamatan=KecamatanFactory(name="Binjai Kota"))  # another cohort's

    response = staff_client.get(reverse("portal:mentor_list", args=[cohort.slug]))

    assert kecamatan_choices(response) == ["Medan Johor"]
