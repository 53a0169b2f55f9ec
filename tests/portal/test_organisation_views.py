"""Organisation pages: superusers create organisations and choose their staff; each one's staff keep its identity."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from participants.audit import events_of
from participants.models import Organisation, Region, User
from tests.core.test_images import png_bomb
from tests.factories import CohortFactory, OrganisationFactory, UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def clerk(organisation):
    user = UserFactory()
    organisation.staff_members.add(user)
    return user


@pytest.fixture
def outsider(db):
    """Staff of another organisation."""
    user = UserFactory()
    OrganisationFactory(short_name="BKPSDM Kota Binjai").staff_members.add(user)
    return user


def png(size=(40, 40), kind="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (13, 71, 161)).save(buffer, kind)
    return SimpleUploadedFile(f"logo.{kind.lower()}", buffer.getvalue(), content_type=f"image/{kind.lower()}")


def organisation_data(**overrides):
    return {
        "name": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "short_name": "BKPSDM Kota Pematangsiantar",
        "government": "Pemerintah Kota Pematangsiantar",
        "region": "12.72",
        "place": "Pematangsiantar",
        "address": "Jalan Merdeka No. 6, Pematangsiantar",
        "phone": "(0622) 000000",
        "email": "bkpsdm@siantar.example",
        "website": "bkpsdm.siantar.example",
        "head_name": "Drs. Kepala Badan, M.Si",
        "head_nip": "19650101 199003 1 005",
        "head_grade": "IV/b",
        "head_position": "Kepala BKPSDM Kota Pematangsiantar",
        "number_pattern": "800/{seq}/BKPSDM/{year}",
        **overrides,
    }


def test_organisation_list_is_for_superusers_only(client, superuser, clerk, organisation):
    url = reverse("portal:organisation_list")
    assert client.get(url).url.startswith(reverse("participants:login"))
    client.force_login(clerk)
    assert client.get(url).status_code == 404

    client.force_login(superuser)
    response = client.get(url)

    assert response.status_code == 200
    assert list(response.context["page"]) == [organisation]
    assert response.context["page"][0].staff_count == 1


def test_organisation_list_searches_by_name(client, superuser, organisation):
    OrganisationFactory(short_name="BKPSDM Kabupaten Karo", name="Badan Kepegawaian Karo")
    client.force_login(superuser)

    response = client.get(reverse("portal:organisation_list"), {"q": "karo"})

    assert [o.short_name for o in response.context["page"]] == ["BKPSDM Kabupaten Karo"]


@pytest.mark.parametrize("count", [1, 3])
def test_organisation_list_query_count_does_not_grow(client, superuser, count, django_assert_num_queries):
    for _ in range(count):
        CohortFactory().organisation.staff_members.add(UserFactory())
    client.force_login(superuser)

    # session, user, organisation count, the page of organisations with their counts, the menu (roles and unread
    # count)
    with django_assert_num_queries(5):
        response = client.get(reverse("portal:organisation_list"))

    assert [o.cohort_count for o in response.context["page"]] == [1] * count


def test_a_superuser_creates_an_organisation_in_its_region_with_its_letterhead(client, superuser):
    client.force_login(superuser)

    response = client.post(reverse("portal:organisation_create"), organisation_data(logo=png()))

    organisation = Organisation.objects.get()
    assert response.url == reverse("portal:organisation_detail", args=[organisation.pk])
    assert (organisation.short_name, organisation.region.name, organisation.head_nip) == (
        "BKPSDM Kota Pematangsiantar",
        "Kota Pematangsiantar",
        "196501011990031005",
    )
    assert organisation.logo_data_url().startswith("data:image/png;base64,")
    assert Region.objects.filter(parent_id="12.72").count() == 8  # its kecamatan, loaded the first time
    assert [e.verb for e in events_of(organisation)] == ["organisation.create"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"number_pattern": "800/BKPSDM/{year}"}, "number_pattern", "The numbering needs {seq}, once"),
        ({"head_position": ""}, "head_position", "Give both the head's name and their position"),
        ({"head_nip": "1965010119900310"}, "head_nip", "A NIP has 18 digits"),
        ({"region": "12.99"}, "region", "Select a valid choice."),
        (
            {"logo": SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")},
            "logo",
            "Upload a valid image",
        ),
    ],
)
def test_an_organisation_that_cannot_be_used_is_refused_saying_what_to_fix(
    client, superuser, overrides, field, message
):
    client.force_login(superuser)

    response = client.post(reverse("portal:organisation_create"), organisation_data(**overrides))

    assert response.status_code == 200
    assert any(error.startswith(message) for error in response.context["form"].errors[field])
    assert not Organisation.objects.exists()


def test_a_logo_larger_than_a_megabyte_is_refused(client, superuser):
    client.force_login(superuser)
    big = SimpleUploadedFile("logo.bmp", b"BM" + b"\0" * (1024 * 1024 + 10), content_type="image/bmp")

    response = client.post(reverse("portal:organisation_create"), organisation_data(logo=big))

    assert response.context["form"].errors["logo"]
    assert not Organisation.objects.exists()


def test_a_logo_of_121_megapixels_in_470_kb_is_refused_before_any_document_decodes_it(client, superuser):
    client.force_login(superuser)
    bomb = SimpleUploadedFile("logo.png", png_bomb(11_000, 11_000), content_type="image/png")

    response = client.post(reverse("portal:organisation_create"), organisation_data(logo=bomb))

    assert response.context["form"].errors["logo"] == [
        "The picture is 11000 × 11000 pixels (121 megapixels); at most 50 megapixels are accepted. Save it smaller "
        "(for example 4000 × 3000)."
    ]
    assert not Organisation.objects.exists()


def test_a_large_logo_is_kept_as_a_copy_the_size_a_letterhead_prints(client, superuser):
    client.force_login(superuser)

    client.post(reverse("portal:organisation_create"), organisation_data(logo=png(size=(3000, 2000))))

    organisation = Organisation.objects.get()
    with organisation.logo.open("rb") as stored, Image.open(stored) as logo:
        assert (logo.format, logo.size) == ("PNG", (600, 400))
    assert organisation.logo.name == "organisations/logo.png"


def test_only_superusers_create_organisations(client, clerk):
    client.force_login(clerk)

    assert client.get(reverse("portal:organisation_create")).status_code == 404
    assert client.post(reverse("portal:organisation_create"), organisation_data()).status_code == 404
    assert Organisation.objects.count() == 1


def test_its_staff_keep_the_organisations_head_up_to_date(client, clerk, organisation):
    client.force_login(clerk)
    data = organisation_data(
        short_name=organisation.short_name, region="12.71", head_name="Dr. Kepala Baru, M.AP", version=1
    )

    response = client.post(reverse("portal:organisation_edit", args=[organisation.pk]), data)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.head_name == "Dr. Kepala Baru, M.AP"
    assert [e.verb for e in events_of(organisation)] == ["organisation.edit"]


def test_staff_of_another_organisation_see_nothing_of_it(client, outsider, organisation):
    client.force_login(outsider)

    for name in ["organisation_detail", "organisation_edit", "organisation_letterhead", "organisation_staff_add"]:
        assert client.get(reverse(f"portal:{name}", args=[organisation.pk])).status_code == 404


def test_organisation_page_shows_its_letterhead_staff_and_cohorts(client, clerk, organisation):
    cohort = CohortFactory(organisation=organisation, name="Angkatan I 2018")
    client.force_login(clerk)

    response = client.get(reverse("portal:organisation_detail", args=[organisation.pk]))

    body = response.content.decode()
    assert "PEMERINTAH KOTA MEDAN" in body
    assert list(response.context["staff"]) == [clerk]
    assert list(response.context["cohorts"]) == [cohort]
    assert response.context["sample_number"].startswith("800/…/BKDPSDM/")


def test_letterhead_sample_shows_the_kop_the_numbering_and_the_head(client, clerk, organisation):
    client.force_login(clerk)

    response = client.get(reverse("portal:organisation_letterhead", args=[organisation.pk]))

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert response["Content-Type"] == "application/pdf"
    assert "PEMERINTAH KOTA MEDAN" in text
    assert "BADAN KEPEGAWAIAN DAERAH DAN PENGEMBANGAN" in text
    assert "Nomor: 800/…/BKDPSDM/" in text
    assert "Drs. Kepala Badan, M.Si" in text
    assert "NIP.\xa019650101 199003 1 005" in text


def test_a_superuser_adds_a_new_person_to_the_staff_and_they_are_invited(
    client, superuser, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    data = {"full_name": "Siti Aminah, S.Sos", "nip": "19800101 200501 2 001", "email": "siti@bkd.example"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:organisation_staff_add", args=[organisation.pk]), data)

    assert response.url == reverse("portal:organisation_detail", args=[organisation.pk])
    person = User.objects.get(email="siti@bkd.example")
    assert list(organisation.staff_members.all()) == [person]
    assert [m.to for m in mailoutbox] == [["siti@bkd.example"]]
    assert [e.data for e in events_of(organisation)] == [{"name": "Siti Aminah, S.Sos"}]


def test_a_superuser_takes_someone_off_the_staff_and_they_no_longer_see_its_cohorts(
    client, superuser, clerk, organisation
):
    cohort = CohortFactory(organisation=organisation)
    url = reverse("portal:organisation_staff_remove", args=[organisation.pk, clerk.pk])
    client.force_login(superuser)
    assert client.get(url).status_code == 405

    response = client.post(url)

    assert response.status_code == 302
    assert not organisation.staff_members.exists()
    client.force_login(clerk)
    assert client.get(reverse("portal:cohort_detail", args=[cohort.slug])).status_code == 404


def test_staff_cannot_choose_their_organisations_staff(client, clerk, organisation):
    client.force_login(clerk)

    response = client.post(reverse("portal:organisation_staff_remove", args=[organisation.pk, clerk.pk]))

    assert response.status_code == 404
    assert list(organisation.staff_members.all()) == [clerk]


@pytest.mark.parametrize("count", [1, 3])
def test_organisation_page_query_count_does_not_grow(client, clerk, organisation, count, django_assert_num_queries):
    for _ in range(count):
        CohortFactory(organisation=organisation)
        organisation.staff_members.add(UserFactory())
    client.force_login(clerk)
    ContentType.objects.get_for_model(Organisation)  # cached once per process, as in production

    # session, user, organisation, cohort count, the menu (roles and unread count), cohorts with their regions,
    # staff, history
    with django_assert_num_queries(8):
        response = client.get(reverse("portal:organisation_detail", args=[organisation.pk]))

    assert len(response.context["cohorts"]) == count
