"""The roster's COACH / NIP COACH column (issue 24): a NIP of one of the cohort's coaches makes them the
participant's coach; a NIP no coach of the cohort has is the row's error; an empty cell keeps the coach."""

import pytest
from django.test import TestCase

from participants.coaching import set_coach
from participants.importer import import_roster, read_roster
from participants.models import AuditEvent, Notification, Participant
from programmes.models import Programme
from tests.factories import CoachFactory, CohortFactory, KecamatanFactory, ParticipantFactory
from tests.participants.roster_files import HEADER, person, roster, xlsx

RINA = "197502042000062002"
BONAR = "198103152006041003"
WAHYU = "197001011995031001"
COACH_HEADER = [*HEADER, "NIP COACH"]


@pytest.fixture
def latsar(staff_user):
    KecamatanFactory(name="Medan Baru")
    programme = Programme.objects.get(code="latsar-cpns")
    cohort = CohortFactory(programme=programme, spec=programme.spec)
    cohort.organisation.staff_members.add(staff_user)
    return cohort


def with_coach(row, nip):
    return [*row, nip]


def test_a_coachs_nip_makes_them_the_new_participants_coach(latsar):
    coach = CoachFactory(cohort=latsar, user__nip=WAHYU)
    data = xlsx(roster(with_coach(person(1, "Rina", RINA), "19700101 199503 1 001"), header=COACH_HEADER))

    import_roster(latsar, data)

    assert Participant.objects.get(user__nip=RINA).coach == coach


def test_a_nip_no_coach_of_the_cohort_has_is_the_rows_error(latsar):
    CoachFactory(user__nip=WAHYU)  # a coach of another cohort
    data = xlsx(
        roster(
            with_coach(person(1, "Rina", RINA), WAHYU),
            with_coach(person(2, "Bonar", BONAR), "1234"),
            header=COACH_HEADER,
        )
    )

    preview = read_roster(latsar, data)

    assert {row.line: row.errors for row in preview.rows} == {
        5: [
            "No coach of this cohort has the NIP 19700101 199503 1 001 (NIP COACH): add the coach on the cohort's "
            "Coaches page, or import the coaches, then import the roster again."
        ],
        6: ["The coach's NIP (NIP COACH) “1234”: A NIP has 18 digits; this one has 4."],
    }


def test_a_new_coach_in_the_file_is_shown_recorded_and_told(latsar, staff_user):
    before, after = (
        CoachFactory(cohort=latsar, user__full_name="Dr. Ani"),
        CoachFactory(cohort=latsar, user__nip=WAHYU, user__full_name="Dr. Wahyu"),
    )
    rina = ParticipantFactory(cohort=latsar, user__nip=RINA, user__full_name="Rina", coach=before)
    data = xlsx(roster(with_coach(person(1, "Rina", RINA), WAHYU), header=COACH_HEADER))

    with TestCase.captureOnCommitCallbacks(execute=True):
        preview = import_roster(latsar, data, by=staff_user)

    assert [(c.field, c.old, c.new) for c in preview.rows[0].changes if c.field == "coach"] == [
        ("coach", "Dr. Ani", "Dr. Wahyu")
    ]
    rina.refresh_from_db()
    assert rina.coach == after
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.COACH_CHANGE)
    assert event.data == {"from": "Dr. Ani", "to": "Dr. Wahyu", "why": "import"}
    told = [n.texts["en"] for n in Notification.objects.filter(user=rina.user)]
    assert [text for text in told if "coach" in text] == ["Your coach is now Dr. Wahyu."]


def test_an_empty_coach_cell_keeps_the_coach_chosen_by_hand(latsar):
    rina = ParticipantFactory(cohort=latsar, user__nip=RINA, with_coach=True)
    chosen = rina.coach
    data = xlsx(roster(with_coach(person(1, "Rina", RINA), ""), header=COACH_HEADER))

    preview = import_roster(latsar, data)

    rina.refresh_from_db()
    assert rina.coach == chosen
    assert [c.field for c in preview.rows[0].changes if c.field == "coach"] == []


def test_the_coach_column_is_not_read_where_the_programme_has_no_coaches(cohort):
    KecamatanFactory(name="Medan Baru")
    data = xlsx(roster(with_coach(person(1, "Rina", RINA), "1234"), header=COACH_HEADER))

    preview = import_roster(cohort, data)

    assert [row.status for row in preview.rows] == ["new"]
    assert Participant.objects.get(user__nip=RINA).coach is None


def chosen_by_hand(latsar, staff_user):
    """Rina, whose coach Dr. Ani staff chose on her page; Dr. Wahyu is another coach of the cohort."""
    ani = CoachFactory(cohort=latsar, user__full_name="Dr. Ani")
    wahyu = CoachFactory(cohort=latsar, user__nip=WAHYU, user__full_name="Dr. Wahyu")
    rina = ParticipantFactory(cohort=latsar, user__nip=RINA, user__full_name="Rina")
    set_coach(rina, coach=ani, by=staff_user)
    return rina, ani, wahyu


def test_a_roster_naming_another_coach_keeps_the_one_chosen_by_hand_and_says_so(latsar, staff_user):
    rina, ani, _wahyu = chosen_by_hand(latsar, staff_user)
    data = xlsx(roster(with_coach(person(1, "Rina", RINA), WAHYU), header=COACH_HEADER))

    preview = import_roster(latsar, data, by=staff_user)

    assert [d.message for d in preview.rows[0].decisions] == [
        "Staff chose Dr. Ani as coach by hand; the file names Dr. Wahyu."
    ]
    rina.refresh_from_db()
    assert (rina.coach, rina.coach_assigned_by_staff) == (ani, True)
    assert AuditEvent.objects.get(verb=AuditEvent.Verb.ROSTER_IMPORT).data["kept"] == 1


def test_staff_may_choose_the_files_coach_over_their_own(latsar, staff_user):
    rina, _ani, wahyu = chosen_by_hand(latsar, staff_user)
    data = xlsx(roster(with_coach(person(1, "Rina", RINA), WAHYU), header=COACH_HEADER))

    import_roster(latsar, data, by=staff_user, undo={RINA})

    rina.refresh_from_db()
    assert (rina.coach, rina.coach_assigned_by_staff) == (wahyu, False)
