"""The innovation's record: the participant keeps it, the mentor confirms it, the cohort's staff and the region's
bureau read it; bad input is refused with a message and nothing is kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from impact import record as records
from impact.demo import demo_photo
from innovations.models import ActionPlan
from innovations.records import Indicator, InnovationRecord, Measurement, Stage
from participants.audit import events_of
from participants.models import Notification
from tests.factories import UserFactory, complete_plan

from .conftest import fill_record, words

State = InnovationRecord.State


def profile(**overrides):
    data = {
        "version": "1",
        "stage": "uji_coba",
        "trial_date": "2017-09-04",
        "implementation_date": "",
        "initiator": "asn",
        "form": "pelayanan_publik",
        "decree_number": "",
        "decree_date": "",
        "summary": "Layanan KTP selesai dalam sehari.",
        **{name: "" for name in InnovationRecord.TEXTS if name != "summary"},
    }
    return data | overrides


def test_the_owner_saves_the_record_and_its_texts_start_from_the_plan(client, plan):
    client.force_login(plan.participant.user)

    page = client.get(reverse("impact:record_edit", args=[plan.pk]))
    response = client.post(reverse("impact:record_edit", args=[plan.pk]), profile())

    assert page.context["form"]["novelty"].value() == "Isi bagian innovation."
    assert response.url == reverse("impact:record", args=[plan.pk])
    record = InnovationRecord.objects.get(plan=plan)
    assert (record.stage, record.trial_date, record.summary, record.state, record.version) == (
        Stage.TRIAL,
        datetime.date(2017, 9, 4),
        "Layanan KTP selesai dalam sehari.",
        State.DRAFT,
        2,
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"summary": words(201)}, "summary", "This has 201 words; at most 200 are allowed."),
        ({"trial_date": ""}, "trial_date", "When did the trial begin?"),
        ({"stage": "penerapan"}, "implementation_date", "When did implementation begin?"),
        (
            {"stage": "penerapan", "implementation_date": "2017-08-01"},
            "implementation_date",
            "Implementation cannot begin before the trial.",
        ),
        ({"trial_date": "2999-01-01"}, "trial_date", "This date is in the future."),
    ],
)
def test_a_wrong_profile_is_refused_with_its_reason_and_nothing_is_kept(client, plan, overrides, field, message):
    client.force_login(plan.participant.user)

    response = client.post(reverse("impact:record_edit", args=[plan.pk]), profile(**overrides))

    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]
    assert InnovationRecord.objects.filter(plan=plan).exists() is False


def test_a_decree_that_is_not_a_document_is_refused(client, plan):
    client.force_login(plan.participant.user)
    fake = SimpleUploadedFile("sk.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = client.post(reverse("impact:record_edit", args=[plan.pk]), profile(decree_file=fake))

    assert response.status_code == 422
    assert response.context["form"].errors["decree_file"] == [
        "“sk.pdf” is not a PDF, an image or an office document, whatever its name says."
    ]
    assert InnovationRecord.objects.count() == 0


def test_an_edit_from_an_older_page_is_a_conflict_and_keeps_the_newer_record(client, plan):
    client.force_login(plan.participant.user)
    client.post(reverse("impact:record_edit", args=[plan.pk]), profile(summary="Yang pertama."))

    response = client.post(reverse("impact:record_edit", args=[plan.pk]), profile(summary="Dari tab lama."))

    assert (response.status_code, response.context["conflict"]) == (409, True)
    assert InnovationRecord.objects.get(plan=plan).summary == "Yang pertama."


def test_a_measure_before_its_baseline_is_refused_and_nothing_is_kept(client, plan):
    owner = plan.participant.user
    indicator = records.add_indicator(
        plan, by=owner, name="Waktu layanan", unit="hari", baseline=14, baseline_on=datetime.date(2017, 8, 1),
        lower_is_better=True,
    )  # fmt: skip
    client.force_login(owner)
    upload = SimpleUploadedFile("bukti.png", demo_photo("x", (1, 2, 3)).read(), content_type="image/png")

    response = client.post(
        reverse("impact:measurement_add", args=[plan.pk, indicator.pk]),
        {
            f"m{indicator.pk}-value": "2",
            f"m{indicator.pk}-measured_on": "2017-07-31",
            f"m{indicator.pk}-evidence": upload,
        },
    )

    assert response.status_code == 422
    assert response.context["indicators"][0].form.errors["measured_on"] == [
        "A measure cannot come before its baseline (1 August 2017)."
    ]
    assert Measurement.objects.count() == 0


def test_the_service_refuses_a_measure_before_its_baseline_too(plan):
    owner = plan.participant.user
    indicator = records.add_indicator(
        plan, by=owner, name="Waktu layanan", unit="hari", baseline=14, baseline_on=datetime.date(2017, 8, 1),
        lower_is_better=True,
    )  # fmt: skip

    with pytest.raises(ValidationError, match="“Waktu layanan” was first measured on 1 August 2017"):
        records.add_measurement(
            indicator,
            by=owner,
            value=2,
            measured_on=datetime.date(2017, 1, 1),
            note="",
            evidence=demo_photo("x", (0, 0, 0)),
        )

    assert Measurement.objects.count() == 0


def test_evidence_of_an_unsafe_type_is_refused_and_nothing_is_kept(client, plan):
    owner = plan.participant.user
    indicator = records.add_indicator(
        plan, by=owner, name="Waktu layanan", unit="hari", baseline=14, baseline_on=datetime.date(2017, 8, 1),
        lower_is_better=True,
    )  # fmt: skip
    client.force_login(owner)
    script = SimpleUploadedFile("bukti.png", b"<script>alert(1)</script>", content_type="image/png")

    response = client.post(
        reverse("impact:measurement_add", args=[plan.pk, indicator.pk]),
        {
            f"m{indicator.pk}-value": "2",
            f"m{indicator.pk}-measured_on": "2018-01-01",
            f"m{indicator.pk}-evidence": script,
        },
    )

    assert response.status_code == 422
    assert response.context["indicators"][0].form.errors["evidence"] == [
        "“bukti.png” is not a PDF, an image or an office document, whatever its name says."
    ]
    assert Measurement.objects.count() == 0


def test_a_measure_with_its_evidence_is_kept_under_a_safe_name_and_raises_the_version(client, plan):
    owner = plan.participant.user
    indicator = records.add_indicator(
        plan, by=owner, name="Waktu layanan", unit="hari", baseline=14, baseline_on=datetime.date(2017, 8, 1),
        lower_is_better=True,
    )  # fmt: skip
    client.force_login(owner)
    upload = SimpleUploadedFile("../../bukti antrean.exe", demo_photo("x", (1, 2, 3)).read(), content_type="x/y")

    response = client.post(
        reverse("impact:measurement_add", args=[plan.pk, indicator.pk]),
        {
            f"m{indicator.pk}-value": "2.5",
            f"m{indicator.pk}-measured_on": "2018-01-01",
            f"m{indicator.pk}-evidence": upload,
        },
    )

    measurement = Measurement.objects.get()
    assert response.url == reverse("impact:record", args=[plan.pk])
    assert (str(measurement.value), measurement.file_name, measurement.content_type) == (
        "2.50",
        "bukti antrean.png",
        "image/png",
    )
    assert (measurement.confirmed_at, InnovationRecord.objects.get().version) == (None, 3)


def test_the_mentor_confirms_what_was_sent_and_it_becomes_public(plan):
    record = fill_record(plan, confirm=False)
    owner, mentor = plan.participant.user, plan.participant.mentor.user

    records.transition(record, to=State.SUBMITTED, by=owner)
    told_mentor = Notification.objects.filter(user=mentor).get().texts["en"]
    records.transition(record, to=State.CONFIRMED, by=mentor, version=record.version)

    record.refresh_from_db()
    assert told_mentor == f"{owner.full_name} asks you to confirm the record of “Layanan KTP Sehari Jadi”."
    assert (record.state, record.confirmed_stage, record.confirmed_implementation_date, record.has_changes) == (
        State.CONFIRMED,
        Stage.IMPLEMENTATION,
        datetime.date(2018, 1, 2),
        False,
    )
    assert Measurement.objects.filter(confirmed_at__isnull=True).count() == 0
    assert [(e.verb, e.actor, e.data) for e in events_of(record)] == [
        ("record.submit", owner, {}),
        ("record.confirm", mentor, {"stage": "penerapan", "measurements": 1, "evaluations": 2}),
    ]
    assert Notification.objects.filter(user=owner).get().texts == {
        "id": "Mentor Anda mengonfirmasi catatan inovasi “Layanan KTP Sehari Jadi”.",
        "en": "Your mentor confirmed the record of “Layanan KTP Sehari Jadi”.",
    }


def test_a_record_changed_since_the_mentor_opened_it_is_not_confirmed(plan):
    record = fill_record(plan, confirm=False)
    records.transition(record, to=State.SUBMITTED, by=plan.participant.user)
    seen = record.version
    records.add_indicator(
        plan, by=plan.participant.user, name="Kepuasan", unit="poin", baseline=70,
        baseline_on=datetime.date(2017, 8, 1), lower_is_better=False,
    )  # fmt: skip

    with pytest.raises(ValidationError, match="The participant changed the record since you opened it"):
        records.transition(record, to=State.CONFIRMED, by=plan.participant.mentor.user, version=seen)

    record.refresh_from_db()
    assert (record.state, record.confirmed_at) == (State.SUBMITTED, None)


def test_nothing_new_is_not_sent_again(plan):
    record = fill_record(plan)

    with pytest.raises(ValidationError, match="Nothing has changed since your mentor confirmed the record."):
        records.transition(record, to=State.SUBMITTED, by=plan.participant.user)


def test_only_the_mentor_confirms_and_a_return_needs_a_note(client, plan, staff_user):
    record = fill_record(plan, confirm=False)
    records.transition(record, to=State.SUBMITTED, by=plan.participant.user)

    with pytest.raises(ValidationError, match="You may not make this change"):
        records.transition(record, to=State.CONFIRMED, by=staff_user)
    with pytest.raises(ValidationError, match="Say why: write a note."):
        records.transition(record, to=State.RETURNED, by=plan.participant.mentor.user)

    record.refresh_from_db()
    assert record.state == State.SUBMITTED


def test_the_mentor_returns_the_record_through_its_page(client, plan):
    record = fill_record(plan, confirm=False)
    records.transition(record, to=State.SUBMITTED, by=plan.participant.user)
    client.force_login(plan.participant.mentor.user)

    page = client.get(reverse("impact:record", args=[plan.pk]))
    client.post(
        reverse("impact:record_move", args=[plan.pk, "return"]), {"note": "Lampirkan SK.", "version": record.version}
    )

    record.refresh_from_db()
    assert sorted(page.context["moves"]) == ["confirm", "return"]
    assert record.state == State.RETURNED
    assert events_of(record).last().note == "Lampirkan SK."


def test_a_plan_still_being_written_has_no_record_page(client, cohort):
    draft = complete_plan(participant__cohort=cohort)
    client.force_login(draft.participant.user)

    assert client.get(reverse("impact:record", args=[draft.pk])).status_code == 404
    assert client.get(reverse("impact:record_edit", args=[draft.pk])).status_code == 404


def test_the_records_files_go_to_its_readers_only(client, plan, bureau, other_bureau):
    record = fill_record(plan)
    url = reverse("impact:record_file", args=[plan.pk, "decree", record.pk])
    answers = {}
    for name, user in [("bureau", bureau[1]), ("other_bureau", other_bureau[1]), ("stranger", UserFactory())]:
        client.force_login(user)
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)  # read to the end, so the file is closed
        answers[name] = response.status_code

    assert answers == {"bureau": 200, "other_bureau": 404, "stranger": 404}


@pytest.mark.parametrize("count", [1, 3])
def test_the_staffs_list_of_records_keeps_its_query_count(client, cohort, staff_user, count, django_assert_num_queries):
    for _ in range(count):
        fill_record(complete_plan(participant__cohort=cohort, state=ActionPlan.State.COMPLETED), confirm=False)
    client.force_login(staff_user)

    # session, user, the menu, whether they run a cohort, the count, the page of plans with their records
    with django_assert_num_queries(6):
        response = client.get(reverse("impact:records"), {"stage": "penerapan"})

    assert len(response.context["page"]) == count


def test_the_list_of_records_is_for_organisers_only(client, bureau):
    client.force_login(bureau[1])

    assert client.get(reverse("impact:records")).status_code == 404
    assert Indicator.objects.count() == 0
