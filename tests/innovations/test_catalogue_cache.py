"""The public catalogue's cache: a page asked again comes from the cache, and whatever changes what the list shows
renews the catalogue's generation, so the next reader sees the change. And the stored search vector that PostgreSQL
keeps up to date itself."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import reverse

from core.lifecycle import Publication
from innovations import catalogue
from innovations.catalogue import GENERATION_KEY, search
from innovations.models import ActionPlan
from tests.factories import ActionPlanFactory

State = ActionPlan.State
URL = reverse("innovations:catalogue")


def published_plan(cohort, **kwargs):
    plan = ActionPlanFactory(participant__cohort=cohort, state=State.COMPLETED, **kwargs)
    ActionPlan.objects.filter(pk=plan.pk).update(
        published_at=datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC), catalogue_state="published"
    )
    return plan


def titles(client, **query) -> list[str]:
    response = client.get(URL, query)
    assert response.status_code == 200
    return [plan.title for plan in response.context["page"]] if "page" in response.context else _shown(response)


def _shown(response) -> list[str]:
    body = response.content.decode()
    return [part.split("</a>")[0].split(">")[-1] for part in body.split('<h2 class="h5">')[1:]]


def test_a_page_asked_again_comes_from_the_cache(client, cohort):
    published_plan(cohort, title="Arsip digital")
    assert titles(client) == ["Arsip digital"]
    # Written behind the application's back: the cache does not know, and the page stays as it was kept.
    ActionPlan.objects.update(title="Changed by SQL")

    assert titles(client) == ["Arsip digital"]


def test_publishing_and_withdrawing_show_at_once(client, cohort, staff_user):
    published_plan(cohort, title="Arsip digital")
    other = ActionPlanFactory(participant__cohort=cohort, state=State.COMPLETED, title="Bank sampah")
    assert titles(client) == ["Arsip digital"]

    catalogue.transition(other, to=Publication.PUBLISHED, by=staff_user)
    assert sorted(titles(client)) == ["Arsip digital", "Bank sampah"]

    catalogue.transition(ActionPlan.objects.get(pk=other.pk), to=Publication.WITHDRAWN, by=staff_user, note="Salah")
    assert titles(client) == ["Arsip digital"]


def test_a_published_plan_edited_shows_its_new_words_and_is_found_by_them(client, cohort):
    plan = published_plan(cohort, title="Arsip digital")
    assert titles(client, q="arsip") == ["Arsip digital"]
    assert titles(client, q="sampah") == []

    plan.refresh_from_db()
    plan.title = "Bank sampah digital"
    plan.save()

    assert titles(client, q="arsip") == []
    assert titles(client, q="sampah") == ["Bank sampah digital"]
    assert titles(client) == ["Bank sampah digital"]


def test_the_cohort_and_its_clusters_renew_the_filters(client, cohort):
    plan = published_plan(cohort, title="Arsip digital")
    first = client.get(URL).context["form"]
    assert [value for value, _label in first.fields["year"].choices] == ["", cohort.start_date.year]

    cohort.start_date = cohort.start_date.replace(year=2011)
    cohort.end_date = cohort.end_date.replace(year=2011)
    cohort.save()
    plan.cluster.name = "Klaster baru"
    plan.cluster.save()
    form = client.get(URL).context["form"]

    assert [value for value, _label in form.fields["year"].choices] == ["", 2011]
    assert [value for value, _label in form.fields["cluster"].choices] == ["", "Klaster baru"]


def test_a_plan_being_written_leaves_the_cache_alone(cohort):
    draft = ActionPlanFactory(participant__cohort=cohort, state=State.DRAFT, title="Draf")
    before = catalogue.current_generation()

    draft.title = "Draf kedua"
    draft.save()

    assert catalogue.current_generation() == before


def test_a_rolled_back_change_leaves_the_generation_as_it_was(cohort):
    plan = published_plan(cohort, title="Arsip digital")
    before = catalogue.current_generation()
    with transaction.atomic():
        plan.title = "Tidak jadi"
        plan.save()
        assert catalogue.current_generation() != before
        transaction.set_rollback(True)

    assert catalogue.current_generation() == before


def test_a_lost_generation_begins_a_new_one(client, cohort):
    published_plan(cohort, title="Arsip digital")
    old = catalogue.current_generation()
    cache.delete(GENERATION_KEY)

    assert catalogue.current_generation() != old


def test_each_language_is_kept_apart(client, cohort):
    published_plan(cohort, title="Arsip digital")

    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    indonesian = client.get(URL, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    english_again = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert ("More filters" in english, "More filters" in indonesian, "More filters" in english_again) == (
        True,
        False,
        True,
    )


def test_a_bad_filter_is_answered_and_kept_like_any_page(client, cohort):
    published_plan(cohort, title="Arsip digital")

    for _ in range(2):
        response = client.get(URL, {"region": "nowhere", "year": "abc", "page": "999"})
        assert response.status_code == 200


def test_the_stored_vector_follows_the_words_whoever_writes_them(cohort):
    if connection.vendor != "postgresql":
        pytest.skip("the stored vector and its trigger exist on PostgreSQL only")
    plan = published_plan(cohort, title="Arsip digital")
    assert list(search({"q": "pengarsipan"})) == [plan]

    ActionPlan.objects.filter(pk=plan.pk).update(title="Bank sampah", innovation="Tabungan sampah warga")

    assert (list(search({"q": "arsip"})), list(search({"q": "tabungan"}))) == ([], [plan])
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'plan_search_vector_idx'")
        [(definition,)] = cursor.fetchall()
    assert "USING gin (search_vector)" in definition
