"""The plan form saved while typing: the text and the lists, and a refused save that says so."""

import datetime

import pytest
from django.urls import reverse

from innovations.models import ActionPlan
from tests.factories import complete_plan
from tests.innovations.test_plan_views import edit_data


@pytest.fixture
def plan(cohort):
    return complete_plan(participant__cohort=cohort)


def autosave(client, plan, data):
    client.force_login(plan.participant.user)
    return client.post(reverse("innovations:autosave", args=[plan.pk]), data)


def new_stakeholder(index, **fields):
    row = {"name": "Lurah", "role": "Penggerak", "interest": "", "influence": "high", "order": ""} | fields
    return {f"stakeholders-{index}-{name}": value for name, value in row.items()}


def test_autosave_saves_a_new_row_and_gives_the_page_its_id(client, plan):
    data = edit_data(plan, **{"stakeholders-TOTAL_FORMS": 2}, **new_stakeholder(1))

    response = autosave(client, plan, data)

    added = plan.stakeholders.get(name="Lurah")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'name="stakeholders-1-id" value="{added.pk}" id="id_stakeholders-1-id"' in body
    assert "Saved at" in body


def test_autosave_of_a_row_that_has_its_id_edits_it_rather_than_adding_it_again(client, plan):
    data = edit_data(plan, **{"stakeholders-TOTAL_FORMS": 2}, **new_stakeholder(1))
    autosave(client, plan, data)
    added = plan.stakeholders.get(name="Lurah")

    data |= {"stakeholders-1-id": added.pk, "stakeholders-1-role": "Penggerak warga", "version": 2}
    autosave(client, plan, data)

    assert list(plan.stakeholders.values_list("name", "role")) == [
        ("Camat", "Pembina"),
        ("Lurah", "Penggerak warga"),
    ]


def test_autosave_deletes_a_row_once_and_ignores_it_afterwards(client, plan):
    risk = plan.risks.get()
    data = edit_data(plan, **{"risks-0-DELETE": "on"})

    first = autosave(client, plan, data)
    second = autosave(client, plan, data | {"version": 2, "benefits": "Manfaat baru"})

    assert (first.status_code, second.status_code) == (200, 200)
    assert not plan.risks.filter(pk=risk.pk).exists()
    plan.refresh_from_db()
    assert plan.benefits == "Manfaat baru"


def test_autosave_with_an_unfinished_row_saves_the_rest_and_names_the_row(client, plan):
    data = edit_data(plan, benefits="Manfaat", **{"stakeholders-TOTAL_FORMS": 2}, **new_stakeholder(1, role=""))

    response = autosave(client, plan, data)

    body = response.content.decode()
    assert response.status_code == 422
    assert "Not saved:" in body
    assert "Stakeholder 2: Role: This field is required." in body
    assert "Everything else was saved at" in body
    plan.refresh_from_db()
    assert (plan.benefits, plan.stakeholders.count()) == ("Manfaat", 1)


def test_autosave_of_an_invalid_form_is_a_422_that_names_the_field(client, plan):
    response = autosave(client, plan, edit_data(plan, title=""))

    body = response.content.decode()
    assert response.status_code == 422
    assert "Not saved:" in body
    assert "Title: This field is required." in body
    assert "Saved at" not in body


def test_autosave_conflict_offers_to_keep_my_text_over_the_newer_version(client, plan):
    stale = edit_data(plan, benefits="Dari tab kedua")
    autosave(client, plan, edit_data(plan, benefits="Dari tab pertama"))

    refused = autosave(client, plan, stale)
    kept = autosave(client, plan, stale | {"version": 2})

    assert refused.status_code == 409
    assert 'data-version="2"' in refused.content.decode()
    assert "Saved at" not in refused.content.decode()
    assert kept.status_code == 200
    plan.refresh_from_db()
    assert plan.benefits == "Dari tab kedua"


def test_a_row_of_another_plan_cannot_be_edited_through_this_form(client, plan, cohort):
    other = complete_plan(participant__cohort=cohort)
    foreign = other.stakeholders.get()
    data = edit_data(plan, **{"stakeholders-TOTAL_FORMS": 2}, **new_stakeholder(1), **{"stakeholders-1-id": foreign.pk})

    autosave(client, plan, data)

    foreign.refresh_from_db()
    assert (foreign.name, foreign.plan_id) == ("Camat", other.pk)


def test_rows_are_listed_by_the_number_chosen_and_milestones_by_date(client, plan):
    data = edit_data(
        plan,
        **{"stakeholders-TOTAL_FORMS": 2, "stakeholders-0-order": 2},
        **new_stakeholder(1, order=1),
        **{
            "milestones-TOTAL_FORMS": 2,
            "milestones-1-term": "short",
            "milestones-1-deliverable": "Rapat awal",
            "milestones-1-due_date": "2017-09-01",
        },
    )

    autosave(client, plan, data)

    assert list(plan.stakeholders.values_list("name", flat=True)) == ["Lurah", "Camat"]
    assert list(plan.milestones.values_list("deliverable", "due_date")) == [
        ("Rapat awal", datetime.date(2017, 9, 1)),
        ("SK tim", datetime.date(2017, 9, 30)),
    ]
    assert ActionPlan.objects.get(pk=plan.pk).version == 2
