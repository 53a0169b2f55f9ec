"""Importing grade components from a spreadsheet: the e-learning's results by NIP, with preview and row errors."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from closing import certificates, grades
from closing.grade_import import import_grades, read_grades
from closing.models import ComponentScore
from participants.importer import ImportFileError
from participants.models import AuditEvent
from tests.closing.conftest import scored
from tests.participants.roster_files import csv_bytes, xlsx

pytestmark = pytest.mark.django_db
D = Decimal
TITLE = [["HASIL EVALUASI AKADEMIK E-LEARNING"], []]


def test_the_elearning_file_is_read_by_nip_into_the_chosen_component(closing_cohort, staff_user):
    first, second = scored(closing_cohort, [90, 80])
    data = xlsx(
        [*TITLE, ["No", "NIP", "Nama", "Nilai"], [1, first.user.nip, "x", 87.5], [2, second.user.nip, "y", "91,25"]]
    )

    preview = import_grades(closing_cohort, data, by=staff_user, score_column="academic")

    assert preview.counts == {"new": 2, "updated": 0, "unchanged": 0, "error": 0}
    assert sorted(ComponentScore.objects.values_list("participant_id", "key", "value")) == [
        (first.pk, "academic", D("87.50")),
        (second.pk, "academic", D("91.25")),
    ]
    assert AuditEvent.objects.get(verb="grades.import").data == {
        "new": 2,
        "updated": 0,
        "unchanged": 0,
        "error": 0,
        "changed": 2,
    }
    assert grades.grade_book(closing_cohort).version == 2


def test_columns_named_after_components_fill_them(closing_cohort, staff_user):
    (first,) = scored(closing_cohort, [90])
    data = csv_bytes([["NIP", "Evaluasi Akademik", "Sikap Perilaku"], [first.user.nip_display, "80", "70"]])

    import_grades(closing_cohort, data, by=staff_user)

    assert dict(ComponentScore.objects.values_list("key", "value")) == {"academic": D(80), "attitude": D(70)}


def test_each_bad_row_is_named_and_left_out(closing_cohort, staff_user):
    first, second = scored(closing_cohort, [90, 80])
    outsider = "198001012005011999"
    rows = [
        ["NIP", "NILAI"],
        [first.user.nip, 101],
        [second.user.nip, "delapan"],
        [outsider, 80],
        ["12345", 80],
        [second.user.nip, 70],
    ]

    preview = read_grades(closing_cohort, xlsx(rows), score_column="academic")

    assert [(row.line, row.errors) for row in preview.rows] == [
        (2, ["Evaluasi akademik: a score is from 0 to 100, not 101.00."]),
        (3, ["Evaluasi akademik: “delapan” is not a number."]),
        (4, [f"No participant of this cohort has the NIP {outsider}."]),
        (5, ["A NIP has 18 digits; this one has 5."]),
        (6, ["This NIP repeats row 3."]),
    ]
    assert ComponentScore.objects.count() == 0


def test_a_repeated_nip_is_refused(closing_cohort):
    (first,) = scored(closing_cohort, [90])

    preview = read_grades(
        closing_cohort, xlsx([["NIP", "NILAI"], [first.user.nip, 80], [first.user.nip, 85]]), score_column="academic"
    )

    assert [row.errors for row in preview.rows] == [[], ["This NIP repeats row 2."]]


def test_a_file_without_a_score_column_is_refused_whole(closing_cohort):
    scored(closing_cohort, [90])

    with pytest.raises(ImportFileError) as refused:
        read_grades(closing_cohort, xlsx([["NIP", "NAMA", "KETERANGAN"], ["198001012005011001", "x", "y"]]))

    assert str(refused.value) == (
        "The file has no column of scores. Head it with a component's name "
        "(Evaluasi akademik, Sikap perilaku) or NILAI."
    )


def test_reimporting_updates_and_a_blank_keeps_what_is_stored(closing_cohort, staff_user):
    first, second = scored(closing_cohort, [90, 80])
    import_grades(
        closing_cohort,
        xlsx([["NIP", "NILAI"], [first.user.nip, 70], [second.user.nip, 75]]),
        by=staff_user,
        score_column="academic",
    )

    preview = import_grades(
        closing_cohort,
        xlsx([["NIP", "NILAI"], [first.user.nip, 72], [second.user.nip, None]]),
        by=staff_user,
        score_column="academic",
    )

    assert [row.status for row in preview.rows] == ["updated", "unchanged"]
    assert sorted(ComponentScore.objects.values_list("value", flat=True)) == [D(72), D(75)]


def test_a_certificate_holders_scores_stay(closing_cohort, staff_user):
    (first,) = scored(closing_cohort, [90])
    grades.save_scores(
        closing_cohort, version=1, values={first.pk: {"academic": D(80), "attitude": D(80)}}, by=staff_user
    )
    (certificate,) = certificates.issue_certificates(closing_cohort, by=staff_user)

    preview = import_grades(
        closing_cohort, xlsx([["NIP", "NILAI"], [first.user.nip, 60]]), by=staff_user, score_column="academic"
    )

    assert preview.rows[0].errors == [
        f"{first.user.full_name} holds certificate {certificate.number}: revoke it before changing their grades."
    ]
    assert ComponentScore.objects.get(key="academic").value == D(80)


def test_upload_preview_and_confirm_through_the_pages(client, closing_cohort, staff_user):
    (first,) = scored(closing_cohort, [90])
    client.force_login(staff_user)
    upload = SimpleUploadedFile("nilai.xlsx", xlsx([["NIP", "SKOR"], [first.user.nip, 88]]))

    checked = client.post(
        reverse("closing:grade_import", args=[closing_cohort.slug]), {"file": upload, "score_column": "attitude"}
    )
    preview = client.get(checked.url)
    token = checked.url.rstrip("/").rsplit("/", 1)[-1]
    done = client.post(reverse("closing:grade_import_confirm", args=[closing_cohort.slug, token]), follow=True)

    assert [row.status for row in preview.context["page"]] == ["new"]
    assert [str(m) for m in done.context["messages"]] == ["Scores imported: 1 new, 0 updated, 0 unchanged, 0 rejected."]
    assert dict(ComponentScore.objects.values_list("key", "value")) == {"attitude": D(88)}


def test_a_damaged_file_is_refused_on_the_upload_page(client, closing_cohort, staff_user):
    client.force_login(staff_user)

    response = client.post(
        reverse("closing:grade_import", args=[closing_cohort.slug]),
        {"file": SimpleUploadedFile("nilai.xlsx", b"PK\x03\x04broken"), "score_column": "academic"},
    )

    assert response.context["form"].errors["file"] == [
        "The file could not be read as an Excel workbook; it may be damaged. Save it again as .xlsx or CSV."
    ]


def test_the_blank_form_has_the_cohorts_components(client, closing_cohort, staff_user):

    client.force_login(staff_user)

    response = client.get(reverse("closing:grade_import_template", args=[closing_cohort.slug]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["NIP", "NAMA", "EVALUASI AKADEMIK", "SIKAP PERILAKU"]
