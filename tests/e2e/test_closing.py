"""Closing a training in the browser: staff type and import the missing components, see the final grades, issue
the certificates in one step, download the SIASN record; a third party verifies a certificate by its QR code."""

import io

import pytest
import zxingcpp
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from closing.models import Certificate
from tests.closing.conftest import graded_cohort, scored
from tests.e2e.conftest import confirm, sign_in
from tests.factories import UserFactory
from tests.participants.roster_files import xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_close_a_training_and_a_third_party_verifies_a_certificate(page, live_server, password, tmp_path):
    # The organisation has no logo here: the one picture in the certificate is its QR code.
    cohort = graded_cohort()
    staff = UserFactory(is_staff=True)
    cohort.organisation.staff_members.add(staff)
    first, second = scored(cohort, [90, 84])
    elearning = tmp_path / "hasil-elearning.xlsx"
    elearning.write_bytes(xlsx([["HASIL EVALUASI AKADEMIK"], [], ["NIP", "Nama", "Nilai"], [first.user.nip, "x", 88]]))

    sign_in(page, live_server, staff, password)
    page.goto(f"{live_server.url}/cohorts/{cohort.slug}/grades/")
    page.get_by_role("link", name="Import scores").click()
    page.get_by_label("Spreadsheet of scores").set_input_files(str(elearning))
    page.get_by_label("A column headed NILAI or SKOR holds").select_option(label="Evaluasi akademik")
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import 1 new and 0 updated").click()
    page.get_by_text("Scores imported: 1 new, 0 updated, 0 unchanged, 0 rejected.").wait_for()

    page.get_by_label(f"Sikap perilaku · {first.user.full_name}").fill("90")
    page.get_by_label(f"Evaluasi akademik · {second.user.full_name}").fill("150")
    page.get_by_role("button", name="Save the scores").click()
    page.get_by_text("Nothing was saved. Correct these scores:").wait_for()
    page.get_by_label(f"Evaluasi akademik · {second.user.full_name}").fill("75,5")
    page.get_by_label(f"Sikap perilaku · {second.user.full_name}").fill("80")
    page.get_by_role("button", name="Save the scores").click()
    page.get_by_text("3 scores saved.").wait_for()
    rows = [page.get_by_role("row").filter(has_text=p.user.full_name).inner_text() for p in (first, second)]
    assert ("89.40" in rows[0], "Memuaskan" in rows[0], "80.65" in rows[1], "passed" in rows[1]) == (
        True,
        True,
        True,
        True,
    )

    page.get_by_role("link", name="Certificates", exact=True).click()
    page.get_by_role("button", name="Issue the certificates").click()
    confirm(page, "Issue")
    page.get_by_text("2 certificates issued").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="SIASN record (.xlsx)").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)] == [first.user.nip, second.user.nip]

    certificate = Certificate.objects.get(participant=first)
    with certificate.pdf.open("rb") as file:
        pdf = file.read()
    # The QR code as printed: the picture inside the PDF, read as a phone would.
    pictures = [Image.open(io.BytesIO(image.data)) for image in PdfReader(io.BytesIO(pdf)).pages[0].images]
    (found,) = [code.text for picture in pictures for code in zxingcpp.read_barcodes(picture.convert("RGB"))]
    page.context.clear_cookies()
    page.goto(found.replace("http://127.0.0.1:8000", live_server.url))
    page.get_by_text("Genuine and valid.").wait_for()
    page.get_by_label("PDF file").set_input_files(
        files=[{"name": "s.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    page.get_by_role("button", name="Compare").click()
    page.get_by_text("Yes: this file is byte for byte the certificate as issued.").wait_for()
