"""The import's small things (issue 22, item 14): every error of a row, the help in the cohort's own region's words,
and a phone number a spreadsheet stored as a number."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from participants.civil_service import clean_nip
from participants.importer import import_roster, read_roster
from participants.models import Cohort, Participant
from participants.people_import import read_mentors
from tests.factories import CohortFactory, load_region
from tests.participants.roster_files import csv_bytes, xlsx
from tests.participants.test_import_people import camat, mentors_file

HEADER = ["NO", "NAMA", "NIP", "NO. HP"]
RINA = "197502042000062002"


def errors(preview):
    return {row.line: row.errors for row in preview.rows if row.errors}


def test_a_nip_wrong_in_several_places_names_each_of_them():
    with pytest.raises(ValidationError) as refused:
        clean_nip("19751304 200006 3 000")

    assert refused.value.messages == [
        "Digits 1–8 of the NIP must be the birth date (YYYYMMDD); 19751304 is not a date.",
        "Digit 15 of the NIP is the sex and must be 1 or 2, not 3.",
        "Digits 16–18 of the NIP are a sequence number that starts at 001, not 000.",
    ]


def test_the_roster_preview_shows_every_error_of_a_row(cohort):
    cohort.mentor_rule = Cohort.MentorRule.SUPERIOR
    cohort.save()
    header = ["NO", "NAMA", "NIP", "EMAIL", "NIP ATASAN"]

    preview = read_roster(cohort, xlsx([header, [1, "", "19751304 200006 3 000", "bukan-surel", "196805211996091002"]]))

    assert errors(preview) == {
        2: [
            "The name (NAMA) is missing.",
            "Digits 1–8 of the NIP must be the birth date (YYYYMMDD); 19751304 is not a date.",
            "Digit 15 of the NIP is the sex and must be 1 or 2, not 3.",
            "Digits 16–18 of the NIP are a sequence number that starts at 001, not 000.",
            "“bukan-surel” is not an e-mail address.",
            "Nobody has the NIP 196805211996091002 yet: give the direct superior's name too (NAMA ATASAN).",
        ]
    }


def test_the_mentor_preview_shows_every_error_of_a_row(cohort):
    preview = read_mentors(cohort, mentors_file(camat(1, "1970", "Ahmad", "")))

    assert errors(preview) == {
        4: [
            "A NIP has 18 digits; this one has 4.",
            "The kecamatan (KECAMATAN) is missing: in this cohort each mentor is the Camat of a kecamatan.",
        ]
    }


@pytest.fixture
def medan(db):
    return CohortFactory(region=load_region("12.71", villages=False))


@pytest.mark.parametrize("kind", ["roster", "mentors"])
def test_the_import_help_quotes_a_kecamatan_of_the_cohorts_own_region(client, medan, kind):
    staff = medan.organisation.staff_members.create(full_name="Staf", email="staf@example.org")
    client.force_login(staff)
    names = {"roster": "participants:roster_upload", "mentors": "participants:mentor_import_upload"}

    page = client.get(reverse(names[kind], args=[medan.slug])).content.decode()

    assert "“Kec. Medan Kota”, “MEDAN KOTA”" in page
    assert "12.71.01" in page
    assert "Tanjung Morawa" not in page


def test_the_blank_forms_notes_quote_a_kecamatan_of_the_cohorts_own_region(client, medan):
    staff = medan.organisation.staff_members.create(full_name="Staf", email="staf@example.org")
    client.force_login(staff)

    response = client.get(reverse("participants:import_template", args=[medan.slug, "roster"]))

    notes = load_workbook(__import__("io").BytesIO(response.content)).worksheets[1]
    text = " ".join(str(cell.value) for row in notes.iter_rows() for cell in row if cell.value)
    assert "Medan Kota, Kec. Medan Kota" in text
    assert "(12.71.01)" in text
    assert "Tanjung Morawa" not in text


@pytest.mark.parametrize(
    ("stored", "phone"),
    [(81234567890, "081234567890"), (6281234567890, "+6281234567890"), ("081234567890", "081234567890")],
)
def test_a_phone_number_stored_as_a_number_gets_its_leading_zero_back(cohort, stored, phone):
    import_roster(cohort, xlsx([HEADER, [1, "Rina", RINA, stored]]))

    assert Participant.objects.get().user.phone == phone


def test_a_phone_number_in_a_csv_without_its_leading_zero_gets_it_back(cohort):
    import_roster(cohort, csv_bytes([HEADER, [1, "Rina", RINA, "81234567890"]]))

    assert Participant.objects.get().user.phone == "081234567890"


def test_a_phone_number_whose_zero_cannot_be_told_is_refused_clearly(cohort):
    preview = read_roster(cohort, xlsx([HEADER, [1, "Rina", RINA, 614512412]]))

    assert errors(preview) == {
        2: [
            "The phone number 614512412 was stored as a number, so its leading 0 is lost: format the NO. HP column "
            "as text and type it again."
        ]
    }
