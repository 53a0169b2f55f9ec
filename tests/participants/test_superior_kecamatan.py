"""One mentor per kecamatan is the Camat rule only: under the direct-superior rule a Camat and his Sekretaris Camat,
or two heads of offices in one kecamatan, are both mentors there (issue 22, item 3)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from participants import services
from participants.models import Cohort, Mentor
from participants.people_import import import_mentors, read_mentors
from portal import services as portal_services
from tests.factories import CohortFactory, KecamatanFactory, MentorFactory, UserFactory
from tests.participants.test_import_people import camat, mentors_file
from tests.portal.test_cohort_views import edit_data

AHMAD = "19700101 199503 1 001"
BUDI = "197105052000031002"


@pytest.fixture
def superior_cohort(cohort):
    cohort.mentor_rule = Cohort.MentorRule.SUPERIOR
    cohort.save()
    return cohort


@pytest.fixture
def selatan(db):
    return KecamatanFactory(name="Medan Selatan")


def test_a_direct_superior_cohort_holds_two_mentors_in_one_kecamatan(superior_cohort, selatan, staff_user):
    services.add_mentor(
        superior_cohort,
        by=staff_user,
        kecamatan=selatan,
        position="Camat",
        full_name="Camat",
        nip="197001011995031001",
        email=None,
    )
    services.add_mentor(
        superior_cohort,
        by=staff_user,
        kecamatan=selatan,
        position="Sekretaris Camat",
        full_name="Sekcam",
        nip="197105052000031002",
        email=None,
    )

    assert sorted(Mentor.objects.filter(kecamatan=selatan).values_list("position", flat=True)) == [
        "Camat",
        "Sekretaris Camat",
    ]


def test_a_camat_cohort_still_refuses_a_second_mentor_in_the_database(cohort, selatan):
    MentorFactory(cohort=cohort, kecamatan=selatan)

    with pytest.raises(IntegrityError), transaction.atomic():
        Mentor.objects.create(cohort=cohort, user=UserFactory(), kecamatan=selatan, is_camat=True)


def test_the_mentor_form_of_a_direct_superior_cohort_accepts_a_shared_kecamatan(
    client, superior_cohort, selatan, staff_user
):
    MentorFactory(cohort=superior_cohort, kecamatan=selatan, is_camat=False)
    client.force_login(staff_user)

    response = client.post(
        reverse("portal:mentor_create", args=[superior_cohort.slug]),
        {"full_name": "Sekretaris Camat", "nip": BUDI, "position": "Sekretaris Camat", "kecamatan": selatan.pk},
    )

    assert response.status_code == 302
    assert Mentor.objects.filter(cohort=superior_cohort, kecamatan=selatan).count() == 2


def test_the_mentor_import_of_a_direct_superior_cohort_accepts_two_mentors_in_one_kecamatan(superior_cohort, selatan):
    MentorFactory(cohort=superior_cohort, kecamatan=selatan, is_camat=False, user__full_name="Pak Lurah")
    data = mentors_file(
        camat(1, AHMAD, "Ahmad", "Medan Selatan", position="Camat"),
        camat(2, BUDI, "Budi", "Medan Selatan", position="Sekretaris Camat"),
    )

    preview = import_mentors(superior_cohort, data, by=None)

    assert preview.counts == {"new": 2, "updated": 0, "unchanged": 0, "error": 0}
    assert Mentor.objects.filter(cohort=superior_cohort, kecamatan=selatan).count() == 3


def test_the_mentor_import_of_a_camat_cohort_still_refuses_a_shared_kecamatan(cohort, selatan):
    preview = read_mentors(
        cohort, mentors_file(camat(1, AHMAD, "Ahmad", "Medan Selatan"), camat(2, BUDI, "Budi", "Medan Selatan"))
    )

    assert [row.errors for row in preview.rows] == [[], ["Medan Selatan already has a mentor in row 4."]]


def test_editing_a_superior_mentor_into_a_shared_kecamatan_is_saved(superior_cohort, selatan, staff_user):
    MentorFactory(cohort=superior_cohort, kecamatan=selatan, is_camat=False)
    other = MentorFactory(cohort=superior_cohort, kecamatan=KecamatanFactory(), is_camat=False)

    services.edit_mentor(other, version=other.version, person={}, fields={"kecamatan": selatan}, by=staff_user)

    assert Mentor.objects.filter(cohort=superior_cohort, kecamatan=selatan).count() == 2


def test_a_superior_may_take_over_from_another_in_their_own_kecamatan(superior_cohort, selatan, staff_user):
    leaving = MentorFactory(cohort=superior_cohort, kecamatan=selatan, is_camat=False)
    staying = MentorFactory(cohort=superior_cohort, kecamatan=KecamatanFactory(), is_camat=False)

    successor = portal_services.replace_mentor(
        leaving, by=staff_user, position="Camat", full_name=staying.user.full_name, nip=staying.user.nip, email=None
    )

    assert successor == staying
    assert not Mentor.objects.filter(pk=leaving.pk).exists()


def test_choosing_the_camat_rule_while_two_mentors_share_a_kecamatan_is_refused_by_name(superior_cohort, selatan):
    first = MentorFactory(cohort=superior_cohort, kecamatan=selatan, is_camat=False, user__full_name="Ahmad")
    Mentor.objects.create(cohort=superior_cohort, kecamatan=selatan, is_camat=False, user=UserFactory(full_name="Budi"))

    with pytest.raises(ValidationError) as refused:
        services.check_mentor_rule(superior_cohort, Cohort.MentorRule.CAMAT)

    assert refused.value.messages == [
        "Under the Camat rule a kecamatan has one mentor, but Medan Selatan has 2 (Ahmad, Budi): give them "
        "another kecamatan or remove one first."
    ]
    first.refresh_from_db()
    assert first.is_camat is False


def test_the_camat_rule_chosen_again_makes_the_mentors_camat(superior_cohort, selatan, staff_user):
    mentor = MentorFactory(cohort=superior_cohort, kecamatan=selatan, is_camat=False)
    superior_cohort.mentor_rule = Cohort.MentorRule.CAMAT

    portal_services.save_cohort(
        superior_cohort,
        by=staff_user,
        region_code=superior_cohort.region_id,
        seminar_title="",
        seminar_date=None,
        seminar_venue="",
    )

    mentor.refresh_from_db()
    assert mentor.is_camat is True


def test_a_new_mentor_follows_the_rule_of_its_cohort(db, staff_user):
    camat_cohort, superior = CohortFactory(), CohortFactory(mentor_rule=Cohort.MentorRule.SUPERIOR)

    made = [
        services.add_mentor(
            c, by=staff_user, kecamatan=None, position="", full_name="X", nip=None, email=f"m{c.pk}@example.org"
        )
        for c in (camat_cohort, superior)
    ]

    assert [m.is_camat for m in made] == [True, False]


def test_the_cohort_form_refuses_the_camat_rule_while_mentors_share_a_kecamatan(
    client, superior_cohort, selatan, staff_user
):
    MentorFactory(cohort=superior_cohort, kecamatan=selatan, is_camat=False, user__full_name="Ahmad")
    Mentor.objects.create(cohort=superior_cohort, kecamatan=selatan, is_camat=False, user=UserFactory(full_name="Budi"))
    client.force_login(staff_user)

    response = client.post(
        reverse("portal:cohort_edit", args=[superior_cohort.slug]),
        edit_data(
            superior_cohort,
            [],
            mentor_rule="camat",
            start_date="2017-07-24",
            end_date="2017-08-21",
            seminar_date="2017-08-21",
        ),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["mentor_rule"] == [
        "Under the Camat rule a kecamatan has one mentor, but Medan Selatan has 2 (Ahmad, Budi): give them "
        "another kecamatan or remove one first."
    ]
    assert Cohort.objects.get(pk=superior_cohort.pk).mentor_rule == Cohort.MentorRule.SUPERIOR
