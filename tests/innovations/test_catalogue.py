"""The public catalogue as it grows: its search, its kecamatan filter and its similar plans."""

import datetime

from django import forms
from django.urls import reverse

from innovations.catalogue import PlainSelect, published, search, similar_in_catalogue, similar_to
from innovations.models import ActionPlan
from tests.factories import ActionPlanFactory, KecamatanFactory

State = ActionPlan.State


def published_plan(cohort, **kwargs):
    plan = ActionPlanFactory(participant__cohort=cohort, state=State.COMPLETED, **kwargs)
    ActionPlan.objects.filter(pk=plan.pk).update(
        published_at=datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC), catalogue_state="published"
    )
    return plan


def test_catalogue_word_search_needs_every_word(cohort):
    both = published_plan(cohort, title="Arsip digital", innovation="Pemindaian surat tanah")
    published_plan(cohort, title="Arsip kertas", innovation="Rak baru")

    assert list(search({"q": "arsip pemindaian"})) == [both]


def test_plain_select_writes_what_django_select_writes():
    choices = [("", "—"), (1, "Medan Baru"), (2, "Medan <Johor>")]
    attrs = {"id": "id_kecamatan", "class": "form-select"}

    plain = PlainSelect(choices=choices).render("kecamatan", 2, attrs)
    django = forms.Select(choices=choices).render("kecamatan", 2, attrs)

    assert plain == "".join(line.strip() for line in django.splitlines())


def test_catalogue_keeps_the_chosen_kecamatan_selected(client, cohort):
    baru = KecamatanFactory(name="Medan Baru")
    published_plan(cohort, participant__kecamatan=baru)

    body = client.get(reverse("innovations:catalogue"), {"kecamatan": baru.pk}).content.decode()

    assert f'<option value="{baru.pk}" selected>Medan Baru</option>' in body


def test_similar_plans_in_the_catalogue_rank_as_similar_to_does(cohort):
    target = published_plan(cohort, title="Bank sampah kampung", innovation="Warga menabung sampah plastik")
    published_plan(cohort, title="Bank sampah sekolah", innovation="Murid menabung sampah plastik")
    published_plan(cohort, title="Kompos pasar", innovation="Sampah organik pasar diolah menjadi kompos")
    published_plan(cohort, title="Arsip digital", innovation="Pemindaian surat tanah")

    expected = similar_to(target, published().exclude(pk=target.pk))

    assert similar_in_catalogue(target) == expected
    assert len(expected) == 2


def test_similar_plans_include_a_plan_published_since_the_last_look(cohort):
    target = published_plan(cohort, title="Bank sampah kampung", innovation="Warga menabung sampah plastik")
    published_plan(cohort, title="Arsip digital", innovation="Pemindaian surat tanah")
    assert similar_in_catalogue(target) == []

    newcomer = published_plan(cohort, title="Bank sampah sekolah", innovation="Murid menabung sampah plastik")

    assert [plan for plan, _score in similar_in_catalogue(target)] == [newcomer]
