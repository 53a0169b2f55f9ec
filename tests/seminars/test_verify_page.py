"""The verification page names the document (its number and the office that issued it), takes a code however it
is typed, and every sealed document points at the permanent verification address, VERIFY_URL."""

import io
import subprocess

import pytest
import zxingcpp
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from PIL import Image

from seminars import agreements
from seminars.models import Agreement
from tests.factories import PASSWORD, examined_plan


@pytest.fixture
def sealed(cohort):
    plan, examiner = examined_plan(cohort)
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        for user in [plan.participant.user, plan.participant.mentor.user, examiner.user]:
            agreements.sign(agreement, by=user, password=PASSWORD, ip_address="10.0.0.1", user_agent="test")
    agreement.refresh_from_db()
    return agreement


def test_the_verify_page_shows_the_documents_number_and_the_office_that_issued_it(client, sealed):
    organisation = sealed.plan.participant.cohort.organisation

    response = client.get(reverse("seminars:verify", args=[sealed.code]))

    body = response.content.decode()
    assert sealed.number
    assert f'<dt class="col-sm-3">Number</dt><dd class="col-sm-9">{sealed.number}</dd>' in body
    assert (
        f'<dt class="col-sm-3">Issued by</dt><dd class="col-sm-9">{organisation.name}, {organisation.government}</dd>'
        in body
    )


@pytest.mark.parametrize("typed", ["{lower}", " {spaced} ", "{dashed}", "{lower_dashed}"])
def test_a_code_typed_in_lowercase_with_spaces_or_dashes_is_found(client, sealed, typed):
    code = sealed.code
    forms = {
        "lower": code.lower(),
        "spaced": f"{code[:5]} {code[5:]}",
        "dashed": f"{code[:5]}-{code[5:]}",
        "lower_dashed": f"{code[:4]}-{code[4:8]}-{code[8:]}".lower(),
    }

    response = client.get(reverse("seminars:verify_form"), {"code": typed.format(**forms)})
    page = client.get(reverse("seminars:verify", args=[forms["lower_dashed"]]))

    assert response.url == reverse("seminars:verify", args=[code])
    assert (page.status_code, page.context["agreement"]) == (200, sealed)


def test_the_qr_code_and_the_pages_link_use_the_permanent_verification_address(sealed, settings):
    settings.SITE_URL = "http://10.1.2.3:8000"
    settings.VERIFY_URL = "https://verifikasi.pontianak.go.id/verify/"

    [result] = zxingcpp.read_barcodes(Image.open(io.BytesIO(agreements.qr_png(sealed))))

    assert result.text == f"https://verifikasi.pontianak.go.id/verify/{sealed.code}/"
    assert agreements.verification_url(sealed) == result.text


def test_the_verification_address_is_the_sites_when_none_is_set(sealed, settings):
    settings.SITE_URL = "https://inovasi.example.go.id"
    settings.VERIFY_URL = ""

    assert agreements.verification_url(sealed) == f"https://inovasi.example.go.id/verify/{sealed.code}/"


def qr_in_pdf(data: bytes, folder) -> str:
    """The address of the QR code in a PDF, read from its pages as pictures."""
    (folder / "document.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "150", folder / "document.pdf", folder / "page"], check=True)
    found = []
    for picture in sorted(folder.glob("page*.png")):
        found += [result.text for result in zxingcpp.read_barcodes(Image.open(picture))]
    return found[-1]


def test_seed_demo_seals_its_agreements_for_the_configured_verification_address(
    db, settings, capsys, django_capture_on_commit_callbacks, tmp_path
):
    settings.VERIFY_URL = "https://verifikasi.example.go.id/verify/"

    with django_capture_on_commit_callbacks(execute=True):  # the worker renders the sealed PDFs after commit
        call_command("seed_demo")

    out = capsys.readouterr().out
    assert "Sealed agreements point at https://verifikasi.example.go.id/verify/" in out
    sealed = Agreement.objects.filter(state=Agreement.State.SEALED).exclude(pdf="").first()
    with sealed.pdf.open("rb") as pdf:
        assert qr_in_pdf(pdf.read(), tmp_path) == f"https://verifikasi.example.go.id/verify/{sealed.code}/"
