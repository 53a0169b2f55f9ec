"""The seminar's official documents: the minutes (berita acara), the agenda and the agreement, each on its
organisation's letterhead, numbered once, with place, date and signature blocks kept with the end of the text."""

import datetime
import io
from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.lifecycle import Publication
from core.models import IssuedDocument
from participants.models import DocumentCounter, Job
from seminars import agreements, results
from seminars.models import Agreement, Slot
from seminars.scoring import ensure_rubric, submit_sheet
from seminars.services import seminar_times
from tests.downloads import ask, fetch
from tests.factories import (
    PASSWORD,
    ActionPlanFactory,
    CohortFactory,
    ExaminerFactory,
    OrganisationFactory,
    PanelFactory,
    SeminarFactory,
    examined_plan,
)


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def seminar(cohort):
    return scored_seminar(cohort)


def scored_seminar(cohort):
    """A seminar of two plans, each scored by its panel of two examiners."""
    seminar = SeminarFactory(cohort=cohort, venue="Hotel Grand Kanaya, Medan")
    examiners = [
        ExaminerFactory(cohort=cohort, position="Widyaiswara Ahli Utama", grade="IV/d"),
        ExaminerFactory(cohort=cohort, position="Peneliti Ahli Madya", institution="LAN RI"),
    ]
    room = PanelFactory(room__seminar=seminar, examiners=examiners).room
    rubric = ensure_rubric(cohort)
    for index, title in enumerate(["Arsip Rapi", "Pojok Baca"]):
        plan = ActionPlanFactory(participant__cohort=cohort, state="approved", title=title)
        start, end = seminar_times(seminar)[index]
        Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
        for examiner in examiners:
            values = {c.pk: Decimal(80 + index * 5) for c in rubric.criteria.all()}
            submit_sheet(
                plan.score_sheets.create(seminar=seminar, examiner=examiner), values=values, note="", by=examiner.user
            )
    return seminar


def test_minutes_are_on_the_letterhead_with_the_day_in_words_every_signer_and_the_head(client, seminar, staff_user):
    results.publish_results(seminar, by=staff_user)
    client.force_login(staff_user)

    _asked, job = ask(client, reverse("seminars:results_pdf", args=[seminar.cohort.slug]))
    response, pdf = fetch(client, job)

    text = "\n".join(pages(pdf))
    assert response["Content-Type"] == "application/pdf"
    assert text.startswith("PEMERINTAH KOTA MEDAN\nBADAN KEPEGAWAIAN DAERAH DAN PENGEMBANGAN")
    assert "BERITA ACARA PENGUJIAN" in text
    assert "Nomor: 800/1/BKDPSDM/2017" in text
    assert "Pada hari ini Senin tanggal dua puluh satu bulan Agustus tahun dua ribu tujuh belas, bertempat di" in (
        " ".join(text.split())
    )
    assert "Medan, 21 Agustus 2017" in text
    assert "Widyaiswara Ahli Utama" in text
    assert "Peneliti Ahli Madya" in text
    assert "Pembina Utama Madya (IV/d)" in text
    assert "Mengetahui," in text
    assert "Kepala Badan Kepegawaian Daerah dan" in text
    assert "NIP.\xa019650101 199003 1 005" in text  # the head's NIP on one line


def test_minutes_keep_their_signatures_on_the_page_of_the_last_results(client, seminar, staff_user):
    room = seminar.rooms.get()
    for index in range(2, 14):  # enough rows for the table to run onto a second page
        plan = ActionPlanFactory(participant__cohort=seminar.cohort, state="approved", title=f"Inovasi {index}")
        start, end = seminar_times(seminar)[index]
        Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
    client.force_login(staff_user)

    _asked, job = ask(client, reverse("seminars:results_pdf", args=[seminar.cohort.slug]))
    pdf = fetch(client, job)[1]

    *_, last = pages(pdf)
    assert len(pages(pdf)) >= 2
    assert "Inovasi 13" in " ".join(last.split())  # the table's last row, its title wrapped in its column
    assert "Demikian berita acara ini dibuat" in last
    assert "Para penguji," in last
    assert "Mengetahui," in last


def test_minutes_before_the_results_are_published_have_room_for_a_number(client, seminar, staff_user):
    client.force_login(staff_user)

    _asked, job = ask(client, reverse("seminars:results_pdf", args=[seminar.cohort.slug]))

    assert "Nomor: ……………………" in pages(fetch(client, job)[1])[0]
    assert not DocumentCounter.objects.exists()


def test_the_minutes_number_is_taken_once_when_the_results_are_first_published(seminar, staff_user):
    results.publish_results(seminar, by=staff_user)
    results.transition(seminar, to=Publication.WITHDRAWN, by=staff_user, note="Nilai diperiksa ulang.")
    results.transition(seminar, to=Publication.PUBLISHED, by=staff_user)

    seminar.refresh_from_db()
    assert seminar.minutes_number == "800/1/BKDPSDM/2017"
    assert DocumentCounter.objects.get().last == 1


def test_minutes_of_an_organisation_without_a_head_are_refused_saying_what_to_fill_in(client, seminar, staff_user):
    organisation = seminar.cohort.organisation
    organisation.head_name = organisation.head_position = ""
    organisation.save()
    client.force_login(staff_user)

    response = client.post(reverse("seminars:results_pdf", args=[seminar.cohort.slug]), follow=True)

    assert response.redirect_chain == [(reverse("seminars:results", args=[seminar.cohort.slug]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "BKDPSDM Kota Medan has no head to sign the minutes: fill in the head's name and position on the "
        "organisation's page first."
    ]
    assert not Job.objects.exists()  # refused at once, never queued


def test_minutes_whose_head_went_while_queued_fail_with_the_refusal_and_no_retry(client, seminar, staff_user):
    client.force_login(staff_user)
    organisation = seminar.cohort.organisation
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        client.post(reverse("seminars:results_pdf", args=[seminar.cohort.slug]))
    organisation.head_name = organisation.head_position = ""
    organisation.save()

    with TestCase.captureOnCommitCallbacks(execute=True):
        for callback in queued:
            callback()

    job = Job.objects.get()
    # In the requester's language, Indonesian, like their notifications.
    refusal = (
        "BKDPSDM Kota Medan belum memiliki kepala yang menandatangani berita acara: isi dahulu nama dan jabatan "
        "kepala di halaman penyelenggara."
    )
    assert (job.state, job.attempts, job.retry_at, job.error) == ("failed", 1, None, refusal)
    page = client.get(reverse("participants:cohort_jobs", args=[seminar.cohort.slug])).content.decode()
    assert refusal in page
    assert "It did not work after every attempt." not in page
    assert "Try again" in page
    notification = staff_user.notifications.get()
    assert (notification.texts["en"], notification.detail) == (
        "Could not be done: Minutes of the seminar's results (PDF). Try it again from the list.",
        refusal,
    )


def test_agenda_pdf_is_on_the_letterhead_signed_by_the_head(client, seminar, staff_user):
    client.force_login(staff_user)

    asked, job = ask(client, reverse("seminars:agenda_pdf", args=[seminar.cohort.slug]))
    response, pdf = fetch(client, job)

    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert asked.url == reverse("participants:downloads")
    [issued] = IssuedDocument.objects.filter(kind="agenda")
    assert (job.kind, job.state, job.params) == ("agenda", "done", {"seminar": seminar.pk, "document": issued.pk})
    assert response["Content-Disposition"] == f'attachment; filename="agenda-{seminar.cohort.slug}.pdf"'
    assert f"Nomor: 800/1/BKDPSDM/{timezone.localdate().year}" in text
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape, for the rooms
    assert "PEMERINTAH KOTA MEDAN" in text
    assert "Arsip Rapi" in text
    assert "Drs. Kepala Badan, M.Si" in text
    assert "Medan, " in text


def test_agenda_pdf_of_an_organisation_without_a_head_goes_back_to_the_agenda(client, seminar, staff_user):
    seminar.cohort.organisation.__class__.objects.update(head_name="", head_position="")
    client.force_login(staff_user)

    response = client.post(reverse("seminars:agenda_pdf", args=[seminar.cohort.slug]))

    assert response.url == reverse("seminars:agenda", args=[seminar.cohort.slug])
    assert not Job.objects.exists()


def test_agenda_pdf_asked_by_a_participant_is_theirs_to_download(client, seminar):
    participant = seminar.slots.first().plan.participant.user
    client.force_login(participant)

    _asked, job = ask(client, reverse("seminars:agenda_pdf", args=[seminar.cohort.slug]))
    response, pdf = fetch(client, job)

    assert (job.requested_by, job.state, response.status_code) == (participant, "done", 200)
    assert "Arsip Rapi" in "\n".join(pages(pdf))


# The agreement --------------------------------------------------------------------------------


def sealed(plan, examiner, **prepare):
    """Prepared, signed by all three, and its PDF rendered by the job the seal queues after commit."""
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user, **prepare)
    with TestCase.captureOnCommitCallbacks(execute=True):
        for user in [plan.participant.user, plan.participant.mentor.user, examiner.user]:
            agreements.sign(agreement, by=user, password=PASSWORD, ip_address="10.0.0.1", user_agent="test")
    agreement.refresh_from_db()
    return agreement


def test_the_sealed_content_holds_the_number_the_organisation_and_each_signers_position(cohort):
    plan, examiner = examined_plan(cohort)
    plan.participant.position = "Lurah"
    plan.participant.save()

    agreement = agreements.prepare_agreement(plan, by=plan.participant.user, on=datetime.date(2017, 8, 23))

    content = agreement.content
    assert (agreement.number, content["number"], content["place"], content["date"]) == (
        "800/1/BKDPSDM/2017",
        "800/1/BKDPSDM/2017",
        "Medan",
        "23 Agustus 2017",
    )
    assert content["organisation"]["government"] == "Pemerintah Kota Medan"
    assert {role: party["position"] for role, party in content["parties"].items()} == {
        "participant": "Lurah",
        "mentor": plan.participant.mentor.position,
        "examiner": "Widyaiswara Ahli Madya",
    }
    assert agreement.content_hash == agreements.content_hash(content)


def test_the_agreement_pdf_carries_the_kop_number_place_date_and_every_signers_position(cohort):
    plan, examiner = examined_plan(cohort)

    agreement = sealed(plan, examiner, on=datetime.date(2017, 8, 23))

    with agreement.pdf.open("rb") as file:
        text = "\n".join(pages(file.read()))
    assert text.startswith("PEMERINTAH KOTA MEDAN")
    assert "Nomor: 800/1/BKDPSDM/2017" in text
    assert "Medan, 23 Agustus 2017" in text
    assert plan.participant.mentor.position in text
    assert "Widyaiswara Ahli Madya" in text
    assert "LAN RI" in text
    assert f"NIP.\xa0{plan.participant.user.nip_display}" in text


def test_signatures_qr_and_verification_code_stay_on_the_page_of_the_commitment(cohort):
    plan, examiner = examined_plan(cohort)
    for number in range(12):  # milestones enough to fill the first page
        plan.milestones.create(
            term="medium", deliverable=f"Tonggak capaian nomor {number}", due_date=datetime.date(2018, 1, 1)
        )

    agreement = sealed(plan, examiner)

    with agreement.pdf.open("rb") as file:
        *before, last = pages(file.read())
    assert len(before) >= 1  # the milestones run onto a second page, and the closing goes with their end
    assert "Komitmen" in last
    assert "Peserta berkomitmen melaksanakan rencana aksi" in last
    assert ("Peserta," in last, "Mentor," in last, "Penguji," in last) == (True, True, True)
    assert f"Kode verifikasi: {agreement.code}" in last


def test_an_agreement_sealed_before_organisations_still_verifies_unchanged(client, cohort):
    plan, examiner = examined_plan(cohort)
    agreement = sealed(plan, examiner)
    old = {
        key: value for key, value in agreement.content.items() if key not in {"number", "place", "date", "organisation"}
    }
    for party in old["parties"].values():
        party.pop("grade", None)
    old["parties"]["participant"].pop("position")
    old["parties"]["participant"].pop("institution")
    old["parties"]["examiner"].pop("position")
    digest = agreements.content_hash(old)
    Agreement.objects.filter(pk=agreement.pk).update(content=old, content_hash=digest, number="")
    agreement.signatures.update(content_hash=digest)
    agreement.refresh_from_db()

    response = client.get(reverse("seminars:verify", args=[agreement.code]))

    assert agreements.is_unchanged(agreement)
    assert response.context["unchanged"] is True
    assert agreements.render_pdf(agreement).startswith(b"%PDF-")  # an old content renders without a letterhead


def test_an_agreement_of_another_organisation_carries_its_own_letterhead_and_numbering(db):
    deli = OrganisationFactory(
        short_name="BKPSDM Kabupaten Deli Serdang",
        name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        government="Pemerintah Kabupaten Deli Serdang",
        place="Lubuk Pakam",
        address="Jalan Negara No. 1, Lubuk Pakam 20514",
        number_pattern="800.1.5/{seq}/BKPSDM/{month}/{year}",
    )
    cohort = CohortFactory(organisation=deli)
    plan, examiner = examined_plan(cohort)

    agreement = sealed(plan, examiner, on=datetime.date(2025, 10, 30))

    with agreement.pdf.open("rb") as file:
        text = "\n".join(pages(file.read()))
    assert text.splitlines()[:4] == [
        "PEMERINTAH KABUPATEN DELI SERDANG",
        "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA",
        "MANUSIA",
        "Jalan Negara No. 1, Lubuk Pakam 20514",
    ]
    assert "Nomor: 800.1.5/1/BKPSDM/X/2025" in text
    assert "Lubuk Pakam, 30 Oktober 2025" in text
    assert "BKDPSDM" not in text
    assert "KOTA MEDAN" not in text
