"""Every staff page of a cohort: anonymous people sign in first, everyone but the cohort's staff gets a 404."""

import pytest
from django.urls import reverse

from tests.factories import CohortFactory, ExaminerFactory, MentorFactory, ParticipantFactory, UserFactory

TOKEN = "0" * 32


def staff_urls(cohort, participant, examiner):
    slug = cohort.slug
    return [
        ("get", reverse("cohort_detail", args=[slug])),
        ("get", reverse("cohort_edit", args=[slug])),
        ("get", reverse("participant_list", args=[slug])),
        ("get", reverse("audit", args=[slug])),
        ("get", reverse("participant_list", args=[slug]) + "?format=xlsx"),
        ("get", reverse("participant_mentor", args=[slug, participant.pk])),
        ("get", reverse("mentor_list", args=[slug])),
        ("get", reverse("mentor_create", args=[slug])),
        ("get", reverse("examiner_list", args=[slug])),
        ("get", reverse("examiner_create", args=[slug])),
        ("post", reverse("examiner_remove", args=[slug, examiner.pk])),
        ("post", reverse("invite", args=[slug, participant.user.pk])),
        ("post", reverse("invite_pending", args=[slug])),
        ("get", reverse("roster_upload", args=[slug])),
        ("get", reverse("roster_preview", args=[slug, TOKEN])),
        ("post", reverse("roster_confirm", args=[slug, TOKEN])),
    ]


@pytest.fixture
def cast(cohort, staff_user):
    participant = ParticipantFactory(cohort=cohort)
    examiner = ExaminerFactory(cohort=cohort)
    other_staff = UserFactory(is_staff=True)
    CohortFactory().staff_members.add(other_staff)
    return {
        "participant": participant,
        "examiner": examiner,
        "outsiders": {
            "participant": participant.user,
            "mentor": participant.mentor.user,
            "examiner": examiner.user,
            "staff of another cohort": other_staff,
            "person without a role": UserFactory(),
        },
        "urls": staff_urls(cohort, participant, examiner),
    }


def test_staff_pages_send_anonymous_people_to_sign_in(client, cast):
    for method, url in cast["urls"]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_staff_pages_are_404_for_everyone_outside_the_cohorts_staff(client, cast):
    for role, user in cast["outsiders"].items():
        client.force_login(user)
        for method, url in cast["urls"]:
            assert getattr(client, method)(url).status_code == 404, (role, url)


def test_staff_pages_open_for_the_cohorts_staff(client, cast, staff_user):
    client.force_login(staff_user)
    for method, url in cast["urls"]:
        if method == "get" and "/import/0000" not in url:
            assert client.get(url).status_code == 200, url


def test_staff_actions_refuse_get(client, cast, staff_user):
    client.force_login(staff_user)
    for method, url in cast["urls"]:
        if method == "post":
            assert client.get(url).status_code == 405, url


def test_cohort_creation_is_for_organiser_staff_only(client, db):
    client.force_login(MentorFactory().user)

    assert client.get(reverse("cohort_create")).status_code == 404
    assert client.get(reverse("cohort_list")).status_code == 404


def test_import_with_a_malformed_token_is_404(client, cohort, staff_user):
    client.force_login(staff_user)

    assert client.get(reverse("roster_preview", args=[cohort.slug, "..%2F..%2Fetc"])).status_code == 404


def test_audit_trail_lists_transitions_score_events_and_signatures(client, cohort, staff_user):
    from seminars import agreements
    from tests.seminars.test_agreements import examined_plan

    plan, examiner = examined_plan(cohort)
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
    agreements.sign(
        agreement, by=plan.participant.user, password="correct horse battery", ip_address="10.1.1.1", user_agent="x"
    )
    client.force_login(staff_user)

    response = client.get(reverse("audit", args=[cohort.slug]))

    whats = [entry[3] for entry in response.context["page"]]
    assert whats[0] == "Signed the agreement as participant"
    assert "Score sheet submitted" in whats
    assert "Approved → Examined" in whats
    notes = [entry[4] for entry in response.context["page"]]
    assert f"Total {plan.score_sheets.first().total}" in notes  # what the submission gave, for later changes
    client.force_login(plan.participant.user)
    assert client.get(reverse("audit", args=[cohort.slug])).status_code == 404
