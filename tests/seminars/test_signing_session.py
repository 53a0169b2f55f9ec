"""A password typed to sign stands, in the same session and for PASSWORD_CONFIRMED_FOR, for the next signatures."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from participants.audit import events_of
from seminars import agreements
from seminars.models import Signature
from tests.factories import PASSWORD, examined_plan


@pytest.fixture
def two_mentees(cohort):
    """Two examined plans with their agreements ready, both mentored by one person."""
    first, _ = examined_plan(cohort)
    second, _ = examined_plan(cohort)
    second.participant.mentor = first.participant.mentor
    second.participant.save(update_fields=["mentor"])
    for plan in (first, second):
        agreements.prepare_agreement(plan, by=plan.participant.user)
    return first, second, first.participant.mentor.user


def sign(client, plan, password=""):
    return client.post(reverse("seminars:agreement_sign", args=[plan.pk]), {"password": password}, follow=True)


def signers(plan) -> list:
    return [signature.user for signature in Signature.objects.filter(agreement__plan=plan, agreement__stage="design")]


def test_a_second_signature_in_the_same_session_is_a_click_that_names_the_document(client, two_mentees):
    first, second, mentor = two_mentees
    client.force_login(mentor)
    sign(client, first, PASSWORD)

    page = client.get(reverse("seminars:agreement", args=[second.pk])).content.decode()
    response = sign(client, second)

    assert f"Sign the agreement of “{second.title}”" in page
    assert 'type="password"' not in page
    assert "You have signed the agreement." in response.content.decode()
    assert (signers(first), signers(second)) == ([mentor], [mentor])
    [typed], [clicked] = (
        [
            event.data["password_confirmed_at"]
            for event in events_of(agreements.sheet_of(plan))
            if event.verb == "agreement.sign"
        ]
        for plan in (first, second)
    )
    assert clicked == typed


def test_the_password_is_asked_again_once_the_window_has_passed(client, two_mentees, settings):
    first, second, mentor = two_mentees
    client.force_login(mentor)
    with freeze_time("2026-12-07 10:00") as clock:
        sign(client, first, PASSWORD)
        clock.tick(settings.PASSWORD_CONFIRMED_FOR + datetime.timedelta(seconds=1))

        page = client.get(reverse("seminars:agreement", args=[second.pk])).content.decode()
        response = sign(client, second)

    assert 'type="password"' in page
    assert "Enter your password." in response.content.decode()
    assert signers(second) == []


def test_another_session_of_the_same_person_types_the_password(client, two_mentees):
    first, second, mentor = two_mentees
    client.force_login(mentor)
    sign(client, first, PASSWORD)
    other = Client()
    other.force_login(mentor)

    response = sign(other, second)

    assert "Enter your password." in response.content.decode()
    assert signers(second) == []


def test_changing_the_password_ends_the_confirmation(client, two_mentees):
    first, second, mentor = two_mentees
    client.force_login(mentor)
    sign(client, first, PASSWORD)
    client.post(
        reverse("participants:password_change"),
        {"old_password": PASSWORD, "new_password1": "kata-sandi-baru-2026", "new_password2": "kata-sandi-baru-2026"},
    )

    response = sign(client, second)

    assert "Enter your password." in response.content.decode()
    assert signers(second) == []


def test_signing_out_ends_the_confirmation(client, two_mentees):
    first, second, mentor = two_mentees
    client.force_login(mentor)
    sign(client, first, PASSWORD)
    client.post(reverse("participants:logout"))
    client.force_login(mentor)

    response = sign(client, second)

    assert "Enter your password." in response.content.decode()
    assert signers(second) == []


def test_a_wrong_password_typed_within_the_window_is_still_refused_and_counted(client, two_mentees):
    first, second, mentor = two_mentees
    client.force_login(mentor)
    sign(client, first, PASSWORD)
    for _ in range(5):
        wrong = sign(client, second, "salah")
        assert "The password is not correct. The agreement is not signed." in wrong.content.decode()

    response = sign(client, second, PASSWORD)

    assert "wrong too many times. Wait 15 minutes" in response.content.decode()
    assert signers(second) == []
