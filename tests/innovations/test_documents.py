"""The plan's print and PDF, and the booklet: on the organisation's letterhead, dated at its place, signed."""

import io

from django.urls import reverse
from pypdf import PdfReader

from innovations.models import ActionPlan
from participants.models import Job
from tests.downloads import ask, fetch
from tests.factories import CohortFactory, OrganisationFactory, ParticipantFactory, complete_plan
from tests.innovations.test_programme_sections import latsar_cohort


def text_of(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_plan_pdf_is_on_the_letterhead_closed_by_place_date_and_both_signers(client, cohort, staff_user):
    plan = complete_plan(participant__cohort=cohort, participant__position="Lurah", state=ActionPlan.State.APPROVED)
    client.force_login(staff_user)

    text = text_of(client.get(reverse("innovations:pdf", args=[plan.pk])))

    assert text.startswith("PEMERINTAH KOTA MEDAN")
    assert text.splitlines()[text.splitlines().index("RENCANA AKSI INOVASI") + 1] == plan.title
    assert "Medan, " in text
    assert "Peserta," in text
    assert "Disetujui oleh mentor," in text
    assert plan.participant.mentor.position in text
    assert f"NIP.\xa0{plan.participant.user.nip_display}" in text
    assert f"NIP.\xa0{plan.participant.mentor.user.nip_display}" in text


def test_plan_print_page_shows_the_letterhead_of_the_plans_organisation(client, db):
    deli = OrganisationFactory(government="Pemerintah Kabupaten Deli Serdang", short_name="BKPSDM Deli Serdang")
    plan = complete_plan(participant__cohort=CohortFactory(organisation=deli))
    client.force_login(plan.participant.user)

    body = client.get(reverse("innovations:print", args=[plan.pk])).content.decode()

    assert "PEMERINTAH KABUPATEN DELI SERDANG" in body
    assert "PEMERINTAH KOTA MEDAN" not in body


def test_booklet_cover_is_on_the_letterhead_acknowledged_by_the_head(client, cohort, staff_user):
    complete_plan(participant__cohort=cohort, state=ActionPlan.State.APPROVED)
    client.force_login(staff_user)

    _asked, job = ask(client, reverse("innovations:booklet", args=[cohort.slug]))

    cover = PdfReader(io.BytesIO(fetch(client, job)[1])).pages[0]

    text = cover.extract_text()
    assert text.startswith("PEMERINTAH KOTA MEDAN")
    assert "Mengetahui," in text
    assert "Drs. Kepala Badan, M.Si" in text


def test_booklet_of_an_organisation_without_a_head_is_refused_saying_what_to_fill_in(client, cohort, staff_user):
    cohort.organisation.head_name = ""
    cohort.organisation.save()
    client.force_login(staff_user)

    response = client.post(reverse("innovations:booklet", args=[cohort.slug]), follow=True)

    assert response.redirect_chain == [(reverse("portal:cohort_detail", args=[cohort.slug]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "BKDPSDM Kota Medan has no head to sign the booklet: fill in the head's name and position on the "
        "organisation's page first."
    ]
    assert not Job.objects.exists()  # refused at once, never queued


def test_a_latsar_plan_prints_as_its_programme_names_it_approved_by_the_coach(client, staff_user, db):
    """Latsar's work is a rancangan aktualisasi, which its coach approves: the printed plan and the booklet say so."""
    participant = ParticipantFactory(cohort=latsar_cohort(), with_coach=True)
    participant.cohort.organisation.staff_members.add(staff_user)
    participant.coach.position = "Widyaiswara Ahli Madya"
    participant.coach.save()
    plan = complete_plan(participant=participant, state=ActionPlan.State.APPROVED)
    client.force_login(staff_user)

    text = text_of(client.get(reverse("innovations:pdf", args=[plan.pk])))
    _asked, job = ask(client, reverse("innovations:booklet", args=[participant.cohort.slug]))
    cover = PdfReader(io.BytesIO(fetch(client, job)[1])).pages[0].extract_text()

    lines = text.splitlines()
    assert lines[lines.index("RANCANGAN AKTUALISASI") + 1] == plan.title
    assert f"Coach {participant.coach.user.full_name}" in lines
    assert ("Disetujui oleh coach," in text, "Disetujui oleh mentor," in text) == (True, False)
    assert "Widyaiswara Ahli Madya" in lines
    assert f"NIP.\xa0{participant.coach.user.nip_display}" in text
    title = cover.splitlines().index("RANCANGAN AKTUALISASI")
    assert cover.splitlines()[title + 4] == "1 rancangan aktualisasi"


def test_a_programme_without_issue_selection_prints_no_issue_tables(client, db):
    spec = latsar_cohort().spec | {"issues": False}
    plan = complete_plan(participant__cohort=CohortFactory(spec=spec))
    selecting = complete_plan()
    client.force_login(plan.participant.user)
    body = client.get(reverse("innovations:print", args=[plan.pk])).content.decode()
    client.force_login(selecting.participant.user)
    selected = client.get(reverse("innovations:print", args=[selecting.pk])).content.decode()

    assert ("Issue selection" in body, "Core issue" in body) == (False, False)
    assert ("Issue selection" in selected, "Core issue" in selected) == (True, True)
