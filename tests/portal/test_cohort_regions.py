"""A cohort names its organisation, its region and its mentor rule; its mentors' page follows them."""

import pytest
from django.urls import reverse

from participants.models import Cohort, Mentor, Participant
from tests.factories import (
    CohortFactory,
    MentorFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    load_region,
)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def settings_data(cohort, **overrides):
    return {
        "name": cohort.name,
        "slug": cohort.slug,
        "training_title": cohort.training_title,
        "organisation": cohort.organisation_id,
        "region": cohort.region_id,
        "mentor_rule": cohort.mentor_rule,
        "version": cohort.version,
        "start_date": "2017-07-24",
        "end_date": "2017-08-21",
        "clusters-TOTAL_FORMS": 0,
        "clusters-INITIAL_FORMS": 0,
        "clusters-MIN_NUM_FORMS": 0,
        "clusters-MAX_NUM_FORMS": 1000,
        **overrides,
    }


def test_the_cohort_form_offers_every_province_and_kabupaten_kota_and_only_ones_own_organisations(staff_client, cohort):
    OrganisationFactory(short_name="BKPSDM Kota Binjai")

    form = staff_client.get(reverse("portal:cohort_create")).context["form"]

    assert list(form.fields["organisation"].queryset) == [cohort.organisation]
    assert form.initial["region"] == "12.71"
    groups = [label for value, label in form.fields["region"].choices if value]
    assert len(groups) == 38
    body = staff_client.get(reverse("portal:cohort_create")).content.decode()
    assert '<option value="12.72">Kota Pematangsiantar</option>' in body


def test_a_cohort_cannot_be_given_to_another_organisation(staff_client, cohort):
    other = OrganisationFactory(short_name="BKPSDM Kota Binjai")

    response = staff_client.post(
        reverse("portal:cohort_edit", args=[cohort.slug]), settings_data(cohort, organisation=other.pk)
    )

    assert "organisation" in response.context["form"].errors
    cohort.refresh_from_db()
    assert cohort.organisation != other


def test_a_cohort_moves_to_a_region_that_holds_its_people_and_no_other(staff_client, cohort):
    ParticipantFactory(cohort=cohort)  # in a kecamatan of Kota Medan

    response = staff_client.post(
        reverse("portal:cohort_edit", args=[cohort.slug]), settings_data(cohort, region="12.72")
    )

    assert (
        response.context["form"]
        .errors["region"][0]
        .startswith("Participants or mentors of this cohort are in kecamatan outside it: Kecamatan ")
    )
    cohort.refresh_from_db()
    assert cohort.region_id == "12.71"
    response = staff_client.post(reverse("portal:cohort_edit", args=[cohort.slug]), settings_data(cohort, region="12"))
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.region_id == "12"


def test_the_mentor_form_offers_the_kecamatan_of_the_cohorts_region_only(staff_client, db, staff_user):
    deli = load_region("12.07", villages=False)
    load_region("12.71", villages=False)
    cohort = CohortFactory(region=deli)
    cohort.organisation.staff_members.add(staff_user)

    form = staff_client.get(reverse("portal:mentor_create", args=[cohort.slug])).context["form"]

    names = [k.name for k in form.fields["kecamatan"].queryset]
    assert len(names) == 22
    assert "Sunggal" in names
    assert "Medan Sunggal" not in names
    response = staff_client.post(
        reverse("portal:mentor_create", args=[cohort.slug]),
        {"full_name": "Camat Medan", "nip": "197001011995031004", "kecamatan": "12.71.02"},
    )
    assert "kecamatan" in response.context["form"].errors
    assert not Mentor.objects.exists()


def test_under_the_direct_superior_rule_a_mentor_needs_no_kecamatan_and_staff_choose_them(staff_client, cohort):
    Cohort.objects.filter(pk=cohort.pk).update(mentor_rule=Cohort.MentorRule.SUPERIOR)
    participant = ParticipantFactory(cohort=cohort, mentor=None)

    staff_client.post(
        reverse("portal:mentor_create", args=[cohort.slug]),
        {"full_name": "Kepala Bidang, S.E.", "nip": "197001011995031004", "position": "Kepala Bidang", "grade": "IV/a"},
    )
    mentor = Mentor.objects.get(cohort=cohort)
    page = staff_client.get(reverse("portal:participant_mentor", args=[cohort.slug, participant.pk]))
    staff_client.post(reverse("portal:participant_mentor", args=[cohort.slug, participant.pk]), {"mentor": mentor.pk})

    assert (mentor.kecamatan, mentor.grade) == (None, "IV/a")
    assert page.context["form"].fields["mentor"].empty_label == "The direct superior named in the roster"
    assert Participant.objects.get().mentor == mentor


def test_the_mentor_list_shows_mentors_without_a_kecamatan_and_exports_them(staff_client, cohort):
    MentorFactory(cohort=cohort, user__full_name="Camat Medan Baru")
    Mentor.objects.create(cohort=cohort, user=UserFactory(full_name="Atasan Langsung"), position="Kepala Bidang")

    page = staff_client.get(reverse("portal:mentor_list", args=[cohort.slug]))
    export = staff_client.get(reverse("portal:mentor_list", args=[cohort.slug]), {"format": "csv"})

    assert sorted(m.user.full_name for m in page.context["page"]) == ["Atasan Langsung", "Camat Medan Baru"]
    rows = export.content.decode("utf-8-sig").splitlines()
    assert [line.split(";")[:2] for line in rows if "Atasan" in line] == [["", "Atasan Langsung"]]
