"""The editing page shows the plans that resemble the one being written, from the catalogue and from the cohort,
as the catalogue entry does, so that participants learn from them and avoid duplicating them."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from innovations.models import ActionPlan
from tests.factories import ActionPlanFactory, CohortFactory, complete_plan

State = ActionPlan.State


def published_plan(**kwargs):
    plan = ActionPlanFactory(participant__cohort=CohortFactory(), state=State.COMPLETED, **kwargs)
    ActionPlan.objects.filter(pk=plan.pk).update(
        published_at=datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC), catalogue_state="published"
    )
    return plan


@pytest.fixture
def plan(cohort):
    plan = complete_plan(participant__cohort=cohort)
    ActionPlan.objects.filter(pk=plan.pk).update(
        title="Bank sampah kampung", innovation="Warga menabung sampah plastik di bank sampah kampung"
    )
    plan.refresh_from_db()
    return plan


def test_the_editing_page_lists_similar_plans_of_the_catalogue_and_of_the_cohort(client, plan):
    school = published_plan(title="Bank sampah sekolah", innovation="Murid menabung sampah plastik di bank sampah")
    published_plan(title="Arsip digital", innovation="Pemindaian surat tanah")
    neighbour = ActionPlanFactory(
        participant__cohort=plan.participant.cohort,
        state=State.SUBMITTED,
        title="Bank sampah pasar",
        innovation="Pedagang menabung sampah plastik",
    )
    for title in ["Arsip kelurahan", "Layanan KTP keliling"]:
        ActionPlanFactory(participant__cohort=plan.participant.cohort, state=State.APPROVED, title=title)
    ActionPlanFactory(participant__cohort=plan.participant.cohort, title="Bank sampah RW", state=State.DRAFT)
    client.force_login(plan.participant.user)

    response = client.get(reverse("innovations:edit", args=[plan.pk]))

    assert sorted((other.title, public) for other, _score, public in response.context["similar"]) == [
        (neighbour.title, False),
        (school.title, True),
    ]
    body = response.content.decode()
    assert f'<a href="{reverse("innovations:catalogue_detail", args=[school.pk])}">Bank sampah sekolah</a>' in body


@pytest.mark.parametrize("count", [1, 3])
def test_the_editing_pages_query_count_does_not_grow_with_similar_plans(client, plan, count, django_assert_num_queries):
    for number in range(count):
        published_plan(title=f"Bank sampah {number}", innovation="Menabung sampah plastik")
        ActionPlanFactory(
            participant__cohort=plan.participant.cohort, state=State.APPROVED, title=f"Bank sampah kelas {number}"
        )
    for title in ["Arsip kelurahan", "Layanan KTP keliling"]:
        ActionPlanFactory(participant__cohort=plan.participant.cohort, state=State.APPROVED, title=title)
        published_plan(title=title)
    client.force_login(plan.participant.user)
    url = reverse("innovations:edit", args=[plan.pk])
    client.get(url)  # the session and the catalogue's word vectors are made once
    cache.clear()

    # Whatever the number of similar plans; one of them asks whether the cohort has clusters to offer.
    with django_assert_num_queries(19):
        response = client.get(url)

    assert len(response.context["similar"]) == 2 * count
