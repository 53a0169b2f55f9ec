"""A cohort's people changed by two organisers at once (issue 16), on PostgreSQL: each check sits inside the row
lock, so of two withdrawals, two edits from the same copy, or a withdrawal and a replacement of the Camat, the
outcome is what one of them alone would leave."""

from functools import partial

import pytest
from django.urls import reverse

from innovations.models import ActionPlan
from participants.models import AuditEvent, Mentor, Participant
from tests.factories import ActionPlanFactory, CohortFactory, MentorFactory, ParticipantFactory
from tests.portal.test_person_pages import edit_data
from tests.races import at_once, require_postgresql
from tests.seminars.test_races import staff_of

pytestmark = pytest.mark.django_db(transaction=True)
PAIRS = 20


def events(cohort, verb) -> int:
    return AuditEvent.objects.filter(cohort=cohort, verb=verb).count()


def test_two_organisers_withdrawing_one_participant_at_once_withdraw_them_once():
    require_postgresql()
    cohort = CohortFactory()
    first, second = staff_of(cohort)
    for _ in range(PAIRS):
        plan = ActionPlanFactory(participant__cohort=cohort, state=ActionPlan.State.APPROVED)
        url = reverse("portal:participant_withdraw", args=[cohort.slug, plan.participant.pk])

        at_once(partial(first.post, url, {"reason": "Pindah tugas"}), partial(second.post, url, {"reason": "Sakit"}))

        plan.refresh_from_db()
        participant = Participant.objects.get(pk=plan.participant.pk)
        assert (plan.state, participant.withdrawal_reason in {"Pindah tugas", "Sakit"}) == ("withdrawn", True)
    assert (events(cohort, "participant.withdraw"), events(cohort, "plan.withdraw")) == (PAIRS, PAIRS)


def test_two_tabs_saving_one_participant_at_once_have_exactly_one_winner():
    require_postgresql()
    cohort = CohortFactory()
    first, second = staff_of(cohort)
    for _ in range(PAIRS):
        participant = ParticipantFactory(cohort=cohort, position="Lurah")
        url = reverse("portal:participant_edit", args=[cohort.slug, participant.pk])
        opened = participant.version

        answers = at_once(
            partial(first.post, url, edit_data(participant, position="Sekretaris Lurah")),
            partial(second.post, url, edit_data(participant, position="Kepala Seksi")),
        )

        participant.refresh_from_db()
        assert sorted(answer.status_code for answer in answers) == [302, 409]
        assert (participant.position in {"Sekretaris Lurah", "Kepala Seksi"}, participant.version) == (True, opened + 1)
    assert events(cohort, "participant.edit") == PAIRS


def test_replacing_a_camat_while_his_mentee_is_edited_leaves_the_mentee_with_the_new_camat():
    require_postgresql()
    cohort = CohortFactory()
    first, second = staff_of(cohort)
    for number in range(PAIRS):
        old = MentorFactory(cohort=cohort)
        mentee = ParticipantFactory(cohort=cohort, kecamatan=old.kecamatan, mentor=old, position="Lurah")
        replace = reverse("portal:mentor_replace", args=[cohort.slug, old.pk])
        edit = reverse("portal:participant_edit", args=[cohort.slug, mentee.pk])
        successor = {
            "full_name": f"Camat Baru {number}",
            "nip": f"19700101199503{2001 + number:04d}",
            "email": f"camat{number}@example.org",
            "position": "Camat",
            "grade": "IV/a",
        }

        at_once(
            partial(first.post, replace, successor),
            partial(second.post, edit, edit_data(mentee, position="Sekretaris Lurah")),
        )

        mentee.refresh_from_db()
        assert (mentee.mentor.user.full_name, mentee.position) == (f"Camat Baru {number}", "Sekretaris Lurah")
        assert Mentor.objects.filter(pk=old.pk).exists() is False


# A mentor removed or replaced while another request waits for the same row (issue 28, item 3) ----------------------


def successor_data(number: int) -> dict:
    return {
        "full_name": f"Camat Pengganti {number}",
        "nip": f"19710101199603{1001 + number:04d}",
        "email": f"pengganti{number}@example.org",
        "position": "Camat",
        "grade": "IV/a",
    }


def answers_of(results) -> list:
    """Each answer's status and where it leads; a request that crashed shows as the exception it raised."""
    return [
        (result.status_code, result.get("Location")) if hasattr(result, "status_code") else repr(result)
        for result in results
    ]


def test_two_organisers_replacing_one_mentor_at_once_replace_them_once_and_the_other_is_told():
    require_postgresql()
    cohort = CohortFactory()
    first, second = staff_of(cohort)
    for number in range(PAIRS):
        old = MentorFactory(cohort=cohort)
        ParticipantFactory(cohort=cohort, kecamatan=old.kecamatan, mentor=old)
        url = reverse("portal:mentor_replace", args=[cohort.slug, old.pk])

        results = at_once(
            partial(first.post, url, successor_data(2 * number)),
            partial(second.post, url, successor_data(2 * number + 1)),
        )

        successor = Mentor.objects.get(cohort=cohort, kecamatan=old.kecamatan)
        assert sorted(answers_of(results)) == sorted(
            [
                (302, reverse("portal:mentor_detail", args=[cohort.slug, successor.pk])),
                (302, reverse("portal:mentor_list", args=[cohort.slug])),
            ]
        )
    assert events(cohort, "mentor.replace") == PAIRS


def test_a_double_click_on_remove_removes_the_mentor_once_and_tells_the_second_click():
    require_postgresql()
    cohort = CohortFactory()
    [client] = staff_of(cohort, 1)
    listed = reverse("portal:mentor_list", args=[cohort.slug])
    for _ in range(PAIRS):
        mentor = MentorFactory(cohort=cohort, kecamatan=None, position="Kepala Dinas")
        url = reverse("portal:mentor_remove", args=[cohort.slug, mentor.pk])

        results = at_once(partial(client.post, url), partial(client.post, url))

        assert answers_of(results) == [(302, listed), (302, listed)]
        assert Mentor.objects.filter(pk=mentor.pk).exists() is False
    assert events(cohort, "mentor.remove") == PAIRS


def test_removing_a_mentor_while_another_organiser_replaces_them_leaves_one_outcome_and_no_error():
    require_postgresql()
    cohort = CohortFactory()
    first, second = staff_of(cohort)
    for number in range(PAIRS):
        old = MentorFactory(cohort=cohort)
        mentee = ParticipantFactory(cohort=cohort, kecamatan=old.kecamatan, mentor=old, mentor_assigned_by_staff=True)
        Mentor.objects.filter(pk=old.pk).update(kecamatan=None)  # removable, and replaceable
        replace = reverse("portal:mentor_replace", args=[cohort.slug, old.pk])
        remove = reverse("portal:mentor_remove", args=[cohort.slug, old.pk])

        results = at_once(partial(first.post, replace, successor_data(number)), partial(second.post, remove))

        mentee.refresh_from_db()
        assert [answer[0] for answer in answers_of(results)] == [302, 302]
        assert Mentor.objects.filter(pk=old.pk).exists() is False
        replaced = Mentor.objects.filter(cohort=cohort, user__nip=successor_data(number)["nip"]).exists()
        assert (mentee.mentor is not None and mentee.mentor.user.nip) == (
            successor_data(number)["nip"] if replaced else False
        )


def test_editing_a_mentor_while_another_organiser_removes_them_tells_the_editor():
    require_postgresql()
    cohort = CohortFactory()
    first, second = staff_of(cohort)
    for _ in range(PAIRS):
        mentor = MentorFactory(cohort=cohort, kecamatan=None, position="Kepala Dinas")
        edit = reverse("portal:mentor_edit", args=[cohort.slug, mentor.pk])
        data = {"full_name": mentor.user.full_name, "nip": mentor.user.nip, "email": mentor.user.email, "phone": ""}
        data |= {"grade": "", "position": "Sekretaris Dinas", "kecamatan": "", "version": mentor.version}

        results = at_once(
            partial(first.post, edit, data),
            partial(second.post, reverse("portal:mentor_remove", args=[cohort.slug, mentor.pk])),
        )

        assert [answer[0] for answer in answers_of(results)] == [302, 302]
        assert Mentor.objects.filter(pk=mentor.pk).exists() is False
