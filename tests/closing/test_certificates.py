"""Certificates: issued in one step to those who passed, re-issued and revoked with a reason, verified publicly."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from closing import certificates, grades
from closing.models import Certificate
from participants.models import AuditEvent, Job, Notification
from portal.demo.logos import demo_logo
from tests.closing.conftest import scored

pytestmark = pytest.mark.django_db
D = Decimal
YEAR = timezone.localdate().year


@pytest.fixture
def passed_and_failed(closing_cohort, staff_user):
    """Two participants who passed and one who did not (attitude below its minimum)."""
    people = scored(closing_cohort, [90, 80, 85])
    people[0].user.birth_place = "Medan"
    people[0].user.save(update_fields=["birth_place"])
    book = grades.grade_book(closing_cohort)
    grades.save_scores(
        closing_cohort,
        version=book.version,
        values={
            people[0].pk: {"academic": D(88), "attitude": D(90)},
            people[1].pk: {"academic": D(80), "attitude": D(80)},
            people[2].pk: {"academic": D(80), "attitude": D(50)},
        },
        by=staff_user,
    )
    return people


def issue(cohort, staff, callbacks, **kwargs):
    with callbacks(execute=True):  # the worker renders the PDFs after commit
        return certificates.issue_certificates(cohort, by=staff, **kwargs)


def pdf_text(certificate) -> str:
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as file:
        return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(file.read())).pages)


def test_issuing_certifies_everyone_who_passed_with_the_organisations_numbers(
    closing_cohort, staff_user, passed_and_failed, django_capture_on_commit_callbacks
):
    first, second, failed = passed_and_failed

    issued = issue(closing_cohort, staff_user, django_capture_on_commit_callbacks)

    assert [(c.participant, c.number, c.state) for c in issued] == [
        (first, f"800/1/BKDPSDM/{YEAR}", "issued"),
        (second, f"800/2/BKDPSDM/{YEAR}", "issued"),
    ]
    assert not Certificate.objects.filter(participant=failed).exists()
    assert list(AuditEvent.objects.filter(verb="certificate.issue").values_list("data", flat=True)) == [
        {"count": 2, "numbers": [f"800/1/BKDPSDM/{YEAR}", f"800/2/BKDPSDM/{YEAR}"]}
    ]
    notices = Notification.objects.filter(user__in=[first.user, second.user])
    assert sorted(notice.texts["en"] for notice in notices) == [
        f"Your certificate 800/1/BKDPSDM/{YEAR} is issued.",
        f"Your certificate 800/2/BKDPSDM/{YEAR} is issued.",
    ]
    assert Job.objects.get(kind=Job.Kind.CERTIFICATES).state == Job.State.DONE


def test_the_pdf_carries_every_field_of_an_sttpp(
    closing_cohort, staff_user, passed_and_failed, django_capture_on_commit_callbacks
):
    first = passed_and_failed[0]
    organisation = closing_cohort.organisation
    organisation.logo.save("logo.png", demo_logo("KM", (27, 94, 32)))  # a letterhead as tall as real ones
    organisation.phone, organisation.website = "(061) 4512412", "bkd.example"
    organisation.save(update_fields=["phone", "website"])

    certificate = issue(closing_cohort, staff_user, django_capture_on_commit_callbacks)[0]

    text = pdf_text(certificate)
    with certificate.pdf.open("rb") as file:
        assert len(PdfReader(io.BytesIO(file.read())).pages) == 1
    expected = [
        "SURAT TANDA TAMAT PELATIHAN",
        f"Nomor: 800/1/BKDPSDM/{YEAR}",
        first.user.full_name,
        first.user.nip_display,
        "Medan, 1 Januari 1980",
        "Penata Muda Tk. I (III/b)",
        "Lurah",
        first.work_unit,
        "Diklat/Workshop Inovasi Pelayanan Publik",
        closing_cohort.name,
        "24 Juli 2017",
        "21 Agustus 2017",
        "40 jam pelajaran",
        "LULUS",
        "Memuaskan",
        "Drs. Kepala Badan, M.Si",
        "NIP. 19650101 199003 1 005",
        certificate.code,
    ]
    assert [part for part in expected if part not in text] == []
    assert certificates.pdf_matches(certificate, certificate.pdf.open("rb").read()) is True
    certificate.pdf.close()


def test_a_certificate_for_someone_who_did_not_pass_is_refused_and_nothing_is_written(
    closing_cohort, staff_user, passed_and_failed, django_capture_on_commit_callbacks
):
    first, _second, failed = passed_and_failed

    with pytest.raises(ValidationError) as refused:
        issue(closing_cohort, staff_user, django_capture_on_commit_callbacks, participant_ids=[first.pk, failed.pk])

    assert refused.value.messages == [f"{failed.user.full_name} did not pass, so gets no certificate."]
    assert (Certificate.objects.count(), AuditEvent.objects.filter(verb="certificate.issue").count()) == (0, 0)


def test_nobody_is_certified_twice(closing_cohort, staff_user, passed_and_failed, django_capture_on_commit_callbacks):
    first = passed_and_failed[0]
    issue(closing_cohort, staff_user, django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError) as refused:
        issue(closing_cohort, staff_user, django_capture_on_commit_callbacks, participant_ids=[first.pk])

    assert refused.value.messages == [f"{first.user.full_name} holds certificate 800/1/BKDPSDM/{YEAR} already."]


def test_certificates_need_the_head_and_the_lesson_hours(
    closing_cohort, staff_user, passed_and_failed, django_capture_on_commit_callbacks
):
    spec = closing_cohort.spec
    closing_cohort.spec = {**spec, "lesson_hours": None}
    closing_cohort.save(update_fields=["spec"])
    del closing_cohort.programme_spec

    with pytest.raises(ValidationError) as no_hours:
        issue(closing_cohort, staff_user, django_capture_on_commit_callbacks)
    closing_cohort.organisation.head_name = ""
    closing_cohort.organisation.save(update_fields=["head_name"])
    with pytest.raises(ValidationError) as no_head:
        issue(closing_cohort, staff_user, django_capture_on_commit_callbacks)

    assert (no_hours.value.code, no_head.value.code, Certificate.objects.count()) == ("no_lesson_hours", "no_head", 0)


def test_a_grade_of_a_certificate_holder_stays(
    closing_cohort, staff_user, passed_and_failed, django_capture_on_commit_callbacks
):
    first = passed_and_failed[0]
    issue(closing_cohort, staff_user, django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError) as refused:
        grades.save_scores(
            closing_cohort,
            version=grades.grade_book(closing_cohort).version,
            values={first.pk: {"academic": D(60)}},
            by=staff_user,
        )

    assert refused.value.messages == [
        f"{first.user.full_name} holds certificate 800/1/BKDPSDM/{YEAR}: revoke it before changing their grades."
    ]


def test_reissuing_gives_a_new_number_and_the_old_one_says_it_was_replaced(
    client, closing_cohort, staff_user, passed_and_failed, django_capture_on_commit_callbacks
):
    old = issue(closing_cohort, staff_user, django_capture_on_commit_callbacks)[0]
    old.participant.user.full_name = "Siti Aminah, S.Sos"
    old.participant.user.save(update_fields=["full_name"])

    with django_capture_on_commit_callbacks(execute=True):
        new = certificates.reissue_certificate(old, by=staff_user, reason="Nama dibetulkan.")

    old.refresh_from_db()
    assert (old.state, old.replaced_by, old.reason, new.number, new.content["participant"]["name"]) == (
        "replaced",
        new,
        "Nama dibetulkan.",
        f"800/3/BKDPSDM/{YEAR}",
        "Siti Aminah, S.Sos",
    )
    assert old.content["participant"]["name"] != "Siti Aminah, S.Sos"  # a numbered document never changes
    event = AuditEvent.objects.get(verb="certificate.reissue")
    assert (event.note, event.data) == ("Nama dibetulkan.", {"number": old.number, "replaced_by": new.number})
    page = client.get(reverse("seminars:verify", args=[old.code]))
    assert f"Certificate 800/1/BKDPSDM/{YEAR} was genuine, but is replaced by certificate 800/3/BKDPSDM/{YEAR}" in (
        page.content.decode()
    )


def test_revoking_needs_a_reason_and_verification_then_says_so(
    client, closing_cohort, staff_user, passed_and_failed, django_capture_on_commit_callbacks
):
    certificate = issue(closing_cohort, staff_user, django_capture_on_commit_callbacks)[0]

    with pytest.raises(ValidationError) as no_reason:
        certificates.revoke_certificate(certificate, by=staff_user, reason=" ")
    certificates.revoke_certificate(certificate, by=staff_user, reason="Ijazah palsu.")

    page = client.get(reverse("seminars:verify", args=[certificate.code])).content.decode()
    assert (no_reason.value.code, "Revoked." in page, "Ijazah palsu." in page) == ("note_required", True, True)
    assert Notification.objects.filter(user=certificate.participant.user).first().texts["en"] == (
        f"Your certificate 800/1/BKDPSDM/{YEAR} is revoked."
    )


def test_only_staff_revoke_or_reissue(
    closing_cohort, staff_user, passed_and_failed, django_capture_on_commit_callbacks
):
    certificate = issue(closing_cohort, staff_user, django_capture_on_commit_callbacks)[0]

    with pytest.raises(ValidationError) as refused:
        certificates.revoke_certificate(certificate, by=certificate.participant.user, reason="Saya mau.")

    assert (refused.value.code, Certificate.objects.get(pk=certificate.pk).state) == ("not_allowed", "issued")


def test_anyone_verifies_a_valid_certificate_and_its_pdf(
    client, closing_cohort, staff_user, passed_and_failed, django_capture_on_commit_callbacks
):
    certificate = issue(closing_cohort, staff_user, django_capture_on_commit_callbacks)[0]
    certificate.refresh_from_db()
    url = reverse("seminars:verify", args=[certificate.code.lower()])

    page = client.get(url).content.decode()
    with certificate.pdf.open("rb") as file:
        same = client.post(url, {"pdf": io.BytesIO(file.read())}).content.decode()
    other = client.post(url, {"pdf": io.BytesIO(b"%PDF-1.7 another")}).content.decode()

    assert "Genuine and valid." in page
    assert f"******** {certificate.participant.user.nip_display[9:]}" in page
    assert certificate.participant.user.nip_display not in page  # the date of birth stays hidden
    assert ("Yes: this file is byte for byte" in same, "No: this file differs" in other) == (True, True)


def test_an_unknown_code_is_not_found(client, db):
    response = client.get(reverse("seminars:verify", args=["ABCDEFGHJKLM"]))

    assert (response.status_code, "No sealed agreement or certificate has the code" in response.content.decode()) == (
        404,
        True,
    )
