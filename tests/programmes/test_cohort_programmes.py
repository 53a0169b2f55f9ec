"""A cohort runs a programme: chosen when it is created, its template copied, kept once work has started; and its
coaches, the first role added on the registry (issue 24)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from innovations import workflow
from innovations.models import ActionPlan
from participants.models import Cohort
from participants.roles import Roles
from programmes.models import Programme
from seminars.results import stage_results
from tests.factories import (
    ActionPlanFactory,
    CohortFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    examined_plan,
)
from tests.portal.test_cohort_views import cohort_data


@pytest.fixture
def organiser(db):
    user = UserFactory()
    OrganisationFactory().staff_members.add(user)
    return user


def test_a_cohort_created_for_latsar_runs_its_template(client, organiser):
    latsar = Programme.objects.get(code="latsar-cpns")
    client.force_login(organiser)

    client.post(
        reverse("portal:cohort_create"),
        cohort_data(organisation=organiser.organisations.get().pk, programme=latsar.pk, slug="latsar-2026"),
    )

    cohort = Cohort.objects.get(slug="latsar-2026")
    assert (cohort.programme, cohort.spec) == (latsar, latsar.spec)
    assert cohort.programme_spec.work == "rancangan aktualisasi"
    assert [stage.key for stage in cohort.programme_spec.stages] == ["design", "report"]


def test_the_new_cohort_form_offers_every_programme(client, organiser):
    client.force_login(organiser)

    form = client.get(reverse("portal:cohort_create")).context["form"]

    assert [label for _value, label in form.fields["programme"].choices] == [
        "Inovasi Pelayanan Publik",
        "Latsar CPNS",
        "PKP",
        "PKA",
        "PKN Tingkat II",
    ]


def test_a_cohort_made_without_naming_a_programme_runs_the_2017_flow(db):
    cohort = CohortFactory()

    assert cohort.programme.code == "inovasi"
    assert cohort.programme_spec.completion == "milestones"
    assert [stage.sign_off.kind for stage in cohort.programme_spec.stages] == ["agreement"]


def test_the_programme_cannot_change_once_work_has_started(client, cohort, staff_user):
    ActionPlanFactory(participant__cohort=cohort)
    client.force_login(staff_user)
    pkp = Programme.objects.get(code="pkp")
    data = cohort_data(
        organisation=cohort.organisation_id, programme=pkp.pk, slug=cohort.slug, name=cohort.name, region=""
    )

    response = client.post(reverse("portal:cohort_edit", args=[cohort.slug]), data)

    cohort.refresh_from_db()
    assert response.context["form"].errors["programme"] == [
        "Work has started in this cohort, so its programme can no longer change."
    ]
    assert cohort.programme.code == "inovasi"


# The coach: a membership and a role on the registry. -----------------------------------------------------------


@pytest.fixture
def coached(db):
    participant = ParticipantFactory(with_coach=True, coach__user__full_name="Dr. Wahyu Widyaiswara, M.Si")
    return ActionPlanFactory(participant=participant)


def test_a_coach_sees_the_work_of_their_coachees_and_no_one_elses(coached):
    other = ActionPlanFactory(participant__cohort=coached.participant.cohort)
    coach = coached.participant.coach.user

    assert list(ActionPlan.objects.visible_to(coach)) == [coached]
    assert (coached.held_by(coach, "coach"), other.held_by(coach, "coach")) == (True, False)


def test_a_coach_opens_their_coachees_plan_and_gets_a_404_for_anothers(client, coached):
    other = ActionPlanFactory(participant__cohort=coached.participant.cohort)
    client.force_login(coached.participant.coach.user)

    assert client.get(coached.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404


def test_the_menu_knows_a_coach_and_the_home_page_lists_their_coachees(client, coached):
    coach = coached.participant.coach.user
    client.force_login(coach)

    response = client.get(reverse("portal:home"))

    assert Roles.of(coach).coach is True
    assert response.context["sections"] == ["portal/_home_coach.html"]
    assert [c.user.full_name for c in response.context["coachees"]] == [coached.participant.user.full_name]
    assert coached.get_absolute_url() in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_the_coachs_home_page_query_count_does_not_grow(db, client, count, django_assert_num_queries):
    first = ParticipantFactory(with_coach=True)
    for _ in range(count - 1):
        ActionPlanFactory(participant=ParticipantFactory(cohort=first.cohort, coach=first.coach))
    ActionPlanFactory(participant=first)
    client.force_login(first.coach.user)

    # Session, user, the menu, the coachees, their plans, and what waits for the coach: plans to review, sheets to
    # sign, consultations to confirm, reports to review.
    with django_assert_num_queries(9):
        response = client.get(reverse("portal:home"))

    assert len(response.context["coachees"]) == count


# Who approves the design is the programme's to say. ------------------------------------------------------------


def latsar_plan(state=ActionPlan.State.SUBMITTED) -> ActionPlan:
    latsar = Programme.objects.get(code="latsar-cpns")
    cohort = CohortFactory(programme=latsar, spec=latsar.spec)
    return ActionPlanFactory.create(participant=ParticipantFactory(cohort=cohort, with_coach=True), state=state)


def test_in_latsar_the_coach_approves_the_design_and_the_mentor_does_not(db):
    plan = latsar_plan()
    coach, mentor = plan.participant.coach.user, plan.participant.mentor.user

    assert (plan.held_by(coach, "design_approver"), plan.held_by(mentor, "design_approver")) == (True, False)
    assert list(ActionPlan.objects.held_as("design_approver", coach)) == [plan]
    assert list(ActionPlan.objects.held_as("design_approver", mentor)) == []
    assert sorted(workflow.allowed_moves(plan, coach)) == ["approve", "return"]
    assert workflow.allowed_moves(plan, mentor) == {}


def test_in_the_2017_flow_the_mentor_approves_the_design(db):
    plan = ActionPlanFactory(state=ActionPlan.State.SUBMITTED)
    mentor = plan.participant.mentor.user

    assert list(ActionPlan.objects.held_as("design_approver", mentor)) == [plan]
    assert sorted(workflow.allowed_moves(plan, mentor)) == ["approve", "return"]


def test_the_coach_reviews_the_latsar_plan_and_the_mentor_gets_a_404(client, db):
    plan = latsar_plan()
    client.force_login(plan.participant.mentor.user)
    refused = client.get(reverse("innovations:review", args=[plan.pk])).status_code
    client.force_login(plan.participant.coach.user)

    response = client.post(reverse("innovations:approve", args=[plan.pk]), {"note": "Lanjutkan"})

    plan.refresh_from_db()
    assert (refused, response.status_code, plan.state) == (404, 302, ActionPlan.State.APPROVED)


def test_a_stages_seminar_results_are_read_by_stage(cohort):
    before = stage_results(cohort, "design")
    plan, _examiner = examined_plan(cohort)

    assert before == {}
    assert stage_results(cohort, "design") == {plan.participant_id: Decimal("85.00")}
    assert stage_results(cohort, "report") == {}
