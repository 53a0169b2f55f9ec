import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from core.pages import SortFilter
from innovations.models import Cluster
from participants.filters import ExaminerFilter, MentorFilter
from participants.models import Cohort
from portal.filters import ParticipantFilter
from tests.factories import (
    ActionPlanFactory,
    CohortFactory,
    OrganisationFactory,
    ParticipantFactory,
    SeminarFactory,
    UserFactory,
)


def cohort_data(**overrides):
    data = {
        "name": "Angkatan I 2018",
        "slug": "medan-2018",
        "training_title": "Pelatihan Kepemimpinan Pengawas",
        "region": "12.71",
        "mentor_rule": "camat",
        "start_date": "2018-03-01",
        "end_date": "2018-04-30",
        "seminar_title": "Seminar Aksi Perubahan",
        "seminar_date": "2018-04-27",
        "seminar_venue": "Aula BKDPSDM",
    }
    return {**data, **overrides}


@pytest.fixture
def organiser(db):
    """Staff of an organisation, with no cohort yet."""
    user = UserFactory()
    OrganisationFactory().staff_members.add(user)
    return user


def test_cohort_create_makes_the_cohort_with_default_clusters_and_seminar(client, organiser):
    organisation = organiser.organisations.get()
    client.force_login(organiser)

    response = client.post(reverse("portal:cohort_create"), cohort_data(organisation=organisation.pk))

    cohort = Cohort.objects.get(slug="medan-2018")
    assert response.url == reverse("portal:cohort_detail", args=["medan-2018"])
    assert (cohort.organisation, cohort.region.name, cohort.mentor_rule) == (organisation, "Kota Medan", "camat")
    assert list(cohort.staff_members.all()) == [organiser]
    assert [c.name for c in cohort.clusters.all()][:2] == ["Kearsipan", "Layanan Langsung"]
    assert cohort.clusters.count() == 7
    seminar = cohort.seminars.get()
    assert (seminar.date, seminar.venue) == (datetime.date(2018, 4, 27), "Aula BKDPSDM")


def test_cohort_create_refuses_an_end_before_the_start(client, organiser):
    client.force_login(organiser)

    response = client.post(
        reverse("portal:cohort_create"),
        cohort_data(end_date="2018-02-01", organisation=organiser.organisations.get().pk),
    )

    assert response.status_code == 200
    assert "cannot end before it starts" in response.content.decode()
    assert not Cohort.objects.filter(slug="medan-2018").exists()


def test_cohort_create_refuses_a_taken_short_name(client, organiser):
    CohortFactory(slug="medan-2018")
    client.force_login(organiser)

    response = client.post(reverse("portal:cohort_create"), cohort_data(organisation=organiser.organisations.get().pk))

    assert response.status_code == 200
    assert Cohort.objects.filter(slug="medan-2018").count() == 1


def cluster_payload(cohort, rows, extra_rows=2):
    data = {
        "clusters-TOTAL_FORMS": len(rows) + extra_rows,
        "clusters-INITIAL_FORMS": len(rows),
        "clusters-MIN_NUM_FORMS": 0,
        "clusters-MAX_NUM_FORMS": 1000,
    }
    for index, (cluster, name, order, *delete) in enumerate(rows):
        data |= {
            f"clusters-{index}-id": cluster.pk,
            f"clusters-{index}-cohort": cohort.pk,
            f"clusters-{index}-name": name,
            f"clusters-{index}-order": order,
        }
        if delete == [True]:
            data[f"clusters-{index}-DELETE"] = "on"
    for index in range(len(rows), len(rows) + extra_rows):  # the empty rows, as the browser sends them
        data |= {f"clusters-{index}-name": "", f"clusters-{index}-order": "0"}
    return data


def edit_data(cohort, rows, **extra):
    return (
        cohort_data(name=cohort.name, slug=cohort.slug, organisation=cohort.organisation_id, version=cohort.version)
        | cluster_payload(cohort, rows)
        | extra
    )


def test_cohort_edit_renames_reorders_and_adds_clusters(client, cohort, staff_user):
    first = Cluster.objects.create(cohort=cohort, name="Kearsipan", order=1)
    second = Cluster.objects.create(cohort=cohort, name="Layanan Langsung", order=2)
    client.force_login(staff_user)
    data = edit_data(cohort, [(first, "Kearsipan", 2), (second, "Layanan Publik", 1)])
    data |= {"clusters-2-name": "Klaster Baru", "clusters-2-order": 3}

    response = client.post(reverse("portal:cohort_edit", args=[cohort.slug]), data)

    assert response.status_code == 302
    assert [c.name for c in cohort.clusters.all()] == ["Layanan Publik", "Kearsipan", "Klaster Baru"]


def test_cohort_edit_refuses_to_remove_a_cluster_with_plans(client, cohort, staff_user):
    plan = ActionPlanFactory(participant__cohort=cohort)
    client.force_login(staff_user)

    response = client.post(
        reverse("portal:cohort_edit", args=[cohort.slug]),
        edit_data(cohort, [(plan.cluster, plan.cluster.name, 1, True)]),
    )

    assert response.status_code == 200
    assert "cannot be removed" in response.content.decode()
    assert Cluster.objects.filter(pk=plan.cluster.pk).exists()


def test_cohort_edit_refuses_two_clusters_with_one_name(client, cohort, staff_user):
    first = Cluster.objects.create(cohort=cohort, name="A", order=1)
    second = Cluster.objects.create(cohort=cohort, name="B", order=2)
    client.force_login(staff_user)

    response = client.post(
        reverse("portal:cohort_edit", args=[cohort.slug]), edit_data(cohort, [(first, "A", 1), (second, "a", 2)])
    )

    assert "same name" in response.content.decode()
    assert sorted(cohort.clusters.values_list("name", flat=True)) == ["A", "B"]


def test_cohort_list_shows_only_the_cohorts_one_runs(client, cohort, staff_user):
    CohortFactory(name="Angkatan orang lain")
    client.force_login(staff_user)

    response = client.get(reverse("portal:cohort_list"))

    assert list(response.context["cohorts"]) == [cohort]


def test_cohort_detail_lists_participants_without_a_mentor(client, cohort, staff_user):

    lonely = ParticipantFactory(cohort=cohort, mentor=None)
    ParticipantFactory(cohort=cohort)
    client.force_login(staff_user)

    response = client.get(reverse("portal:cohort_detail", args=[cohort.slug]))

    assert list(response.context["unmentored"]) == [lonely]
    assert response.context["participant_count"] == 2


@pytest.mark.parametrize("count", [1, 3])
def test_cohort_list_query_count_does_not_grow(client, staff_user, count, django_assert_num_queries):
    for _ in range(count):
        CohortFactory().organisation.staff_members.add(staff_user)
    client.force_login(staff_user)

    # session, user, cohort count, cohorts, the menu (roles and unread count)
    with django_assert_num_queries(5):
        client.get(reverse("portal:cohort_list"))


# Small things the clerk hit -----------------------------------------------------------------------------------------


def test_cohort_create_makes_the_short_address_from_the_name_when_left_blank(client, organiser):
    client.force_login(organiser)

    response = client.post(
        reverse("portal:cohort_create"),
        cohort_data(name="Angkatan II Tahun 2018", slug="", organisation=organiser.organisations.get().pk),
    )

    assert response.url == reverse("portal:cohort_detail", args=["angkatan-ii-tahun-2018"])
    assert Cohort.objects.get(slug="angkatan-ii-tahun-2018").name == "Angkatan II Tahun 2018"


def test_cohort_create_numbers_a_made_short_address_that_is_taken(client, organiser):
    CohortFactory(slug="angkatan-ii-tahun-2018")
    client.force_login(organiser)

    client.post(
        reverse("portal:cohort_create"),
        cohort_data(name="Angkatan II Tahun 2018", slug="", organisation=organiser.organisations.get().pk),
    )

    assert Cohort.objects.get(name="Angkatan II Tahun 2018", organisation__staff_members=organiser).slug == (
        "angkatan-ii-tahun-2018-2"
    )


def test_cohort_create_says_plainly_that_a_typed_short_address_is_taken(client, organiser):
    CohortFactory(slug="medan-2018")
    client.force_login(organiser)

    response = client.post(reverse("portal:cohort_create"), cohort_data(organisation=organiser.organisations.get().pk))

    assert response.context["form"].errors["slug"] == [
        "This short address is already used by another cohort: choose another one."
    ]


def test_cohort_edit_keeps_its_own_short_address(client, cohort, staff_user):
    client.force_login(staff_user)

    response = client.post(reverse("portal:cohort_edit", args=[cohort.slug]), edit_data(cohort, []))

    assert response.status_code == 302
    assert Cohort.objects.get(pk=cohort.pk).slug == cohort.slug


def test_cohort_create_questions_a_seminar_date_outside_the_training(client, organiser):
    client.force_login(organiser)
    data = cohort_data(seminar_date="2019-04-27", organisation=organiser.organisations.get().pk)

    response = client.post(reverse("portal:cohort_create"), data)

    assert response.context["form"].errors["seminar_date"] == [
        "The seminar date 27 April 2019 is outside the training period (1 March 2018 – 30 April 2018). Correct it, "
        "or tick the box below to keep it."
    ]
    assert 'type="checkbox" name="seminar_date_confirmed"' in response.content.decode()
    assert not Cohort.objects.filter(slug="medan-2018").exists()


def test_cohort_create_keeps_a_seminar_date_outside_the_training_once_confirmed(client, organiser):
    client.force_login(organiser)
    data = cohort_data(
        seminar_date="2018-05-02", seminar_date_confirmed="on", organisation=organiser.organisations.get().pk
    )

    client.post(reverse("portal:cohort_create"), data)

    assert Cohort.objects.get(slug="medan-2018").seminars.get().date == datetime.date(2018, 5, 2)


def test_cohort_form_hides_the_confirmation_until_it_is_asked(client, organiser):
    client.force_login(organiser)

    body = client.get(reverse("portal:cohort_create")).content.decode()

    assert '<input type="hidden" name="seminar_date_confirmed"' in body


def test_cohort_saved_message_names_the_cohort_once(client, organiser):
    client.force_login(organiser)

    response = client.post(
        reverse("portal:cohort_create"),
        cohort_data(name="Angkatan II Tahun 2018", organisation=organiser.organisations.get().pk),
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["Angkatan II Tahun 2018 is saved."]


def test_every_sort_filter_labels_its_descending_choices_in_the_projects_words(cohort):
    labels = {}
    for language in ["en", "id"]:
        with translation.override(language):
            filtersets = [ParticipantFilter(cohort=cohort), MentorFilter(cohort=cohort), ExaminerFilter()]
            sort_filters = [filterset.filters["sort"] for filterset in filtersets]
            assert all(isinstance(sort, SortFilter) for sort in sort_filters)
            labels[language] = [str(label) for _value, label in sort_filters[0].field.choices][1:3]

    assert labels == {"en": ["NDH", "NDH (descending)"], "id": ["NDH", "NDH (menurun)"]}


def test_cohort_edit_does_not_question_a_confirmed_seminar_date_again(client, cohort, staff_user):
    SeminarFactory(cohort=cohort, date=datetime.date(2017, 9, 4), venue="Aula BKDPSDM")
    client.force_login(staff_user)
    data = edit_data(cohort, []) | {
        "start_date": "2017-07-24",
        "end_date": "2017-08-21",
        "seminar_date": "2017-09-04",
        "name": "Angkatan I Tahun 2017",
    }

    response = client.post(reverse("portal:cohort_edit", args=[cohort.slug]), data)

    assert response.status_code == 302
    assert Cohort.objects.get(pk=cohort.pk).name == "Angkatan I Tahun 2017"
