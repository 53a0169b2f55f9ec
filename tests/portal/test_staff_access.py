"""Every staff page of a cohort: anonymous people sign in first, everyone but the cohort's staff gets a 404."""

import pytest
from django.urls import reverse
from freezegun import freeze_time

from seminars import agreements
from tests.factories import (
    CohortFactory,
    ExaminerFactory,
    MentorFactory,
    ParticipantFactory,
    UserFactory,
    examined_plan,
)

TOKEN = "0" * 32


def staff_urls(cohort, participant, examiner):
    slug = cohort.slug
    return [
        ("get", reverse("portal:cohort_detail", args=[slug])),
        ("get", reverse("portal:cohort_edit", args=[slug])),
        ("get", reverse("portal:participant_list", args=[slug])),
        ("get", reverse("portal:audit", args=[slug])),
        ("get", reverse("portal:participant_list", args=[slug]) + "?format=xlsx"),
        ("get", reverse("portal:participant_mentor", args=[slug, participant.pk])),
        ("get", reverse("portal:mentor_list", args=[slug])),
        ("get", reverse("portal:mentor_create", args=[slug])),
        ("get", reverse("portal:examiner_list", args=[slug])),
        ("get", reverse("portal:examiner_create", args=[slug])),
        ("post", reverse("portal:examiner_remove", args=[slug, examiner.pk])),
        ("post", reverse("portal:invite", args=[slug, participant.user.pk])),
        ("post", reverse("portal:invite_pending", args=[slug])),
        ("get", reverse("participants:roster_upload", args=[slug])),
        ("get", reverse("participants:roster_preview", args=[slug, TOKEN])),
        ("post", reverse("participants:roster_confirm", args=[slug, TOKEN])),
    ]


@pytest.fixture
def cast(cohort, staff_user):
    participant = ParticipantFactory(cohort=cohort)
    examiner = ExaminerFactory(cohort=cohort)
    other_staff = UserFactory(is_staff=True)
    CohortFactory().organisation.staff_members.add(other_staff)
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
        assert response.url.startswith(reverse("participants:login")), url


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

    assert client.get(reverse("portal:cohort_create")).status_code == 404
    assert client.get(reverse("portal:cohort_list")).status_code == 404


def test_import_with_a_malformed_token_is_404(client, cohort, staff_user):
    client.force_login(staff_user)

    assert client.get(reverse("participants:roster_preview", args=[cohort.slug, "..%2F..%2Fetc"])).status_code == 404


def test_audit_trail_lists_transitions_score_events_and_signatures(client, cohort, staff_user):

    plan, examiner = examined_plan(cohort)
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
    with freeze_time("2030-01-02 03:04:05"):
        agreements.sign(
            agreement, by=plan.participant.user, password="correct horse battery", ip_address="10.1.1.1", user_agent="x"
        )
    client.force_login(staff_user)

    response = client.get(reverse("portal:audit", args=[cohort.slug]))

    rows = response.context["rows"]
    assert (rows[0]["what"], rows[0]["move"]) == ("Agreement signed", "Ready to sign → Being signed")
    # The time the password was typed, in Jakarta's time.
    assert rows[0]["details"] == "as: Participant; address: 10.1.1.1; password confirmed at: 2 Jan 2030 10:04:05"
    assert ("Plan examined", "Approved → Examined") in [(row["what"], row["move"]) for row in rows]
    sheets = [row for row in rows if row["what"] == "Score sheet submitted"]
    # What each submission gave, for later changes.
    assert sorted(row["details"] for row in sheets) == sorted(f"total: {s.total}" for s in plan.score_sheets.all())
    client.force_login(plan.participant.user)
    assert client.get(reverse("portal:audit", args=[cohort.slug])).status_code == 404
