"""The menu and the footer name the organisation of the person's cohorts, or nobody's for the public."""

from django.urls import reverse

from tests.factories import CohortFactory, OrganisationFactory, ParticipantFactory, UserFactory


def agency(body: str) -> str | None:
    marker = '<small class="navbar-agency">'
    return body.split(marker, 1)[1].split("</small>", 1)[0] if marker in body else None


def footer(body: str) -> str:
    return body.split("<footer", 1)[1]


def test_staff_see_their_own_organisation_in_the_menu_and_the_footer(client, db):
    deli = OrganisationFactory(
        short_name="BKPSDM Kabupaten Deli Serdang",
        name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        government="Pemerintah Kabupaten Deli Serdang",
    )
    clerk = UserFactory()
    deli.staff_members.add(clerk)
    client.force_login(clerk)

    body = client.get(reverse("portal:home")).content.decode()

    assert agency(body) == "BKPSDM Kabupaten Deli Serdang"
    assert "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia · Pemerintah Kabupaten Deli Serdang" in footer(body)
    assert f'href="{reverse("portal:organisation_detail", args=[deli.pk])}"' in body


def test_a_participant_sees_the_organisation_of_their_latest_cohort(client, db):
    participant = ParticipantFactory(cohort=CohortFactory(organisation__short_name="BPSDM Provinsi Sumatera Utara"))
    client.force_login(participant.user)

    body = client.get(reverse("portal:home")).content.decode()

    assert agency(body) == "BPSDM Provinsi Sumatera Utara"


def test_the_public_sees_a_neutral_inovasi(client, db):
    CohortFactory()

    for url in [reverse("portal:home"), reverse("innovations:catalogue"), reverse("participants:login")]:
        body = client.get(url).content.decode()
        assert agency(body) is None
        assert "Badan Kepegawaian" not in footer(body)
        assert '<span class="fw-bold">Inovasi</span>' in body
