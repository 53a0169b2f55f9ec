"""The catalogue's region filters across Indonesia: a kecamatan says where it lies, since names repeat."""

import datetime

import pytest
from django import forms
from django.urls import reverse

from core.widgets import PlainSelect
from innovations.models import ActionPlan
from participants.models import Region
from tests.factories import ActionPlanFactory, CohortFactory, load_region


def published_plan(cohort, kecamatan, title):
    plan = ActionPlanFactory(
        participant__cohort=cohort, participant__kecamatan=kecamatan, state=ActionPlan.State.COMPLETED, title=title
    )
    ActionPlan.objects.filter(pk=plan.pk).update(
        published_at=datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC), catalogue_state="published"
    )
    return plan


@pytest.fixture
def two_simpang_empat(db):
    karo, asahan = load_region("12.06", villages=False), load_region("12.09", villages=False)
    in_karo = published_plan(CohortFactory(region=karo), Region.objects.get(code="12.06.12"), "Arsip desa Karo")
    in_asahan = published_plan(CohortFactory(region=asahan), Region.objects.get(code="12.09.12"), "Arsip desa Asahan")
    return karo, in_karo, in_asahan


def test_catalogue_offers_only_the_kecamatan_of_published_plans_each_with_its_kabupaten(client, two_simpang_empat):
    response = client.get(reverse("innovations:catalogue"))

    form = response.context["form"]
    assert [label for _value, label in form.fields["kecamatan"].choices][1:] == [
        "Simpang Empat, Kabupaten Karo",
        "Simpang Empat, Kabupaten Asahan",
    ]
    assert [label for _value, label in form.fields["region"].choices][1:] == ["Kabupaten Karo", "Kabupaten Asahan"]


def test_catalogue_filters_by_the_cohorts_region_and_by_kecamatan(client, two_simpang_empat):
    karo, in_karo, _in_asahan = two_simpang_empat

    by_region = client.get(reverse("innovations:catalogue"), {"region": karo.pk}).context["page"]
    by_kecamatan = client.get(reverse("innovations:catalogue"), {"kecamatan": "12.09.12"}).context["page"]

    assert [plan.title for plan in by_region] == ["Arsip desa Karo"]
    assert [plan.title for plan in by_kecamatan] == ["Arsip desa Asahan"]


def test_plain_select_writes_option_groups_as_django_does():
    choices = [("", "—"), ("Sumatera Utara", [("12", "Provinsi Sumatera Utara"), ("12.71", "Kota <Medan>")])]

    plain = PlainSelect(choices=choices).render("region", "12.71", {"id": "id_region"})
    django = forms.Select(choices=choices).render("region", "12.71", {"id": "id_region"})

    assert plain == "".join(line.strip() for line in django.splitlines())
