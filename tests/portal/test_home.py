import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from innovations.models import Consultation, WorkReport
from participants.models import Notification
from participants.roles import Menu, Roles, menu_of
from tests.factories import (
    ActionPlanFactory,
    ClusterFactory,
    CohortFactory,
    ExaminerFactory,
    OrganisationFactory,
    ParticipantFactory,
    SeminarFactory,
    UserFactory,
)
from tests.innovations.test_programme_sections import latsar_cohort


@pytest.fixture
def plan(cohort):
    return ActionPlanFactory(participant__cohort=cohort, title="Pojok Layanan Satu Meja")


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    return response


def test_home_anonymous_sees_what_inovasi_is_and_the_sign_in(client, db):
    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    assert "portal/landing.html" in [t.name for t in response.templates]
    assert reverse("participants:login") in response.content.decode()


def test_home_staff_sees_counts_per_state_and_cluster(client, cohort, staff_user):
    cluster = ClusterFactory(cohort=cohort, name="Sistem Informasi")
    ActionPlanFactory.create_batch(2, participant__cohort=cohort, cluster=cluster)
    ActionPlanFactory(participant__cohort=cohort, cluster=cluster, state="submitted")

    response = home(client, staff_user)

    [overview] = response.context["overviews"]
    assert overview.plan_total == 3
    assert dict(overview.state_counts)["Draft"] == 2
    assert dict(overview.state_counts)["Submitted"] == 1
    [row] = [row for row in overview.cluster_rows if row.name == "Sistem Informasi"]
    assert (row.counts[:2], row.total) == ([2, 1], 3)


def test_home_staff_sees_only_the_cohorts_they_run(client, cohort, staff_user):
    CohortFactory(name="Angkatan lain")

    response = home(client, staff_user)

    assert [o.cohort for o in response.context["overviews"]] == [cohort]


def test_home_staff_sees_who_has_no_mentor(client, cohort, staff_user):
    ParticipantFactory(cohort=cohort, mentor=None)
    ParticipantFactory(cohort=cohort)

    response = home(client, staff_user)

    assert response.context["overviews"][0].cohort.unmentored_count == 1
    assert "1 without a mentor" in response.content.decode()


def test_home_participant_sees_their_plan_and_mentor(client, plan):
    response = home(client, plan.participant.user)

    [participation] = response.context["participations"]
    assert list(participation.plans.all()) == [plan]
    body = response.content.decode()
    assert "Pojok Layanan Satu Meja" in body
    assert plan.participant.mentor.user.full_name in body
    assert "overviews" not in response.context


def my_work_heading(response) -> str:
    found = re.search(r'<h2 id="my-plans-heading"[^>]*>([^<]*)</h2>', response.content.decode())
    assert found is not None
    return found.group(1)


def test_home_participant_heading_names_the_work_as_their_programme_does(client, plan):
    latsar = ParticipantFactory(cohort=latsar_cohort())
    in_both = ParticipantFactory(cohort=latsar_cohort(), user=plan.participant.user)

    headings = [my_work_heading(home(client, user)) for user in (latsar.user, in_both.user)]
    other = ParticipantFactory(cohort=plan.participant.cohort)

    assert headings + [my_work_heading(home(client, other.user))] == [
        "My rancangan aktualisasi",
        "My trainings",
        "My rencana aksi inovasi",
    ]


def test_home_participant_does_not_see_another_participants_plan(client, plan):
    other = ParticipantFactory(cohort=plan.participant.cohort)

    response = home(client, other.user)

    assert "Pojok Layanan Satu Meja" not in response.content.decode()


def test_home_mentor_sees_their_mentees_plans_only(client, plan):
    ActionPlanFactory(participant__cohort=plan.participant.cohort, title="Rencana orang lain")

    response = home(client, plan.participant.mentor.user)

    assert [m.pk for m in response.context["mentees"]] == [plan.participant.pk]
    assert "Rencana orang lain" not in response.content.decode()


def test_home_examiner_sees_their_seminar(client, cohort):
    examiner = ExaminerFactory(cohort=cohort)
    SeminarFactory(cohort=cohort, venue="Hotel Grand Kanaya, Medan")

    response = home(client, examiner.user)

    assert "Hotel Grand Kanaya, Medan" in response.content.decode()
    assert "overviews" not in response.context


def test_home_person_without_a_role_sees_no_cohort_data(client, plan):
    outsider = UserFactory()

    response = home(client, outsider)

    body = response.content.decode()
    assert "not part of any cohort" in body
    assert "Pojok Layanan Satu Meja" not in body


def test_home_menu_fits_the_role(client, plan):
    body = home(client, plan.participant.user).content.decode()

    assert "#my-plans" in body
    assert "#mentees" not in body
    assert reverse("admin:index") not in body


@pytest.mark.parametrize("count", [1, 3])
def test_home_staff_query_count_does_not_grow_with_plans(client, cohort, staff_user, count, django_assert_num_queries):
    ActionPlanFactory.create_batch(count, participant__cohort=cohort)
    SeminarFactory(cohort=cohort)
    client.force_login(staff_user)

    # session, user, the menu (roles and unread count), cohort count, the page
    # of cohorts, cohorts, clusters, seminars, plan counts; what waits: plans, sheets, agreements, milestones
    with django_assert_num_queries(13):
        client.get(reverse("portal:home"))


@pytest.mark.parametrize("count", [1, 3])
def test_home_mentor_query_count_does_not_grow_with_mentees(client, cohort, count, django_assert_num_queries):
    first = ActionPlanFactory(participant__cohort=cohort)
    mentor = first.participant.mentor
    ActionPlanFactory.create_batch(count - 1, participant__cohort=cohort, participant__mentor=mentor)
    client.force_login(mentor.user)

    # session, user, the menu (roles and unread count), the follow-ups to answer, mentees, their plans; the to-do:
    # plans to review, revisions, reports, agreements, innovation records and consultations to confirm, the report
    # stage's reports to review
    with django_assert_num_queries(13):
        client.get(reverse("portal:home"))


@pytest.mark.parametrize("count", [1, 3])
def test_home_coach_query_count_does_not_grow_with_coachees(client, cohort, count, django_assert_num_queries):
    first = ActionPlanFactory(participant__cohort=cohort, participant__with_coach=True)
    coach = first.participant.coach
    plans = [first, *ActionPlanFactory.create_batch(count - 1, participant__cohort=cohort, participant__coach=coach)]
    for plan in plans:
        Consultation.objects.create(
            plan=plan, consultant="coach", held_on=cohort.start_date, topic="Ruang lingkup", advice="Batasi."
        )
        WorkReport.objects.create(plan=plan, state=WorkReport.State.SUBMITTED)
    client.force_login(coach.user)

    # session, user, the menu (roles and unread count), coachees, their plans, the plans to review (where the coach
    # approves), the sheets to sign, the consultations to confirm, the reports to review
    with django_assert_num_queries(9):
        response = client.get(reverse("portal:home"))

    body = response.content.decode()
    assert (f"{count} consultation" in body, f"{count} report" in body) == (True, True)


def test_roles_are_read_in_one_query(db, django_assert_num_queries):

    participant = ParticipantFactory()
    examiner = ExaminerFactory(user=participant.mentor.user)  # a Camat may also examine another cohort

    with django_assert_num_queries(1):
        mentor_roles = Roles.of(examiner.user)

    medan = {
        "organisation": "BKDPSDM Kota Medan",
        "organisation_name": "Badan Kepegawaian Daerah dan Pengembangan Sumber Daya Manusia",
        "organisation_government": "Pemerintah Kota Medan",
    }
    assert mentor_roles == Roles(staff=False, participant=False, mentor=True, examiner=True, **medan)
    assert Roles.of(participant.user) == Roles(staff=False, participant=True, mentor=False, examiner=False, **medan)


def test_the_menu_reads_roles_organisation_and_unread_count_in_one_query(db, django_assert_num_queries):
    deli = OrganisationFactory(
        short_name="BKPSDM Kabupaten Deli Serdang", government="Pemerintah Kabupaten Deli Serdang"
    )
    clerk = UserFactory()
    deli.staff_members.add(clerk)
    # The clerk also takes part in a later cohort of another organisation: the menu names the one they are staff of.
    ParticipantFactory(
        user=clerk, cohort__start_date=datetime.date(2025, 1, 6), cohort__end_date=datetime.date(2025, 2, 6)
    )
    Notification.objects.create(user=clerk, message="a")
    Notification.objects.create(user=clerk, message="b", read_at=timezone.now())
    nobody = UserFactory(is_superuser=True)

    with django_assert_num_queries(1):
        menu = menu_of(clerk)
    with django_assert_num_queries(1):
        superuser = menu_of(nobody)

    assert menu == Menu(
        Roles(
            staff=True,
            participant=True,
            mentor=False,
            examiner=False,
            organisation="BKPSDM Kabupaten Deli Serdang",
            organisation_name=deli.name,
            organisation_government="Pemerintah Kabupaten Deli Serdang",
            staff_of=deli.pk,
        ),
        1,
    )
    assert superuser == Menu(Roles(staff=True, participant=False, mentor=False, examiner=False), 0)


def test_home_participant_without_work_is_offered_to_start_it_by_its_programmes_name(client, cohort):
    starters = [ParticipantFactory(cohort=latsar_cohort()), ParticipantFactory(cohort=cohort)]

    offers = [
        re.findall(r"You have not started your ([^<]*) yet\.|<button[^>]*>(Start my [^<]*)</button>", page)
        for page in (home(client, participant.user).content.decode() for participant in starters)
    ]

    assert offers == [
        [("rancangan aktualisasi", ""), ("", "Start my rancangan aktualisasi")],
        [("rencana aksi inovasi", ""), ("", "Start my rencana aksi inovasi")],
    ]


def test_home_participant_without_work_is_offered_it_in_indonesian(client, db):
    starter = ParticipantFactory(cohort=latsar_cohort())
    client.force_login(starter.user)

    page = client.get(reverse("portal:home"), headers={"accept-language": "id"}).content.decode()

    assert re.findall(r'<p class="h5 mb-1">(Mulai [^<]*)</p>|<p>(Anda belum memulai [^<]*)</p>', page) == [
        ("Mulai rancangan aktualisasi Anda", ""),
        ("", "Anda belum memulai rancangan aktualisasi Anda."),
    ]
    assert re.findall(r"<button[^>]*>(Mulai menyusun [^<]*)</button>", page) == [
        "Mulai menyusun rancangan aktualisasi saya"
    ]
