"""Text and ids read straight from a request never reach the database raw: a NUL byte (which PostgreSQL refuses
in text) or a word where an id belongs answers a page, never a 500."""

import pytest
from django.urls import reverse

from innovations import workflow
from participants.models import AuditEvent
from seminars.models import Slot
from seminars.services import schedule_seminar
from tests.factories import ActionPlanFactory, PanelFactory, SeminarFactory, complete_plan

NUL = "Catatan\x00 mentor"


@pytest.fixture
def submitted(cohort):
    plan = complete_plan(participant__cohort=cohort)
    workflow.submit_plan(plan, by=plan.participant.user)
    return plan


def test_approving_with_a_nul_in_the_note_keeps_the_note_without_it(client, submitted):
    client.force_login(submitted.participant.mentor.user)

    response = client.post(reverse("innovations:approve", args=[submitted.pk]), {"note": NUL})

    assert response.status_code == 302
    assert AuditEvent.objects.get(verb="plan.approve").note == "Catatan mentor"


def test_withdrawing_with_a_nul_in_the_reason_keeps_the_reason_without_it(client, submitted):
    client.force_login(submitted.participant.user)

    response = client.post(reverse("innovations:withdraw", args=[submitted.pk]), {"note": NUL})

    assert response.status_code == 302
    assert AuditEvent.objects.get(verb="plan.withdraw").note == "Catatan mentor"


def test_swapping_with_a_word_for_the_other_exposé_says_choose_another(client, cohort, staff_user):
    seminar = SeminarFactory(cohort=cohort)
    PanelFactory(room__seminar=seminar)
    ActionPlanFactory(participant__cohort=cohort, state="approved")
    schedule_seminar(seminar, by=None)
    client.force_login(staff_user)

    response = client.post(
        reverse("seminars:slot_swap", args=[cohort.slug]),
        {"slot": Slot.objects.get().pk, "other": "\x00abc"},
        follow=True,
    )

    assert response.status_code == 200
    assert "Choose another exposé of this seminar to swap with." in response.content.decode()


def test_signing_in_with_a_nul_in_the_name_is_refused_as_a_wrong_sign_in(client, db):
    response = client.post(reverse("participants:login"), {"username": "rina\x00@example.org", "password": "x"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
