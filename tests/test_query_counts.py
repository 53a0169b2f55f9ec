"""Pages whose lists grow with the installation keep the same number of queries as they grow.

bench/national.py measures the same pages on 500 cohorts; these are the checks that stay in the suite.
"""

import datetime

import pytest
from django.urls import reverse

from innovations.models import ActionPlan
from innovations.records import Replication
from tests.factories import ActionPlanFactory, CohortFactory, ParticipantFactory, complete_plan
from tests.impact.conftest import fill_record

State = ActionPlan.State


def published_plan(cohort, **kwargs):
    plan = ActionPlanFactory(participant__cohort=cohort, state=State.COMPLETED, **kwargs)
    ActionPlan.objects.filter(pk=plan.pk).update(
        published_at=datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC), catalogue_state="published"
    )
    return plan


@pytest.mark.parametrize("count", [1, 3, 12])
def test_home_staff_query_count_does_not_grow_with_cohorts(client, staff_user, count, django_assert_num_queries):
    for _ in range(count):
        cohort = CohortFactory()
        cohort.organisation.staff_members.add(staff_user)
        ActionPlanFactory(participant__cohort=cohort)
    client.force_login(staff_user)

    # session, user, the menu (roles and unread count), cohort count, the page of cohorts, cohorts, clusters,
    # seminars, plan counts; what waits: plans to review, sheets missing, agreements unsigned, milestones overdue
    with django_assert_num_queries(13):
        response = client.get(reverse("portal:home"))

    assert len(response.context["overviews"]) == min(count, 10)


@pytest.mark.parametrize("count", [1, 3, 55])
def test_cohort_list_query_count_does_not_grow_past_a_page(client, staff_user, count, django_assert_num_queries):
    for _ in range(count):
        CohortFactory().organisation.staff_members.add(staff_user)
    client.force_login(staff_user)

    # session, user, cohort count, cohorts with their participant counts, the menu (roles and unread count)
    with django_assert_num_queries(5):
        response = client.get(reverse("portal:cohort_list"))

    assert len(response.context["cohorts"]) == min(count, 50)


@pytest.mark.parametrize("count", [1, 3])
def test_cohort_overview_query_count_does_not_grow(client, cohort, staff_user, count, django_assert_num_queries):
    ParticipantFactory.create_batch(count, cohort=cohort)
    client.force_login(staff_user)

    # session, user, cohort; the checklist: participants, examiners, seminar, plans per state, sheets missing,
    # milestones; without a mentor, mentors, not signed in, clusters, the menu (roles and unread count)
    with django_assert_num_queries(14):
        response = client.get(reverse("portal:cohort_detail", args=[cohort.slug]))

    assert response.context["checklist"].participant_count == count


@pytest.mark.parametrize("count", [1, 3])
def test_catalogue_entry_query_count_does_not_grow(client, cohort, count, django_assert_num_queries):
    plan = complete_plan(participant__cohort=cohort, state=State.COMPLETED, title="Bank sampah kampung")
    ActionPlan.objects.filter(pk=plan.pk).update(
        published_at=datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC), catalogue_state="published"
    )
    for title in ["Arsip digital", "Pojok baca", "Klinik kepegawaian"]:
        published_plan(cohort, title=title)
    for place in ["sekolah", "pasar", "masjid"][:count]:
        published_plan(cohort, title=f"Bank sampah {place}")
    fill_record(plan)  # its record as the mentor confirmed it: a measured indicator, two evaluations
    for place in ["Kelurahan A", "Kelurahan B", "Kelurahan C"][:count]:
        Replication.objects.create(
            source=plan, unit=place, adapted="-", contact_name="-", contact="-",
            replicated_on=datetime.date(2019, 1, 1), recorded_by=plan.participant.user,
        )  # fmt: skip
    client.get(reverse("innovations:catalogue_detail", args=[plan.pk]))  # the similar plans, once

    # plan (with its record), milestones, their reports, catalogue version, and the similar plans cached for that
    # version (the cache is a table that every worker shares); the record's measures, evaluations, replications
    with django_assert_num_queries(8):
        response = client.get(reverse("innovations:catalogue_detail", args=[plan.pk]))

    assert (len(response.context["similar"]), len(response.context["replications"])) == (count, count)


@pytest.mark.parametrize("count", [1, 3])
def test_catalogue_word_search_query_count_does_not_grow(client, cohort, count, django_assert_num_queries):
    for n in range(count):
        published_plan(cohort, title=f"Arsip digital {n}")

    # the generation, the page and the filters' choices looked for in the cache; the choices (clusters, years,
    # regions, kecamatan) and kept (five); the count, the region and kecamatan options, the page; the page kept (five)
    with django_assert_num_queries(21):
        response = client.get(reverse("innovations:catalogue"), {"q": "arsip"})
    assert len(response.context["page"]) == count
    # asked again: the generation and the page, from the cache
    with django_assert_num_queries(2):
        again = client.get(reverse("innovations:catalogue"), {"q": "arsip"})

    assert again.content.decode().count('<article class="card h-100">') == count
