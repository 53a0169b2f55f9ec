"""The public catalogue entry shows what the mentor confirmed of the innovation's record, as a timeline; the
catalogue filters by the confirmed stage."""

import datetime

from django.urls import reverse
from django.utils import timezone

from impact import record as records
from innovations.models import ActionPlan
from innovations.records import InnovationRecord
from tests.factories import complete_plan

from .conftest import fill_record


def publish(plan):
    ActionPlan.objects.filter(pk=plan.pk).update(published_at=timezone.now(), catalogue_state="published")


def test_the_entry_shows_the_confirmed_stage_indicators_and_timeline(client, plan):
    fill_record(plan)
    publish(plan)

    response = client.get(reverse("innovations:catalogue_detail", args=[plan.pk]))

    assert response.context["record"].confirmed_stage == "penerapan"
    change = response.context["indicators"][0]
    assert (change.name, change.baseline, change.latest.value) == ("Waktu layanan KTP", 14, 2)
    assert [(event.on, event.kind, event.text) for event in response.context["timeline"]] == [
        (datetime.date(2019, 1, 10), "evaluation", "Internal (by the unit itself): Kelurahan"),
        (datetime.date(2019, 1, 10), "evaluation", "External (inspectorate, audit board, university): Inspektorat"),
        (datetime.date(2018, 8, 1), "measure", "Waktu layanan KTP: 2 hari (from 14)"),
        (datetime.date(2018, 1, 2), "stage", "Implementation began"),
        (datetime.date(2017, 9, 1), "stage", "Trial began"),
    ]
    assert "14 hari" in response.content.decode()


def test_nothing_unconfirmed_reaches_the_public(client, plan):
    fill_record(plan, confirm=False)
    publish(plan)

    response = client.get(reverse("innovations:catalogue_detail", args=[plan.pk]))

    assert (response.context["record"], response.context["indicators"], response.context["timeline"]) == (None, [], [])


def test_a_change_after_confirmation_waits_for_the_mentor(client, plan):
    record = fill_record(plan)
    publish(plan)
    records.save_profile(plan, by=plan.participant.user, fields={"stage": "inisiatif"}, version=record.version)

    response = client.get(reverse("innovations:catalogue_detail", args=[plan.pk]))

    assert response.context["record"].confirmed_stage == "penerapan"
    assert InnovationRecord.objects.get().stage == "inisiatif"


def test_the_catalogue_filters_by_the_confirmed_stage(client, plan, cohort):
    fill_record(plan)
    publish(plan)
    other = complete_plan(participant__cohort=cohort, state="completed", title="Belum")
    publish(other)

    implemented = client.get(reverse("innovations:catalogue"), {"stage": "penerapan"})
    on_trial = client.get(reverse("innovations:catalogue"), {"stage": "uji_coba"})
    everything = client.get(reverse("innovations:catalogue"))

    assert [p.title for p in implemented.context["page"]] == ["Layanan KTP Sehari Jadi"]
    assert list(on_trial.context["page"]) == []
    assert len(everything.context["page"]) == 2
