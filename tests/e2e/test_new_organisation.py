"""A new organisation in another city, through the pages people use: the superuser creates it and its clerk; the
clerk creates two cohorts, imports their rosters with the city's own kecamatan, gets mentors by either rule, and
prints documents on the organisation's own letterhead. Medan's cohort stays out of sight."""

import io
import re

import pytest
from django.core import mail
from pypdf import PdfReader

from participants.models import Mentor, Organisation, Participant, User
from tests.e2e.conftest import fill_form, sign_in
from tests.factories import PASSWORD, CohortFactory, UserFactory
from tests.participants.roster_files import xlsx
from tests.portal.test_organisation_views import organisation_data, png

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CLERK = {"full_name": "Siti Aminah Damanik, S.Sos", "nip": "19800101 200501 2 001", "email": "siti@siantar.example"}
ROSTER = [
    "NO",
    "NAMA",
    "NIP",
    "JABATAN",
    "UNIT KERJA",
    "KECAMATAN",
    "EMAIL",
    "NIP ATASAN",
    "NAMA ATASAN",
    "JABATAN ATASAN",
]
BOSS = ["196805211996091002", "Drs. Hotman Sinaga, M.Si", "Camat Siantar Barat"]


def pdf_text(download) -> str:
    with open(download.path(), "rb") as file:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(file.read())).pages)


def upload_roster(page, rows):
    page.get_by_role("link", name="Import roster").click()
    page.get_by_label("Roster spreadsheet").set_input_files(
        {"name": "peserta.xlsx", "mimeType": "application/octet-stream", "buffer": xlsx(rows)}
    )
    page.get_by_role("button", name="Check the file").click()


def test_a_clerk_of_a_new_organisation_runs_cohorts_with_its_own_regions_mentors_and_letterhead(page, live_server):
    base = live_server.url
    CohortFactory(name="Angkatan Medan")  # another organisation's, which the clerk never sees
    superuser = UserFactory(is_superuser=True, is_staff=True)

    # The superuser creates the organisation in Kota Pematangsiantar, and its clerk.
    sign_in(page, live_server, superuser, PASSWORD)
    page.get_by_role("link", name="Organisations").click()
    page.get_by_role("link", name="New organisation").click()
    fill_form(page, {k: v for k, v in organisation_data().items()})
    page.get_by_label("Logo").set_input_files({"name": "logo.png", "mimeType": "image/png", "buffer": png().read()})
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="BKPSDM Kota Pematangsiantar").wait_for()
    page.get_by_role("link", name="Add a staff member").click()
    fill_form(page, CLERK)
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_text("Siti Aminah Damanik, S.Sos is now staff of BKPSDM Kota Pematangsiantar.").wait_for()
    organisation = Organisation.objects.get(short_name="BKPSDM Kota Pematangsiantar")

    # The clerk follows the invitation and sees only their organisation.
    link = re.search(r"/accounts/welcome/\S+/", next(m.body for m in mail.outbox if CLERK["email"] in m.to)).group(0)
    page.context.clear_cookies()
    page.goto(base + link)
    page.locator("[name=new_password1]").fill(PASSWORD)
    page.locator("[name=new_password2]").fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    clerk = User.objects.get(email=CLERK["email"])
    sign_in(page, live_server, clerk, PASSWORD)
    assert page.locator(".navbar-agency").inner_text() == "BKPSDM Kota Pematangsiantar"

    # A cohort whose mentors are the direct superiors the roster names.
    page.goto(f"{base}/cohorts/new/")
    fill_form(
        page,
        {
            "name": "PKP Angkatan I 2025",
            "slug": "siantar-pkp-2025",
            "training_title": "Pelatihan Kepemimpinan Pengawas",
            "mentor_rule": "superior",
            "start_date": "2025-09-01",
            "end_date": "2025-10-31",
        },
    )
    assert page.locator("[name=region]").input_value() == "12.72"  # the organisation's own city
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="PKP Angkatan I 2025").wait_for()
    upload_roster(
        page,
        [
            ROSTER,
            [
                1,
                "Rina Sitorus, S.E.",
                "197502042000062002",
                "Kasi Pelayanan",
                "Kantor Camat",
                "Siantar Barat",
                "rina@siantar.example",
                *BOSS,
            ],
            [
                2,
                "Bonar Purba, S.Sos",
                "197803152003121001",
                "Kasi Pemerintahan",
                "Kantor Camat",
                "KEC. SIANTAR BARAT ",
                "",
                *BOSS,
            ],
            [3, "Dewi Lubis, S.H.", "198001012005012001", "Lurah", "Kelurahan", "Medan Sunggal", "", *BOSS],
        ],
    )
    page.get_by_text("“Medan Sunggal” is not a kecamatan in Kota Pematangsiantar.").wait_for()
    page.get_by_role("button", name="Import 2 new and 0 updated").click()
    page.get_by_text("Roster imported: 2 new, 0 updated, 0 unchanged, 1 rejected").wait_for()
    superior = Mentor.objects.get(cohort__slug="siantar-pkp-2025")
    assert (superior.user.full_name, superior.position) == ("Drs. Hotman Sinaga, M.Si", "Camat Siantar Barat")
    assert set(Participant.objects.filter(cohort__slug="siantar-pkp-2025").values_list("mentor", flat=True)) == {
        superior.pk
    }

    # A second cohort, by Medan's rule: the Camat of each participant's kecamatan.
    page.goto(f"{base}/cohorts/new/")
    fill_form(
        page,
        {
            "name": "Diklat Inovasi 2025",
            "slug": "siantar-inovasi-2025",
            "training_title": "Diklat Pelayanan Publik Berorientasi Inovasi",
            "mentor_rule": "camat",
            "start_date": "2025-09-01",
            "end_date": "2025-09-30",
        },
    )
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Mentors", exact=True).click()
    page.get_by_role("link", name="Add a mentor").click()
    fill_form(page, {"full_name": "Drs. Hotman Sinaga, M.Si", "nip": BOSS[0], "position": "Camat Siantar Barat"})
    page.get_by_label("Kecamatan").select_option(label="Siantar Barat")
    page.get_by_role("button", name="Add", exact=True).click()
    upload_roster(
        page, [ROSTER[:7], [1, "Rina Sitorus, S.E.", "197502042000062002", "Kasi", "Kantor Camat", "siantar barat", ""]]
    )
    page.get_by_role("button", name="Import 1 new and 0 updated").click()
    page.get_by_text("Roster imported: 1 new").wait_for()
    camat = Participant.objects.get(cohort__slug="siantar-inovasi-2025").mentor
    assert (camat.user.nip, camat.kecamatan.name) == (BOSS[0], "Siantar Barat")

    # Only its own cohorts are in the clerk's list.
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Cohorts").click()
    assert page.get_by_role("link", name="Angkatan Medan").count() == 0
    assert page.get_by_role("link", name="PKP Angkatan I 2025").count() == 1

    # Documents on the organisation's own letterhead.
    page.get_by_role("link", name="Diklat Inovasi 2025").click()
    # The booklet is the worker's: asked for here, then fetched from the downloads page once ready.
    page.get_by_role("button", name="Prepare the booklet of approved plans (PDF)").click()
    page.get_by_role("heading", name="My downloads").wait_for()
    with page.expect_download() as booklet:
        page.get_by_role("link", name=re.compile(r"^Download buku-rencana-aksi-")).click()
    text = pdf_text(booklet.value)
    assert text.startswith("PEMERINTAH KOTA PEMATANGSIANTAR\nBADAN KEPEGAWAIAN DAN\nPENGEMBANGAN SUMBER DAYA MANUSIA")
    assert "Pematangsiantar, " in text
    assert "Drs. Kepala Badan, M.Si" in text
    page.goto(f"{base}/organisations/{organisation.pk}/")
    with page.expect_download() as sample:
        page.get_by_role("link", name="Sample page on the letterhead (PDF)").click()
    text = pdf_text(sample.value)
    assert "Nomor: 800/…/BKPSDM/" in text
    assert "MEDAN" not in text
