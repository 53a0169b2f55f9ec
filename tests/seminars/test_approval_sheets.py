"""The sheet that closes the design stage is the programme's: Latsar's lembar persetujuan signed by the coach, the
mentor and the examiner, PKP's by the mentor, the coach and the organiser; sealed, numbered and verifiable like the
2017 flow's three-party agreement, which stays as it was."""

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from innovations.models import ActionPlan
from participants.audit import events_of
from programmes.models import Programme
from seminars import agreements
from seminars.models import Agreement
from tests.downloads import pdf_text
from tests.factories import PASSWORD, UserFactory, examined_plan


def programme_cohort(cohort, code: str):
    programme = Programme.objects.get(code=code)
    cohort.programme, cohort.spec = programme, programme.spec
    cohort.save()
    return cohort


def sign(agreement, user):
    agreements.sign(agreement, by=user, password=PASSWORD, ip_address="10.0.0.1", user_agent="test")


@pytest.fixture
def latsar(cohort):
    cohort.organisation.head_name, cohort.organisation.head_nip = "Dr. Sri Handayani", "197203151998032004"
    cohort.organisation.head_position = "Kepala BPSDM"
    cohort.organisation.save()
    return examined_plan(programme_cohort(cohort, "latsar-cpns"), with_coach=True)


def test_latsars_sheet_names_its_title_and_its_three_signers_in_the_programmes_order(latsar):
    plan, examiner = latsar

    sheet = agreements.prepare_agreement(plan, by=plan.participant.coach.user)

    assert sheet.content["title"] == "Lembar Persetujuan Rancangan Aktualisasi"
    assert list(sheet.content["parties"]) == ["coach", "mentor", "examiner"]
    assert sheet.content["parties"]["coach"]["name"] == plan.participant.coach.user.full_name
    assert sheet.content["head"]["name"] == "Dr. Sri Handayani"
    assert sheet.content["milestones_title"] == "Kegiatan aktualisasi"
    assert agreements.waiting_for(sheet) == ["coach", "mentor", "examiner"]


def test_the_three_signatures_seal_it_and_the_plan_goes_on_to_its_activities(latsar):
    plan, examiner = latsar
    sheet = agreements.prepare_agreement(plan, by=plan.participant.user)

    with TestCase.captureOnCommitCallbacks(execute=True):
        for user in (plan.participant.coach.user, plan.participant.mentor.user, examiner.user):
            sign(sheet, user)

    sheet.refresh_from_db()
    assert (sheet.state, ActionPlan.objects.get(pk=plan.pk).state) == ("sealed", "agreed")
    assert sorted(sheet.signatures.values_list("role", flat=True)) == ["coach", "examiner", "mentor"]
    assert events_of(plan).filter(to_state="agreed").get().note == "The approval sheet is signed by all its signers."
    assert sheet.pdf.name.endswith(f"/lembar-persetujuan-rancangan-aktualisasi-{sheet.code}.pdf")
    with sheet.pdf.open("rb") as stored:
        text = pdf_text(stored.read())
    assert "LEMBAR PERSETUJUAN RANCANGAN AKTUALISASI" in text
    assert "Mengetahui," in text
    assert sheet.code in text


def test_the_participant_does_not_sign_latsars_sheet(latsar):
    plan, _examiner = latsar
    sheet = agreements.prepare_agreement(plan, by=plan.participant.user)

    with pytest.raises(ValidationError) as refused:
        sign(sheet, plan.participant.user)

    assert refused.value.messages == ["You are not one of those who sign this sheet."]
    assert sheet.signatures.count() == 0


def test_a_sheet_its_coach_must_sign_is_not_prepared_without_a_coach(latsar):
    plan, _examiner = latsar
    plan.participant.coach = None
    plan.participant.save()

    with pytest.raises(ValidationError) as refused:
        agreements.prepare_agreement(plan, by=plan.participant.user)

    assert refused.value.messages == [
        "The participant has no coach to sign the sheet: staff choose one on the participant's page."
    ]
    assert not Agreement.objects.filter(plan=plan).exists()


def test_pkps_organiser_signs_for_the_organisation_and_is_named_by_their_signature(cohort, staff_user):
    plan, _examiner = examined_plan(programme_cohort(cohort, "pkp"), with_coach=True)
    sheet = agreements.prepare_agreement(plan, by=plan.participant.mentor.user)
    assert list(sheet.content["parties"]) == ["mentor", "coach", "staff"]

    with TestCase.captureOnCommitCallbacks(execute=True):
        for user in (plan.participant.mentor.user, plan.participant.coach.user, staff_user):
            sign(sheet, user)

    sheet.refresh_from_db()
    blocks = agreements.signers(sheet, sheet.signatures.all())
    assert [block["heading"] for block in blocks] == ["The mentor,", "The coach,", "For the organiser,"]
    assert blocks[2]["party"]["name"] == staff_user.full_name
    assert sheet.is_sealed


def test_the_coach_prepares_it_on_the_page_under_the_sheets_name(client, latsar):
    plan, _examiner = latsar
    client.force_login(plan.participant.coach.user)

    page = client.get(reverse("seminars:agreement", args=[plan.pk]))
    assert (page.status_code, page.context["sheet_title"]) == (200, "Lembar Persetujuan Rancangan Aktualisasi")
    response = client.post(reverse("seminars:agreement_prepare", args=[plan.pk]))

    assert response.status_code == 302
    assert agreements.sheet_of(plan).content["title"] == "Lembar Persetujuan Rancangan Aktualisasi"


def test_an_outsider_coach_cannot_prepare_it(client, latsar):
    plan, _examiner = latsar
    client.force_login(UserFactory())

    assert client.post(reverse("seminars:agreement_prepare", args=[plan.pk])).status_code == 404


def test_the_2017_agreement_keeps_its_three_parties_and_its_words(cohort):
    plan, _examiner = examined_plan(cohort)

    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)

    assert list(agreement.content["parties"]) == ["participant", "mentor", "examiner"]
    assert "title" not in agreement.content
    assert "institution" not in agreement.content["parties"]["mentor"]
