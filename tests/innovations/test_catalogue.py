"""The public catalogue as it grows: its search, its kecamatan filter and its similar plans."""

import datetime

import pytest
from django import forms
from django.db import connection
from django.urls import reverse

from innovations.catalogue import SEARCH_CONFIG, PlainSelect, published, search, similar_in_catalogue, similar_to
from innovations.models import ActionPlan
from participants.audit import events_of
from participants.models import Notification
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

    assert f'<option value="{baru.pk}" selected>Medan Baru, Kota Medan</option>' in body


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


def test_staff_take_a_plan_out_of_the_catalogue_with_a_reason_and_may_put_it_back(
    client, cohort, staff_user, django_capture_on_commit_callbacks
):
    plan = ActionPlanFactory(participant__cohort=cohort, state=State.COMPLETED, title="Arsip digital")
    client.force_login(staff_user)
    url = reverse("innovations:publish", args=[plan.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "publish"}, follow=True)

    refused = client.post(url, {"action": "withdraw", "note": " "}, follow=True)
    assert [str(m) for m in refused.context["messages"]] == ["Say why: write a note."]
    assert list(published()) == [plan]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "withdraw", "note": "Data warga tampil di lampiran"})

    plan.refresh_from_db()
    assert (plan.catalogue_state, plan.published_at, list(published())) == ("withdrawn", None, [])
    assert [(e.verb, e.to_state, e.note) for e in events_of(plan)] == [
        ("catalogue.publish", "published", ""),
        ("catalogue.withdraw", "withdrawn", "Data warga tampil di lampiran"),
    ]
    assert list(Notification.objects.filter(user=plan.participant.user).values_list("message", flat=True)) == [
        "Inovasi Anda “Arsip digital” dikeluarkan dari katalog publik.",
        "Inovasi Anda “Arsip digital” kini ada di katalog publik.",
    ]
    client.post(url, {"action": "publish"})
    assert list(published()) == [plan]


def test_the_progress_page_offers_staff_the_catalogue_moves_of_the_moment(client, cohort, staff_user):
    plan = ActionPlanFactory(participant__cohort=cohort, state=State.AGREED)
    client.force_login(staff_user)
    page = reverse("innovations:progress", args=[plan.pk])

    assert client.get(page).context["catalogue_moves"] == {"publish": "published"}
    client.post(reverse("innovations:publish", args=[plan.pk]), {"action": "publish"})
    assert client.get(page).context["catalogue_moves"] == {"withdraw": "withdrawn"}
    client.force_login(plan.participant.user)
    assert client.get(page).context["catalogue_moves"] == {}


def test_catalogue_finds_a_plan_by_another_form_of_its_words(cohort):
    arsip = published_plan(cohort, title="Arsip digital kelurahan")
    published_plan(cohort, title="Bank sampah")

    assert list(search({"q": "pengarsipan"})) == [arsip]


def test_the_stored_search_vector_is_made_in_the_configuration_the_search_asks_in(db):
    if connection.vendor != "postgresql":
        pytest.skip("the stored vector's trigger exists on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'innovations_plan_search_vector'")
        [(source,)] = cursor.fetchall()

    assert f"to_tsvector('{SEARCH_CONFIG}'" in source
    assert f"'{SEARCH_CONFIG}'" == "'indonesian'"
