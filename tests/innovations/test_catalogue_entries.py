"""A cohort's catalogue entries, published and taken out in bulk by its staff; and the public entry's contact."""

import datetime

import pytest
from django.urls import reverse

from innovations.models import ActionPlan
from participants.models import AuditEvent, Notification
from tests.factories import ActionPlanFactory, CohortFactory, UserFactory

State = ActionPlan.State


def agreed_plan(cohort, **kwargs):
    return ActionPlanFactory(participant__cohort=cohort, state=kwargs.pop("state", State.AGREED), **kwargs)


def in_catalogue(plan):
    ActionPlan.objects.filter(pk=plan.pk).update(
        published_at=datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC), catalogue_state="published"
    )
    plan.refresh_from_db()
    return plan


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def entries_url(cohort):
    return reverse("innovations:catalogue_entries", args=[cohort.slug])


def catalogue_states(*plans):
    return [ActionPlan.objects.get(pk=plan.pk).catalogue_state for plan in plans]


# Who may open it -----------------------------------------------------------------------------------------------------


def test_catalogue_entries_sends_an_anonymous_visitor_to_sign_in(client, cohort):
    response = client.get(entries_url(cohort))

    assert response.status_code == 302
    assert response.url.startswith(reverse("participants:login"))


def test_catalogue_entries_is_not_found_for_staff_of_another_organisation(client, cohort):
    outsider = UserFactory(is_staff=True)
    CohortFactory().organisation.staff_members.add(outsider)
    plan = agreed_plan(cohort)
    client.force_login(outsider)

    assert client.get(entries_url(cohort)).status_code == 404
    assert client.post(entries_url(cohort), {"action": "publish", "plans": [plan.pk]}).status_code == 404
    assert catalogue_states(plan) == ["unpublished"]


def test_catalogue_entries_is_not_found_for_the_plans_participant(client, cohort):
    plan = agreed_plan(cohort)
    client.force_login(plan.participant.user)

    assert client.post(entries_url(cohort), {"action": "publish", "plans": [plan.pk]}).status_code == 404
    assert catalogue_states(plan) == ["unpublished"]


def test_catalogue_entries_lists_only_agreed_and_completed_plans(staff_client, cohort):
    agreed = agreed_plan(cohort)
    completed = agreed_plan(cohort, state=State.COMPLETED)
    ActionPlanFactory(participant__cohort=cohort, state=State.EXAMINED)
    agreed_plan(CohortFactory())

    response = staff_client.get(entries_url(cohort))

    assert [plan for plan, _moves in response.context["rows"]] == [agreed, completed]
    assert [moves for _plan, moves in response.context["rows"]] == [{"publish": "published"}] * 2


@pytest.mark.parametrize("count", [1, 3])
def test_catalogue_entries_query_count_does_not_grow(staff_client, cohort, count, django_assert_num_queries):
    for _ in range(count):
        in_catalogue(agreed_plan(cohort))

    # session, user, cohort, the plans with their participants and clusters, the menu (roles and unread count)
    with django_assert_num_queries(5):
        response = staff_client.get(entries_url(cohort))

    assert len(response.context["rows"]) == count


# Publishing and taking out -------------------------------------------------------------------------------------------


def test_catalogue_entries_publishes_the_ticked_plans_each_audited_and_told(staff_client, cohort, staff_user):
    first, second, left = agreed_plan(cohort), agreed_plan(cohort, state=State.COMPLETED), agreed_plan(cohort)

    response = staff_client.post(entries_url(cohort), {"action": "publish", "plans": [first.pk, second.pk]})

    assert response.url == entries_url(cohort)
    assert catalogue_states(first, second, left) == ["published", "published", "unpublished"]
    events = AuditEvent.objects.filter(verb="catalogue.publish").order_by("target_id")
    assert [(e.target_id, e.actor, e.from_state, e.to_state) for e in events] == [
        (first.pk, staff_user, "unpublished", "published"),
        (second.pk, staff_user, "unpublished", "published"),
    ]
    assert sorted(Notification.objects.values_list("user", flat=True)) == sorted(
        [first.participant.user_id, second.participant.user_id]
    )
    assert [str(m) for m in response.wsgi_request._messages] == ["2 plans are now in the public catalogue."]


def test_catalogue_entries_takes_plans_out_with_one_reason(staff_client, cohort):
    first, second = in_catalogue(agreed_plan(cohort)), in_catalogue(agreed_plan(cohort))

    staff_client.post(
        entries_url(cohort), {"action": "withdraw", "plans": [first.pk, second.pk], "note": "Data belum lengkap"}
    )

    assert catalogue_states(first, second) == ["withdrawn", "withdrawn"]
    assert (
        list(AuditEvent.objects.filter(verb="catalogue.withdraw").values_list("note", flat=True))
        == ["Data belum lengkap"] * 2
    )
    assert ActionPlan.objects.get(pk=first.pk).published_at is None


def test_catalogue_entries_refuses_to_take_out_without_a_reason(staff_client, cohort):
    plan = in_catalogue(agreed_plan(cohort))

    response = staff_client.post(entries_url(cohort), {"action": "withdraw", "plans": [plan.pk], "note": "  "})

    assert [str(m) for m in response.wsgi_request._messages] == ["Say why: write a note."]
    assert catalogue_states(plan) == ["published"]
    assert not AuditEvent.objects.filter(verb__startswith="catalogue.").exists()


def test_catalogue_entries_changes_none_when_one_ticked_plan_may_not_move(staff_client, cohort):
    published = in_catalogue(agreed_plan(cohort))
    never_published = agreed_plan(cohort, title="Arsip digital")

    response = staff_client.post(
        entries_url(cohort),
        {"action": "withdraw", "plans": [published.pk, never_published.pk], "note": "Ditarik"},
    )

    assert catalogue_states(published, never_published) == ["published", "unpublished"]
    assert not AuditEvent.objects.filter(verb__startswith="catalogue.").exists()
    assert not Notification.objects.exists()
    (message,) = [str(m) for m in response.wsgi_request._messages]
    assert message.startswith("“Arsip digital”: ")


def test_catalogue_entries_leaves_a_plan_already_published_from_another_tab(staff_client, cohort):
    already, fresh = in_catalogue(agreed_plan(cohort)), agreed_plan(cohort)

    response = staff_client.post(entries_url(cohort), {"action": "publish", "plans": [already.pk, fresh.pk]})

    assert catalogue_states(already, fresh) == ["published", "published"]
    assert list(AuditEvent.objects.filter(verb="catalogue.publish").values_list("target_id", flat=True)) == [fresh.pk]
    assert [str(m) for m in response.wsgi_request._messages] == ["1 plan is now in the public catalogue."]


def test_catalogue_entries_ignores_plans_of_other_cohorts_and_unagreed_plans(staff_client, cohort):
    elsewhere = agreed_plan(CohortFactory())
    examined = ActionPlanFactory(participant__cohort=cohort, state=State.EXAMINED)

    response = staff_client.post(
        entries_url(cohort), {"action": "publish", "plans": [elsewhere.pk, examined.pk, "x", "9" * 30]}
    )

    assert catalogue_states(elsewhere, examined) == ["unpublished", "unpublished"]
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Tick at least one plan, then choose what to do with them."
    ]


def test_catalogue_entries_refuses_an_unknown_action(staff_client, cohort):
    plan = agreed_plan(cohort)

    staff_client.post(entries_url(cohort), {"action": "delete", "plans": [plan.pk]})

    assert catalogue_states(plan) == ["unpublished"]


# The public entry's contact ------------------------------------------------------------------------------------------


def test_catalogue_entry_gives_the_organisers_office_and_no_personal_telephone(client, cohort):
    organisation = cohort.organisation
    organisation.phone, organisation.email = "(061) 4512412", "bkdpsdm@pemkomedan.go.id"
    organisation.save()
    plan = in_catalogue(agreed_plan(cohort, participant__work_unit="Kelurahan Babura"))
    plan.participant.user.phone = "0812 3456 7890"
    plan.participant.user.save()

    body = client.get(reverse("innovations:catalogue_detail", args=[plan.pk])).content.decode()

    assert "Kelurahan Babura" in body
    assert organisation.name in body
    assert "Jalan Kapten Maulana Lubis No. 2, Medan 20112" in body
    assert '<a href="tel:(061)4512412">(061) 4512412</a>' in body
    assert "bkdpsdm@pemkomedan.go.id" in body
    assert "0812" not in body
