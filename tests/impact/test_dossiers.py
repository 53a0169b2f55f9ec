"""Dossiers: assembled from the record, checked against each form's rules, exported by the worker only when they
pass; the region's organisation bureau sees its region's innovations, chooses which go forward and follows them."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from impact import dossiers
from impact.models import Dossier
from innovations.models import ActionPlan
from innovations.records import InnovationRecord
from participants.audit import events_of
from participants.models import Job, Notification, Region
from tests.downloads import ask, fetch, pdf_text
from tests.factories import KecamatanFactory, complete_plan

from .conftest import KIPP_TEXTS, fill_record, words

TODAY = datetime.date(2026, 12, 7)


def test_the_kipp_2023_weights_are_the_guidelines_and_add_up_to_100():
    weights = {section.key: section.weight for section in dossiers.KIPP_2023.sections}

    assert weights == {
        "summary": 0,
        "background_goals": 10,
        "novelty": 15,
        "implementation": 5,
        "significance": 30,
        "adaptability": 20,
        "resources": 5,
        "sustainability": 15,
    }
    assert sum(weights.values()) == 100


def test_a_complete_confirmed_record_passes_both_forms(plan):
    fill_record(plan)

    kipp = dossiers.assemble(plan, dossiers.KIPP_2023, today=TODAY)
    iid = dossiers.assemble(plan, dossiers.IID_PROFILE, today=TODAY)

    assert (kipp.problems, iid.problems) == ([], [])
    assert [item.name for item in kipp.evidence] == [
        "01-sk-SK.pdf",
        "02-indikator-antrean.png",
        "03-evaluasi-internal-Evaluasi.pdf",
        "04-evaluasi-external-Evaluasi.pdf",
    ]
    assert [(part.section.key, part.words) for part in kipp.parts][:2] == [("summary", 150), ("background_goals", 4)]


def test_kipp_flags_everything_missing_in_the_forms_order(plan):
    texts = KIPP_TEXTS | {"summary": words(201), "significance": ""}
    fill_record(plan, texts=texts, implemented=datetime.date(2026, 3, 1), evaluations=("internal",))
    record = InnovationRecord.objects.get(plan=plan)
    record.decree = ""
    record.save(update_fields=["decree"])  # as if the file had been lost: the check reads what is there

    assembled = dossiers.assemble(plan, dossiers.KIPP_2023, today=TODAY)

    assert assembled.problems == [
        "It must have been implemented for at least 1 year; it has been since March 1, 2026.",
        "The decree (SK) naming the innovator is missing.",
        "An external evaluation (inspectorate, audit board or university) is missing.",
        "Summary has 201 words; at most 200 are allowed.",
        "Significance is empty.",
    ]


def test_the_index_profile_flags_a_short_design_and_an_indicator_without_evidence(plan):
    fill_record(plan, texts=KIPP_TEXTS | {"design": words(299)})
    record = InnovationRecord.objects.get(plan=plan)
    record.indicators.create(name="Kepuasan", unit="poin", baseline=70, baseline_on=datetime.date(2017, 8, 1))

    assembled = dossiers.assemble(plan, dossiers.IID_PROFILE, today=TODAY)

    assert assembled.problems == [
        "“Kepuasan” has no measured value with evidence.",
        "Design description has 299 words; at least 300 are needed.",
    ]


def test_a_record_changed_since_its_confirmation_does_not_pass(plan):
    fill_record(plan)
    InnovationRecord.objects.filter(plan=plan).update(version=99)

    assert dossiers.assemble(plan, dossiers.KIPP_2023, today=TODAY).problems == [
        "The mentor has not confirmed the record as it stands."
    ]


def test_staff_choose_an_innovation_and_its_participant_and_mentor_are_told(client, plan, staff_user):
    client.force_login(staff_user)

    response = client.post(reverse("impact:dossier_choose", args=[plan.pk, "kipp"]))
    again = client.post(reverse("impact:dossier_choose", args=[plan.pk, "kipp"]))

    dossier = Dossier.objects.get()
    assert (response.url, again.url) == (reverse("impact:dossier", args=[dossier.pk]),) * 2
    assert (dossier.form, dossier.guideline, dossier.organisation, dossier.state) == (
        "kipp",
        "kipp-2023",
        plan.participant.cohort.organisation,
        "chosen",
    )
    assert [e.verb for e in events_of(dossier)] == ["dossier.choose"]
    told = sorted(Notification.objects.values_list("user", flat=True))
    assert told == sorted([plan.participant.user.pk, plan.participant.mentor.user.pk])


def test_the_regions_bureau_chooses_on_its_own_letterhead(client, plan, bureau):
    client.force_login(bureau[1])

    client.post(reverse("impact:dossier_choose", args=[plan.pk, "iid"]))

    assert Dossier.objects.get().organisation == bureau[0]


def test_a_dossier_asked_for_outside_the_region_is_not_found_and_nothing_is_written(client, plan, other_bureau):
    fill_record(plan)
    dossier, _ = dossiers.choose(
        plan, "kipp", by=plan.participant.user, organisation=plan.participant.cohort.organisation
    )
    client.force_login(other_bureau[1])

    answers = [
        client.post(reverse("impact:dossier_choose", args=[plan.pk, "iid"])).status_code,
        client.get(reverse("impact:dossier", args=[dossier.pk])).status_code,
        client.post(reverse("impact:dossier_export", args=[dossier.pk, "pdf"])).status_code,
        client.get(reverse("impact:record", args=[plan.pk])).status_code,
    ]

    assert answers == [404, 404, 404, 404]
    assert (Dossier.objects.count(), Job.objects.count()) == (1, 0)


def test_an_export_is_refused_while_a_check_fails_and_nothing_is_made(client, plan, staff_user):
    fill_record(plan, evaluations=("internal",))
    dossier, _ = dossiers.choose(plan, "kipp", by=staff_user, organisation=plan.participant.cohort.organisation)
    client.force_login(staff_user)

    response, job = ask(client, reverse("impact:dossier_export", args=[dossier.pk, "zip"]))

    assert response.url == reverse("impact:dossier", args=[dossier.pk])
    assert job is None
    message = [str(m) for m in response.wsgi_request._messages]
    assert message == [
        "The KIPP 2023 proposal does not pass its checks yet: "
        "An external evaluation (inspectorate, audit board or university) is missing."
    ]


def test_the_pdf_is_made_by_the_worker_on_the_letterhead_of_who_prepares_it(client, plan, bureau):
    fill_record(plan)
    dossier, _ = dossiers.choose(plan, "kipp", by=bureau[1], organisation=bureau[0])
    client.force_login(bureau[1])

    response, job = ask(client, reverse("impact:dossier_export", args=[dossier.pk, "pdf"]))
    download, pdf = fetch(client, job)

    text = pdf_text(pdf)
    assert (response.url, job.state, job.kind, download.status_code) == (
        reverse("participants:downloads"),
        Job.State.DONE,
        Job.Kind.DOSSIER_PDF,
        200,
    )
    assert text.startswith("PEMERINTAH KOTA MEDAN\nBADAN KEPEGAWAIAN")
    assert "PROPOSAL KIPP 2023" in text
    assert "Signifikansi (bobot 30%)" in text
    assert "Evaluasi eksternal oleh Inspektorat, 10 Januari 2019" in " ".join(text.split())
    assert " ".join(text.split()).endswith(
        "Mengetahui, "
        + bureau[0].head_position
        + " Drs. Kepala Badan, M.Si Pembina Utama Muda (IV/c) NIP. 19650101 199003 1 005 2 / 2"
    )


def test_the_zip_holds_the_evidence_under_the_names_the_pdf_lists_and_the_text_per_section(client, plan, staff_user):
    fill_record(plan)
    dossier, _ = dossiers.choose(plan, "iid", by=staff_user, organisation=plan.participant.cohort.organisation)
    client.force_login(staff_user)

    _response, job = ask(client, reverse("impact:dossier_export", args=[dossier.pk, "zip"]))
    _download, data = fetch(client, job)

    archive = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(archive.namelist()) == [
        "01-sk-SK.pdf",
        "02-indikator-antrean.png",
        "03-evaluasi-internal-Evaluasi.pdf",
        "04-evaluasi-external-Evaluasi.pdf",
        "isi-dossier.txt",
    ]
    assert archive.read("isi-dossier.txt").decode().startswith("Profil\n======\nNama inovasi: Layanan KTP Sehari Jadi")


def test_a_dossier_is_marked_submitted_only_once_it_passes(plan, staff_user):
    fill_record(plan, evaluations=())
    dossier, _ = dossiers.choose(plan, "kipp", by=staff_user, organisation=plan.participant.cohort.organisation)

    with pytest.raises(ValidationError, match="does not pass its checks yet"):
        dossiers.transition(dossier, to=Dossier.State.SUBMITTED, by=staff_user)
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.CHOSEN


def test_a_dossier_stopped_says_why_and_may_be_chosen_again(client, plan, staff_user):
    dossier, _ = dossiers.choose(plan, "kipp", by=staff_user, organisation=plan.participant.cohort.organisation)
    client.force_login(staff_user)

    client.post(reverse("impact:dossier_move", args=[dossier.pk, "drop"]), {"note": "Belum setahun diterapkan."})
    client.post(reverse("impact:dossier_move", args=[dossier.pk, "choose"]))

    assert [(e.verb, e.note) for e in events_of(dossier)] == [
        ("dossier.choose", ""),
        ("dossier.drop", "Belum setahun diterapkan."),
        ("dossier.choose", ""),
    ]


def test_the_bureau_sees_every_innovation_of_its_region_and_no_other(client, cohort, bureau):
    in_city = complete_plan(participant__cohort=cohort, state=ActionPlan.State.APPROVED, title="Di kota")
    elsewhere = Region.objects.create(code="12.07", name="Deli Serdang", level=2, kind="kabupaten", parent_id="12")
    far = complete_plan(
        participant__cohort__region=elsewhere,
        participant__kecamatan=KecamatanFactory(code="12.07.01", parent=elsewhere),
        state=ActionPlan.State.COMPLETED,
        title="Di kabupaten",
    )
    # A provincial cohort: its participant's kecamatan lies in the city.
    provincial = complete_plan(participant__cohort__region_id="12", state=ActionPlan.State.AGREED, title="Provinsi")
    complete_plan(participant__cohort=cohort, title="Masih ditulis")  # a draft is not an innovation yet
    client.force_login(bureau[1])

    response = client.get(reverse("impact:region"))

    titles = sorted(plan.title for plan, _forms in response.context["rows"])
    assert titles == sorted([in_city.title, provincial.title])
    assert far.title not in titles


@pytest.mark.parametrize("count", [1, 3])
def test_the_region_page_keeps_its_query_count(client, cohort, bureau, staff_user, count, django_assert_num_queries):
    for _ in range(count):
        chosen = complete_plan(participant__cohort=cohort, state=ActionPlan.State.COMPLETED)
        dossiers.choose(chosen, "kipp", by=staff_user, organisation=cohort.organisation)
    client.force_login(bureau[1])

    # session, user, the menu, the bureaus, the count, the page of plans with their records, their dossiers
    with django_assert_num_queries(7):
        response = client.get(reverse("impact:region"))

    assert len(response.context["rows"]) == count


def test_the_region_page_is_only_for_a_bureau(client, staff_user):
    client.force_login(staff_user)

    assert client.get(reverse("impact:region")).status_code == 404


def test_the_dossier_page_shows_the_checks_and_the_text_to_copy(client, plan, staff_user):
    fill_record(plan)
    dossier, _ = dossiers.choose(plan, "kipp", by=staff_user, organisation=plan.participant.cohort.organisation)
    client.force_login(staff_user)

    response = client.get(reverse("impact:dossier", args=[dossier.pk]))

    assert response.context["assembled"].passes is True
    assert [label for label, _text in response.context["copy"]] == [
        "Summary",
        "Background and goals",
        "Novelty",
        "Implementation",
        "Significance",
        "Adaptability",
        "Resources",
        "Sustainability",
    ]
    assert [action for action, _move in response.context["buttons"]] == ["submit", "drop"]
