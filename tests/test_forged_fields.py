"""Hidden fields nobody typed (a row's id, the plan it belongs to, a version) that were forged or are out of date
get one clear message, and nothing is written."""

import pytest
from django.urls import reverse

from innovations.models import Cluster, Milestone
from seminars.models import Criterion, Room
from seminars.scoring import ensure_rubric
from tests.factories import ClusterFactory, CohortFactory, SeminarFactory, complete_plan
from tests.innovations.test_plan_views import edit_data
from tests.seminars.test_races import rubric_form, scheduled_plan, scores, setup_form

TAMPERED = "This form was changed outside its page or is out of date"


@pytest.fixture
def plan(cohort):
    return complete_plan(participant__cohort=cohort)


@pytest.mark.parametrize("field", ["milestones-0-id", "milestones-0-plan"])
def test_a_plan_form_naming_another_plan_s_row_is_refused_with_a_message(client, plan, field):
    other = complete_plan(participant__cohort=plan.participant.cohort)
    client.force_login(plan.participant.user)
    forged = other.milestones.get().pk if field.endswith("id") else other.pk

    response = client.post(
        reverse("innovations:edit", args=[plan.pk]), edit_data(plan, **{field: forged, "milestones-0-deliverable": "X"})
    )

    assert response.status_code == 200
    assert TAMPERED in response.content.decode()
    assert set(Milestone.objects.values_list("deliverable", flat=True)) == {"SK tim"}


@pytest.mark.parametrize("field", ["milestones-0-id", "milestones-0-plan"])
def test_a_plan_autosave_naming_another_plan_s_row_writes_nothing_at_all(client, plan, field):
    other = complete_plan(participant__cohort=plan.participant.cohort)
    client.force_login(plan.participant.user)
    forged = other.milestones.get().pk if field.endswith("id") else other.pk
    before = (plan.background, plan.version)

    response = client.post(
        reverse("innovations:autosave", args=[plan.pk]),
        edit_data(plan, **{field: forged, "milestones-0-deliverable": "X", "background": "Ditulis ulang"}),
    )

    plan.refresh_from_db()
    assert (response.status_code, (plan.background, plan.version)) == (422, before)
    assert TAMPERED in response.content.decode()
    assert set(Milestone.objects.values_list("deliverable", flat=True)) == {"SK tim"}


@pytest.mark.parametrize("version", ["", "tiga", "-1"])
def test_a_plan_autosave_with_a_forged_version_is_refused_with_a_message(client, plan, version):
    client.force_login(plan.participant.user)

    response = client.post(reverse("innovations:autosave", args=[plan.pk]), edit_data(plan, version=version))

    assert response.status_code == 422
    assert TAMPERED in response.content.decode()


def test_a_plan_saved_with_an_old_version_gets_the_conflict_screen(client, plan):
    client.force_login(plan.participant.user)
    client.post(reverse("innovations:autosave", args=[plan.pk]), edit_data(plan, background="Baru"))

    response = client.post(reverse("innovations:edit", args=[plan.pk]), edit_data(plan, version=1, background="Lama"))

    assert response.status_code == 409
    assert "saved from another tab or device" in response.content.decode()


def test_a_score_sheet_with_a_forged_version_is_refused_with_a_message(client, cohort):
    plan, examiner = scheduled_plan(cohort)
    client.force_login(examiner.user)

    response = client.post(
        reverse("seminars:score", args=[cohort.slug, plan.pk]), scores(ensure_rubric(cohort), 80, version="x")
    )

    assert TAMPERED in response.content.decode()
    assert not plan.score_sheets.filter(scores__isnull=False).exists()


def test_a_rubric_naming_another_cohort_s_criterion_is_refused_with_a_message(client, cohort, staff_user):
    rubric, other = ensure_rubric(cohort), ensure_rubric(CohortFactory())
    client.force_login(staff_user)
    data = rubric_form(rubric, rename="Dipalsukan") | {"criteria-7-id": other.criteria.last().pk}

    response = client.post(reverse("seminars:rubric", args=[cohort.slug]), data)

    assert TAMPERED in response.content.decode()
    assert not Criterion.objects.filter(name="Dipalsukan").exists()


def test_a_set_up_naming_another_seminar_s_room_is_refused_with_a_message(client, staff_user):
    seminar = SeminarFactory()
    seminar.cohort.organisation.staff_members.add(staff_user)
    Room.objects.create(seminar=seminar, name="Ruang 1")
    stranger = Room.objects.create(seminar=SeminarFactory(), name="Ruang lain")
    client.force_login(staff_user)
    data = setup_form(seminar, venue="Dipalsukan") | {"rooms-0-id": stranger.pk}

    response = client.post(reverse("seminars:setup", args=[seminar.cohort.slug]), data)

    assert TAMPERED in response.content.decode()
    seminar.refresh_from_db()
    stranger.refresh_from_db()
    assert (seminar.venue, stranger.name) != ("Dipalsukan", "Ruang 1")


def test_a_set_up_with_a_forged_version_is_refused_with_a_message(client, staff_user):
    seminar = SeminarFactory()
    seminar.cohort.organisation.staff_members.add(staff_user)
    client.force_login(staff_user)

    response = client.post(
        reverse("seminars:setup", args=[seminar.cohort.slug]), setup_form(seminar, venue="X") | {"version": "x"}
    )

    assert TAMPERED in response.content.decode()


def test_cohort_clusters_naming_another_cohort_s_cluster_are_refused_with_a_message(client, cohort, staff_user):
    own, stranger = ClusterFactory(cohort=cohort, name="Kearsipan"), ClusterFactory(name="Milik lain")
    client.force_login(staff_user)
    page = client.get(reverse("portal:cohort_edit", args=[cohort.slug]))
    data = {
        **{key: value for key, value in page.context["form"].initial.items() if value is not None},
        "clusters-TOTAL_FORMS": 1,
        "clusters-INITIAL_FORMS": 1,
        "clusters-MIN_NUM_FORMS": 0,
        "clusters-MAX_NUM_FORMS": 1000,
        "clusters-0-id": stranger.pk,
        "clusters-0-name": "Dicuri",
        "clusters-0-order": 1,
    }

    response = client.post(reverse("portal:cohort_edit", args=[cohort.slug]), data)

    assert TAMPERED in response.content.decode()
    assert set(Cluster.objects.values_list("name", flat=True)) == {own.name, stranger.name}
