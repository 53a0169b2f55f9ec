"""Replications: a unit records one on a published innovation, or a participant starts a plan from it; the two
plans link both ways, and the catalogue entry says who replicated it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from impact import replication
from innovations.models import ActionPlan
from innovations.records import Replication
from participants.audit import events_of
from participants.models import Notification
from tests.factories import ParticipantFactory, UserFactory, complete_plan

State = ActionPlan.State


@pytest.fixture
def published(plan):
    ActionPlan.objects.filter(pk=plan.pk).update(published_at=timezone.now(), catalogue_state="published")
    plan.refresh_from_db()
    return plan


def claim(**overrides):
    return {
        "unit": "Kantor Camat Tanjung Morawa",
        "adapted": "Formulir daring untuk surat pengantar kecamatan.",
        "contact_name": "Camat Tanjung Morawa",
        "contact": "061 7940001",
        "replicated_on": "2026-02-02",
        "region": "",
        "organisation": "",
    } | overrides


def test_a_unit_records_that_it_replicated_a_published_innovation(client, published):
    someone = UserFactory()
    client.force_login(someone)

    response = client.post(reverse("impact:replication_add", args=[published.pk]), claim())

    found = Replication.objects.get()
    assert response.url == reverse("innovations:catalogue_detail", args=[published.pk])
    assert (found.source, found.unit, found.replicated_on, found.recorded_by, found.plan) == (
        published,
        "Kantor Camat Tanjung Morawa",
        datetime.date(2026, 2, 2),
        someone,
        None,
    )
    assert [e.verb for e in events_of(found)] == ["replication.record"]
    told = Notification.objects.filter(user=published.participant.user).get()
    assert told.texts["en"] == "Kantor Camat Tanjung Morawa replicated your innovation “Layanan KTP Sehari Jadi”."


def test_the_catalogue_entry_shows_who_replicated_it(client, published):
    replication.record_replication(
        published,
        by=UserFactory(),
        unit="Kantor Camat Tanjung Morawa",
        adapted="Formulir daring.",
        contact_name="Camat",
        contact="061 7940001",
        replicated_on=datetime.date(2026, 2, 2),
    )

    response = client.get(reverse("innovations:catalogue_detail", args=[published.pk]))

    assert [r.unit for r in response.context["replications"]] == ["Kantor Camat Tanjung Morawa"]
    assert [(e.kind, e.text) for e in response.context["timeline"]] == [
        ("replication", "Replicated by Kantor Camat Tanjung Morawa")
    ]


def test_a_replication_claim_on_an_unpublished_innovation_is_refused_and_nothing_is_written(client, plan):
    ActionPlan.objects.filter(pk=plan.pk).update(catalogue_state="withdrawn", published_at=None)
    client.force_login(UserFactory())

    form = client.get(reverse("impact:replication_add", args=[plan.pk]))
    response = client.post(reverse("impact:replication_add", args=[plan.pk]), claim())

    assert form.status_code == 404
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "Only an innovation in the public catalogue can be replicated: this one is not in it."
    ]
    assert Replication.objects.count() == 0


def test_a_never_published_innovation_stays_unknown(client, plan):
    client.force_login(UserFactory())

    assert client.post(reverse("impact:replication_add", args=[plan.pk]), claim()).status_code == 404
    assert Replication.objects.count() == 0


def test_a_claim_in_the_future_or_without_a_unit_is_refused(client, published):
    client.force_login(UserFactory())

    response = client.post(
        reverse("impact:replication_add", args=[published.pk]), claim(unit="", replicated_on="2999-01-01")
    )

    assert response.context["form"].errors == {
        "unit": ["This field is required."],
        "replicated_on": ["This date is in the future."],
    }
    assert Replication.objects.count() == 0


def test_replicate_this_starts_a_plan_linked_both_ways(client, published):
    newcomer = ParticipantFactory(cohort__name="Angkatan 2026", work_unit="Kelurahan Limau Manis")
    client.force_login(newcomer.user)

    page = client.get(reverse("impact:replicate", args=[published.pk]))
    offered = list(page.context["form"].fields["participation"].queryset)
    response = client.post(
        reverse("impact:replicate", args=[published.pk]),
        {"participation": newcomer.pk, "adapted": "Formulir disesuaikan untuk desa."},
    )

    copy = newcomer.plans.get()
    assert offered == [newcomer]
    assert response.url == reverse("innovations:issues", args=[copy.pk])
    assert (copy.title, copy.innovation, copy.state) == (
        "Replication: Layanan KTP Sehari Jadi",
        published.innovation,
        State.DRAFT,
    )
    assert (copy.replicates.source, published.replications.get().plan) == (published, copy)
    assert published.replications.get().unit == "Kelurahan Limau Manis"
    detail = client.get(reverse("innovations:detail", args=[copy.pk]))
    assert reverse("innovations:catalogue_detail", args=[published.pk]) in detail.content.decode()


def test_replicate_this_is_refused_where_a_plan_is_under_way(published):
    busy = complete_plan(state=State.SUBMITTED)

    with pytest.raises(ValidationError, match="You already have a plan in"):
        replication.replicate(published, participation=busy.participant, by=busy.participant.user, adapted="x")

    assert Replication.objects.count() == 0


def test_someone_with_no_free_cohort_is_told_to_record_it_instead(client, published):
    client.force_login(published.participant.user)

    response = client.get(reverse("impact:replicate", args=[published.pk]))

    assert response.context["possible"] is False
    assert reverse("impact:replication_add", args=[published.pk]) in response.content.decode()
