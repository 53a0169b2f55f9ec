from functools import partial
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse

from participants.models import AuditEvent, Participant, User
from tests.factories import CohortFactory, KecamatanFactory
from tests.participants.roster_files import SHEET_HEAD, person, roster, with_sheet, xlsx
from tests.races import at_once, require_postgresql
from tests.seminars.test_races import staff_of

RINA = "19750204 200006 2 002"
BONAR = "197803152003121001"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def medan_baru(db):
    return KecamatanFactory(name="Medan Baru")


def upload(client, cohort, data, name="peserta.xlsx"):
    return client.post(
        reverse("participants:roster_upload", args=[cohort.slug]), {"file": SimpleUploadedFile(name, data)}
    )


def test_roster_upload_preview_then_confirm_imports_the_valid_rows(staff_client, cohort, medan_baru, settings):
    data = xlsx(roster(person(1, "Rina", RINA, email="rina@example.org"), person(2, "Salah", "123")))

    uploaded = upload(staff_client, cohort, data)
    preview = staff_client.get(uploaded.url)

    assert Participant.objects.count() == 0
    assert preview.context["preview"].counts == {"new": 1, "updated": 0, "unchanged": 0, "error": 1}
    body = preview.content.decode()
    assert "A NIP has 18 digits; this one has 3." in body
    assert "Nothing has been saved yet." in body

    confirm_url = reverse("participants:roster_confirm", args=[cohort.slug, preview.context["token"]])
    confirmed = staff_client.post(confirm_url, follow=True)

    assert list(Participant.objects.values_list("user__full_name", flat=True)) == ["Rina"]
    assert "1 new, 0 updated, 0 unchanged, 1 rejected" in confirmed.content.decode()
    assert not list((Path(settings.MEDIA_ROOT) / "imports").rglob("*.upload"))


def test_roster_confirm_twice_imports_once_and_says_so(staff_client, cohort, medan_baru):
    token = upload(staff_client, cohort, xlsx(roster(person(1, "Rina", RINA)))).url.rstrip("/").split("/")[-1]
    url = reverse("participants:roster_confirm", args=[cohort.slug, token])

    staff_client.post(url)
    second = staff_client.post(url, follow=True)

    assert Participant.objects.count() == 1
    assert "already confirmed or has expired" in second.content.decode()


def test_roster_preview_can_show_only_the_errors(staff_client, cohort, medan_baru):
    url = upload(staff_client, cohort, xlsx(roster(person(1, "Rina", RINA), person(2, "", BONAR)))).url

    response = staff_client.get(url, {"status": "error"})

    assert [row.line for row in response.context["page"]] == [6]


def test_roster_upload_of_a_file_that_is_not_a_spreadsheet_gets_one_message(staff_client, cohort):
    response = upload(staff_client, cohort, b"%PDF-1.4\n\x00\x01 not a roster", name="peserta.xlsx")

    assert response.status_code == 200
    assert "This file is not a spreadsheet" in response.content.decode()
    assert Participant.objects.count() == 0


def test_roster_upload_over_5_mb_is_refused(staff_client, cohort):
    response = upload(staff_client, cohort, b"NAMA;NIP\n" + b"x" * (5 * 1024 * 1024 + 1), name="besar.csv")

    assert "larger than 5 MB" in response.content.decode()


def test_roster_preview_of_someone_elses_cohort_upload_is_404(staff_client, cohort, medan_baru):

    token = upload(staff_client, cohort, xlsx(roster(person(1, "Rina", RINA)))).url.rstrip("/").split("/")[-1]
    other = CohortFactory()
    other.organisation.staff_members.add(staff_client.session and cohort.staff_members.get())

    response = staff_client.get(reverse("participants:roster_preview", args=[other.slug, token]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("participants:roster_upload", args=[other.slug])


def confirm_url(client, cohort, data):
    token = upload(client, cohort, data).url.rstrip("/").split("/")[-1]
    return reverse("participants:roster_confirm", args=[cohort.slug, token])


def test_roster_upload_with_malformed_sheet_xml_gets_one_message(staff_client, cohort):
    data = with_sheet(SHEET_HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>NAMA')

    response = upload(staff_client, cohort, data)

    assert response.status_code == 200
    assert "could not be read as an Excel workbook" in response.content.decode()


def test_roster_confirm_of_a_name_over_200_characters_imports_the_others_with_no_error(
    staff_client, cohort, medan_baru
):
    url = confirm_url(staff_client, cohort, xlsx(roster(person(1, "Rina " * 50, RINA), person(2, "Bonar", BONAR))))

    response = staff_client.post(url, follow=True)

    assert response.status_code == 200
    assert "1 new, 0 updated, 0 unchanged, 1 rejected" in response.content.decode()
    assert list(Participant.objects.values_list("user__full_name", flat=True)) == ["Bonar"]


def test_roster_confirm_when_the_database_fails_midway_writes_nothing_and_says_so(
    staff_client, cohort, medan_baru, monkeypatch
):
    url = confirm_url(staff_client, cohort, xlsx(roster(person(1, "Rina", RINA), person(2, "Bonar", BONAR))))

    def fail(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("participants.importer.writing.assign_mentors", fail)  # after the people are written
    response = staff_client.post(url, follow=True)

    assert response.status_code == 200
    assert "could not be saved, so nothing was imported" in response.content.decode()
    assert Participant.objects.count() == 0
    assert not User.objects.filter(nip="197803152003121001").exists()
    assert not AuditEvent.objects.filter(verb="roster.import").exists()
    assert response.redirect_chain[-1][0] == url.removesuffix("confirm/")


@pytest.mark.django_db(transaction=True)
def test_a_double_confirm_at_once_imports_once_and_tells_the_second_it_was_done():
    require_postgresql()
    cohort = CohortFactory()
    KecamatanFactory(name="Medan Baru")
    listed = reverse("portal:participant_list", args=[cohort.slug])
    for number in range(10):
        first, second = staff_of(cohort)
        url = confirm_url(first, cohort, xlsx(roster(person(1, f"Rina {number}", RINA), person(2, "Bonar", BONAR))))

        at_once(partial(first.post, url), partial(second.post, url))

        told = sorted(
            str(m).split(":")[0] for client in (first, second) for m in client.get(listed).context["messages"]
        )
        assert told == ["Roster imported", "This import was already confirmed or has expired. Upload the file again."]
    assert AuditEvent.objects.filter(verb="roster.import").count() == 10
