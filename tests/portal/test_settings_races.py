"""The organisation's page and the cohort's settings saved by two staff members from the same copy (issue 28, item 7):
the page carries the version it was opened at, so the later save is told and keeps its text, never silently
overwriting the earlier one. On PostgreSQL, with both saves at once, exactly one wins."""

from functools import partial

import pytest
from django.urls import reverse

from participants.models import AuditEvent, Cohort, Organisation
from tests.factories import CohortFactory, OrganisationFactory, UserFactory
from tests.portal.test_cohort_views import edit_data as cohort_form
from tests.portal.test_organisation_views import organisation_data
from tests.races import at_once, require_postgresql
from tests.seminars.test_races import signed_in, staff_of

CONFLICT = "was saved by someone else after you opened this page, so your changes were not saved."


def organisation_form(organisation, **changes):
    return organisation_data(
        short_name=organisation.short_name, region="12.71", version=organisation.version, **changes
    )


def test_an_organisation_page_saved_after_a_colleague_s_save_is_told_and_keeps_its_text(client, db):
    organisation = OrganisationFactory(head_name="Drs. Kepala Lama")
    first, second = (UserFactory() for _ in range(2))
    organisation.staff_members.add(first, second)
    opened = organisation_form(organisation)  # both open the page at the same version
    client.force_login(first)
    client.post(reverse("portal:organisation_edit", args=[organisation.pk]), opened | {"head_name": "Dr. Kepala A"})
    client.force_login(second)

    response = client.post(
        reverse("portal:organisation_edit", args=[organisation.pk]), opened | {"head_name": "Dr. Kepala B"}
    )

    organisation.refresh_from_db()
    assert (response.status_code, organisation.head_name, organisation.version) == (409, "Dr. Kepala A", 2)
    assert CONFLICT in response.content.decode()
    assert response.context["form"]["head_name"].value() == "Dr. Kepala B"


def test_a_cohort_s_settings_saved_after_a_colleague_s_save_are_told_and_kept(client, cohort, staff_user):
    opened = cohort_form(cohort, [], version=cohort.version)
    client.force_login(staff_user)
    client.post(reverse("portal:cohort_edit", args=[cohort.slug]), opened | {"training_title": "Pelatihan A"})

    response = client.post(reverse("portal:cohort_edit", args=[cohort.slug]), opened | {"training_title": "Diklat B"})

    cohort.refresh_from_db()
    assert (response.status_code, cohort.training_title, cohort.version) == (409, "Pelatihan A", 2)
    assert CONFLICT in response.content.decode()
    assert response.context["form"]["training_title"].value() == "Diklat B"


@pytest.mark.parametrize("version", ["", "x", "0"])
def test_a_forged_version_is_refused_with_a_message(client, cohort, staff_user, version):
    client.force_login(staff_user)

    response = client.post(
        reverse("portal:cohort_edit", args=[cohort.slug]), cohort_form(cohort, [], version=version, name="Palsu")
    )

    assert "This form was changed outside its page or is out of date" in response.content.decode()
    assert Cohort.objects.get(pk=cohort.pk).name != "Palsu"


@pytest.mark.django_db(transaction=True)
def test_two_staff_saving_the_organisation_at_once_have_exactly_one_winner():
    require_postgresql()
    organisation = OrganisationFactory()
    people = [UserFactory() for _ in range(2)]
    organisation.staff_members.add(*people)
    first, second = (signed_in(person, 1)[0] for person in people)
    url = reverse("portal:organisation_edit", args=[organisation.pk])
    for number in range(20):
        organisation.refresh_from_db()
        opened = organisation_form(organisation)

        answers = at_once(
            partial(first.post, url, opened | {"head_name": f"A {number}"}),
            partial(second.post, url, opened | {"head_name": f"B {number}"}),
        )

        organisation.refresh_from_db()
        assert sorted(answer.status_code for answer in answers) == [302, 409]
        assert organisation.head_name in {f"A {number}", f"B {number}"}
    assert Organisation.objects.get().version == 21
    assert AuditEvent.objects.filter(verb="organisation.edit").count() == 20


@pytest.mark.django_db(transaction=True)
def test_two_staff_saving_the_cohort_s_settings_at_once_have_exactly_one_winner():
    require_postgresql()
    cohort = CohortFactory()
    first, second = staff_of(cohort)
    url = reverse("portal:cohort_edit", args=[cohort.slug])
    for number in range(20):
        cohort.refresh_from_db()
        opened = cohort_form(cohort, [], version=cohort.version)

        answers = at_once(
            partial(first.post, url, opened | {"training_title": f"A {number}"}),
            partial(second.post, url, opened | {"training_title": f"B {number}"}),
        )

        cohort.refresh_from_db()
        assert sorted(answer.status_code for answer in answers) == [302, 409]
        assert cohort.training_title in {f"A {number}", f"B {number}"}
    assert Cohort.objects.get().version == 21
