"""Each person's staff page: editing with the roster's rules, withdrawing and restoring a participant, replacing
and removing a mentor, editing an examiner (issue 16)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.editing import Gone
from innovations.models import ActionPlan
from participants.models import AuditEvent, Mentor, Notification, Participant
from portal import services
from seminars.models import Agreement, Slot
from seminars.services import seminar_times
from tests.factories import (
    ActionPlanFactory,
    CohortFactory,
    ExaminerFactory,
    KecamatanFactory,
    MentorFactory,
    PanelFactory,
    ParticipantFactory,
    SeminarFactory,
    UserFactory,
    examined_plan,
)

State = ActionPlan.State
# The page's own queries, with the content type of its audit events looked up once (its cache is cleared first).
QUERIES = {"mentor": 9, "examiner": 8}


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def verbs(cohort) -> list[str]:
    return list(AuditEvent.objects.filter(cohort=cohort).order_by("pk").values_list("verb", flat=True))


def edit_data(participant, **changes) -> dict:
    data = {
        "full_name": participant.user.full_name,
        "nip": participant.user.nip,
        "email": participant.user.email or "",
        "phone": participant.user.phone,
        "grade": participant.grade,
        "position": participant.position,
        "work_unit": participant.work_unit,
        "kecamatan": participant.kecamatan_id or "",
        "kelurahan": "",
        "roll_number": participant.roll_number,
        "version": participant.version,
    }
    return data | changes


def scheduled_plan(cohort, state=State.APPROVED) -> ActionPlan:
    seminar = SeminarFactory.create(cohort=cohort)
    room = PanelFactory.create(room__seminar=seminar, examiners=[ExaminerFactory(cohort=cohort)]).room
    plan = ActionPlanFactory.create(participant__cohort=cohort, state=state)
    start, end = seminar_times(seminar)[0]
    Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
    return plan


# The pages: who may open them ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["participant_detail", "participant_edit"])
def test_participant_pages_send_anonymous_visitors_to_sign_in(client, cohort, name):
    participant = ParticipantFactory(cohort=cohort)

    response = client.get(reverse(f"portal:{name}", args=[cohort.slug, participant.pk]))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("participants:login"))


@pytest.mark.parametrize("name", ["participant_detail", "participant_edit", "participant_withdraw"])
def test_participant_pages_are_404_for_other_organisations_staff_and_for_the_participant(client, cohort, name):
    participant = ParticipantFactory(cohort=cohort)
    outsider = UserFactory(is_staff=True)
    CohortFactory().organisation.staff_members.add(outsider)
    url = reverse(f"portal:{name}", args=[cohort.slug, participant.pk])

    answers = []
    for person in (outsider, participant.user, participant.mentor.user):
        client.force_login(person)
        answers.append(client.post(url, {"reason": "x"}).status_code)

    participant.refresh_from_db()
    assert (answers, participant.is_withdrawn) == ([404, 404, 404], False)


def test_a_person_of_another_cohort_is_404_on_this_cohorts_address(staff_client, cohort, staff_user):
    elsewhere = ParticipantFactory(cohort=CohortFactory(organisation=cohort.organisation))

    response = staff_client.get(reverse("portal:participant_detail", args=[cohort.slug, elsewhere.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["participant_withdraw", "participant_restore", "mentor_remove"])
def test_state_changing_urls_refuse_get_and_change_nothing(staff_client, cohort, name):
    participant = ParticipantFactory(cohort=cohort)
    pk = participant.mentor.pk if name == "mentor_remove" else participant.pk

    response = staff_client.get(reverse(f"portal:{name}", args=[cohort.slug, pk]))

    assert (response.status_code, Mentor.objects.filter(cohort=cohort).count(), verbs(cohort)) == (405, 1, [])


def test_participant_page_shows_data_mentor_and_plan_with_links(staff_client, cohort):
    plan = ActionPlanFactory(participant__cohort=cohort, participant__user__full_name="Rina Marlina")
    participant = plan.participant

    response = staff_client.get(reverse("portal:participant_detail", args=[cohort.slug, participant.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert plan.get_absolute_url() in html
    assert reverse("portal:mentor_detail", args=[cohort.slug, participant.mentor.pk]) in html
    assert reverse("portal:participant_mentor", args=[cohort.slug, participant.pk]) in html
    assert response.context["can_withdraw"] is True


def test_lists_link_each_name_to_the_persons_page_and_plan(staff_client, cohort):
    plan = ActionPlanFactory(participant__cohort=cohort)
    participant, mentor = plan.participant, plan.participant.mentor
    examiner = ExaminerFactory(cohort=cohort)

    pages = {
        name: staff_client.get(reverse(f"portal:{name}", args=[cohort.slug])).content.decode()
        for name in ("participant_list", "mentor_list", "examiner_list")
    }

    assert reverse("portal:participant_detail", args=[cohort.slug, participant.pk]) in pages["participant_list"]
    assert plan.get_absolute_url() in pages["participant_list"]
    assert reverse("portal:mentor_detail", args=[cohort.slug, mentor.pk]) in pages["participant_list"]
    assert reverse("portal:mentor_detail", args=[cohort.slug, mentor.pk]) in pages["mentor_list"]
    assert reverse("portal:examiner_detail", args=[cohort.slug, examiner.pk]) in pages["examiner_list"]


def test_mentor_and_examiner_pages_show_mentees_and_sheets(staff_client, cohort):
    participant = ParticipantFactory(cohort=cohort, user__full_name="Rina Marlina")
    examiner = ExaminerFactory(cohort=cohort)

    mentor_page = staff_client.get(reverse("portal:mentor_detail", args=[cohort.slug, participant.mentor.pk]))
    examiner_page = staff_client.get(reverse("portal:examiner_detail", args=[cohort.slug, examiner.pk]))

    assert [m.user.full_name for m in mentor_page.context["mentees"]] == ["Rina Marlina"]
    assert (examiner_page.status_code, list(examiner_page.context["sheets"])) == (200, [])


# Editing a participant -----------------------------------------------------------------------------------------


def test_staff_edit_a_participants_data_with_the_rosters_rules(staff_client, cohort):
    participant = ParticipantFactory(cohort=cohort, grade="III/a")
    url = reverse("portal:participant_edit", args=[cohort.slug, participant.pk])

    response = staff_client.post(
        url,
        edit_data(
            participant,
            full_name="Rina Marlina, S.STP",
            nip="19750204 200006 2 002",
            grade="Penata Muda Tk. I (III/b)",
            roll_number=7,
        ),
    )

    participant.refresh_from_db()
    participant.user.refresh_from_db()
    event = AuditEvent.objects.get(verb="participant.edit")
    assert response.url == reverse("portal:participant_detail", args=[cohort.slug, participant.pk])
    assert (participant.user.full_name, participant.user.nip, participant.grade, participant.roll_number) == (
        "Rina Marlina, S.STP",
        "197502042000062002",
        "III/b",
        7,
    )
    assert participant.version == 2
    assert (event.actor, event.target_id, sorted(event.data)) == (
        response.wsgi_request.user,
        participant.pk,
        ["full_name", "grade", "nip", "roll_number"],
    )
    assert event.data["grade"] == "III/a → III/b"


def test_an_nip_another_participant_of_the_cohort_has_is_refused_and_nothing_changes(staff_client, cohort):
    other = ParticipantFactory(cohort=cohort, user__full_name="Bonar Simatupang")
    participant = ParticipantFactory(cohort=cohort, user__full_name="Rina Marlina")
    before = participant.user.nip

    response = staff_client.post(
        reverse("portal:participant_edit", args=[cohort.slug, participant.pk]),
        edit_data(participant, nip=other.user.nip, full_name="Rina M."),
    )

    participant.user.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors["nip"] == ["This NIP is Bonar Simatupang's, who is in this cohort."]
    assert (participant.user.nip, participant.user.full_name, verbs(cohort)) == (before, "Rina Marlina", [])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nip", "1980010120050110", "A NIP has 18 digits; this one has 16."),
        ("nip", "1.98001012005011E+17", "The NIP was stored as a number"),
        ("grade", "Penata (III/b)", "The pangkat Penata belongs to golongan III/c, not III/b."),
        ("grade", "Kepala", "Unknown rank “Kepala”"),
        ("kelurahan", "Tidak Ada", "Choose the kecamatan first."),
    ],
)
def test_bad_nip_grade_or_place_is_refused_with_the_rosters_message(staff_client, cohort, field, value, message):
    participant = ParticipantFactory(cohort=cohort, kecamatan=None, mentor=None)

    response = staff_client.post(
        reverse("portal:participant_edit", args=[cohort.slug, participant.pk]),
        edit_data(participant, **{field: value}),
    )

    errors = response.context["form"].errors[field]
    assert (response.status_code, errors[0].startswith(message), verbs(cohort)) == (200, True, [])


def test_a_roll_number_another_participant_has_is_refused(staff_client, cohort):
    ParticipantFactory(cohort=cohort, roll_number=3, user__full_name="Bonar Simatupang")
    participant = ParticipantFactory(cohort=cohort, roll_number=4)

    response = staff_client.post(
        reverse("portal:participant_edit", args=[cohort.slug, participant.pk]), edit_data(participant, roll_number=3)
    )

    participant.refresh_from_db()
    assert response.context["form"].errors["roll_number"] == ["NDH 3 is Bonar Simatupang's."]
    assert participant.roll_number == 4


def test_a_stale_form_from_another_tab_is_refused_and_nothing_changes(staff_client, cohort):
    participant = ParticipantFactory(cohort=cohort, position="Lurah")
    url = reverse("portal:participant_edit", args=[cohort.slug, participant.pk])
    stale = edit_data(participant, position="Sekretaris Lurah")
    staff_client.post(url, edit_data(participant, position="Kasi Pelayanan"))

    response = staff_client.post(url, stale)

    participant.refresh_from_db()
    assert response.status_code == 409
    assert "saved by someone else" in [str(m) for m in response.context["messages"]][-1]
    assert (participant.position, participant.version, verbs(cohort)) == ("Kasi Pelayanan", 2, ["participant.edit"])


def test_a_new_kecamatan_gives_the_participant_its_camat(staff_client, cohort):
    participant = ParticipantFactory(cohort=cohort)
    camat = MentorFactory(cohort=cohort, kecamatan=KecamatanFactory(name="Medan Baru"))

    staff_client.post(
        reverse("portal:participant_edit", args=[cohort.slug, participant.pk]),
        edit_data(participant, kecamatan=camat.kecamatan_id),
    )

    participant.refresh_from_db()
    assert (participant.kecamatan, participant.mentor) == (camat.kecamatan, camat)


# Withdrawing and restoring a participant --------------------------------------------------------------------------


def test_withdrawing_a_participant_withdraws_their_plan_frees_its_slot_and_tells_them(staff_client, cohort):
    plan = scheduled_plan(cohort)
    participant = plan.participant
    url = reverse("portal:participant_withdraw", args=[cohort.slug, participant.pk])

    response = staff_client.post(url, {"reason": "Mutasi ke Kabupaten Karo"})

    participant.refresh_from_db()
    plan.refresh_from_db()
    withdraw = AuditEvent.objects.get(verb="participant.withdraw")
    assert response.url == reverse("portal:participant_detail", args=[cohort.slug, participant.pk])
    assert (participant.is_withdrawn, participant.withdrawal_reason) == (True, "Mutasi ke Kabupaten Karo")
    assert (plan.state, Slot.objects.filter(plan=plan).exists()) == (State.WITHDRAWN, False)
    assert [e for e in verbs(cohort) if e.endswith("withdraw")] == ["plan.withdraw", "participant.withdraw"]
    assert (withdraw.note, withdraw.data) == ("Mutasi ke Kabupaten Karo", {"plans": 1})
    assert Notification.objects.filter(user=participant.user, detail="Mutasi ke Kabupaten Karo").count() == 2


def test_withdrawing_needs_a_reason(staff_client, cohort):
    participant = ParticipantFactory(cohort=cohort)

    staff_client.post(reverse("portal:participant_withdraw", args=[cohort.slug, participant.pk]), {"reason": "  "})

    participant.refresh_from_db()
    assert (participant.is_withdrawn, verbs(cohort)) == (False, [])


def test_a_participant_whose_plan_is_agreed_cannot_be_withdrawn(staff_client, cohort):
    plan = ActionPlanFactory(participant__cohort=cohort, state=State.AGREED)
    participant = plan.participant

    response = staff_client.post(
        reverse("portal:participant_withdraw", args=[cohort.slug, participant.pk]), {"reason": "Pensiun"}, follow=True
    )

    participant.refresh_from_db()
    plan.refresh_from_db()
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [f"{participant.user.full_name}'s plan is already agreed, so they can no longer be withdrawn."]
    assert (participant.is_withdrawn, plan.state, verbs(cohort)) == (False, State.AGREED, [])
    assert response.context["can_withdraw"] is False


def test_restoring_brings_the_plan_back_to_the_state_it_was_withdrawn_from(staff_client, cohort):
    plan = scheduled_plan(cohort)
    participant = plan.participant
    staff_client.post(reverse("portal:participant_withdraw", args=[cohort.slug, participant.pk]), {"reason": "Sakit"})

    response = staff_client.post(reverse("portal:participant_restore", args=[cohort.slug, participant.pk]))

    participant.refresh_from_db()
    plan.refresh_from_db()
    restore = AuditEvent.objects.get(verb="participant.restore")
    assert response.status_code == 302
    assert (participant.is_withdrawn, participant.withdrawal_reason, plan.state) == (False, "", State.APPROVED)
    assert verbs(cohort)[-2:] == ["plan.restore", "participant.restore"]
    assert restore.data == {"plans": 1, "reason": "Sakit"}


def test_an_examined_plan_comes_back_approved_to_be_scheduled_again(cohort, staff_user):
    plan, _examiner = examined_plan(cohort)
    services.withdraw_participant(plan.participant, reason="Mengundurkan diri", by=staff_user)

    services.restore_participant(plan.participant, by=staff_user)

    plan.refresh_from_db()
    assert plan.state == State.APPROVED


def test_a_participant_withdrawn_cannot_start_a_new_plan(client, cohort):
    participant = ParticipantFactory(cohort=cohort)
    Participant.objects.filter(pk=participant.pk).update(withdrawn_at="2017-08-01T08:00:00+07:00")
    client.force_login(participant.user)

    response = client.post(reverse("innovations:start", args=[participant.pk]))

    assert (response.status_code, participant.plans.count()) == (404, 0)


def test_restoring_someone_not_withdrawn_is_refused(staff_client, cohort):
    participant = ParticipantFactory(cohort=cohort)

    staff_client.post(reverse("portal:participant_restore", args=[cohort.slug, participant.pk]))

    assert verbs(cohort) == []


# Staff withdraw a plan from its page ------------------------------------------------------------------------------


def test_staff_see_the_withdraw_button_on_the_plan_page_and_the_cohort_in_its_breadcrumb(staff_client, cohort):
    plan = ActionPlanFactory(participant__cohort=cohort, state=State.APPROVED)

    response = staff_client.get(plan.get_absolute_url())

    html = response.content.decode()
    assert response.context["moves"]["withdraw"] == State.WITHDRAWN
    assert reverse("innovations:withdraw", args=[plan.pk]) in html
    assert reverse("portal:cohort_detail", args=[cohort.slug]) in html
    assert reverse("portal:participant_detail", args=[cohort.slug, plan.participant.pk]) in html


def test_staff_withdraw_a_plan_from_its_page_and_it_leaves_the_schedule(staff_client, cohort):
    plan = scheduled_plan(cohort)

    staff_client.post(reverse("innovations:withdraw", args=[plan.pk]), {"note": "Dobel input"})

    plan.refresh_from_db()
    assert (plan.state, Slot.objects.filter(plan=plan).exists()) == (State.WITHDRAWN, False)


def test_staff_must_give_a_reason_to_withdraw_a_plan(staff_client, cohort):
    plan = ActionPlanFactory(participant__cohort=cohort, state=State.SUBMITTED)

    staff_client.post(reverse("innovations:withdraw", args=[plan.pk]), {"note": " "})

    plan.refresh_from_db()
    assert plan.state == State.SUBMITTED


def test_staff_restore_a_plan_withdrawn_from_its_page_to_where_it_was(staff_client, cohort):
    plan = ActionPlanFactory(participant__cohort=cohort, state=State.REVISION)
    staff_client.post(reverse("innovations:withdraw", args=[plan.pk]), {"note": "Klik terlalu cepat"})

    page = staff_client.get(plan.get_absolute_url())
    staff_client.post(reverse("innovations:restore", args=[plan.pk]))

    plan.refresh_from_db()
    assert reverse("innovations:restore", args=[plan.pk]) in page.content.decode()
    assert (plan.state, verbs(cohort)) == (State.REVISION, ["plan.withdraw", "plan.restore"])


def test_a_withdrawn_participants_plan_comes_back_only_with_them(staff_client, cohort, staff_user):
    plan = ActionPlanFactory(participant__cohort=cohort, state=State.DRAFT)
    services.withdraw_participant(plan.participant, reason="Cuti", by=staff_user)

    staff_client.post(reverse("innovations:restore", args=[plan.pk]))

    plan.refresh_from_db()
    assert plan.state == State.WITHDRAWN


def test_an_agreed_plan_cannot_be_withdrawn_from_its_page(staff_client, cohort):
    plan = ActionPlanFactory(participant__cohort=cohort, state=State.AGREED)

    response = staff_client.get(plan.get_absolute_url())
    staff_client.post(reverse("innovations:withdraw", args=[plan.pk]), {"note": "x"})

    plan.refresh_from_db()
    assert ("withdraw" in response.context["moves"], plan.state) == (False, State.AGREED)


# Mentors ---------------------------------------------------------------------------------------------------------


def test_replacing_a_camat_moves_the_kecamatan_and_every_mentee_to_the_new_person(staff_client, cohort):
    old = MentorFactory(cohort=cohort, user__full_name="Drs. Camat Lama")
    mentees = [ParticipantFactory(cohort=cohort, kecamatan=old.kecamatan, mentor=old) for _ in range(2)]
    url = reverse("portal:mentor_replace", args=[cohort.slug, old.pk])

    response = staff_client.post(
        url, {"full_name": "Camat Baru, S.STP", "nip": "197001011995031001", "email": "", "position": "Camat"}
    )

    new = Mentor.objects.get(cohort=cohort)
    event = AuditEvent.objects.get(verb="mentor.replace")
    assert response.url == reverse("portal:mentor_detail", args=[cohort.slug, new.pk])
    assert (new.user.full_name, new.kecamatan, new.position) == ("Camat Baru, S.STP", old.kecamatan, "Camat")
    assert sorted(new.mentees.values_list("pk", flat=True)) == sorted(m.pk for m in mentees)
    assert event.data == {
        "from": "Drs. Camat Lama",
        "to": "Camat Baru, S.STP",
        "kecamatan": str(old.kecamatan),
        "mentees": 2,
    }
    # The mentees, the new mentor and the one who leaves are told.
    assert sorted(Notification.objects.values_list("user", flat=True)) == sorted(
        [*(m.user_id for m in mentees), new.user_id, old.user_id]
    )


def test_an_existing_mentor_without_a_kecamatan_can_take_over(cohort, staff_user):
    old = MentorFactory(cohort=cohort)
    mentee = ParticipantFactory(cohort=cohort, kecamatan=old.kecamatan, mentor=old)
    existing = MentorFactory(cohort=cohort, kecamatan=None, position="Kepala Dinas")

    successor = services.replace_mentor(
        old, by=staff_user, position="Camat", full_name="x", nip=existing.user.nip, email=None
    )

    mentee.refresh_from_db()
    assert (successor, successor.kecamatan, mentee.mentor) == (existing, old.kecamatan, existing)
    assert Mentor.objects.filter(pk=old.pk).exists() is False


def test_a_mentor_cannot_be_replaced_while_a_mentees_agreement_is_being_signed(staff_client, cohort):
    plan = ActionPlanFactory(participant__cohort=cohort, state=State.EXAMINED)
    Agreement.objects.create(
        plan=plan, examiner=ExaminerFactory(cohort=cohort), content={}, content_hash="0" * 64, code="ABCD2345"
    )
    old = plan.participant.mentor

    response = staff_client.post(
        reverse("portal:mentor_replace", args=[cohort.slug, old.pk]),
        {"full_name": "Camat Baru", "nip": "197001011995031001", "email": "", "position": "Camat"},
    )

    assert "not sealed yet" in response.context["form"].non_field_errors()[0]
    assert (list(Mentor.objects.filter(cohort=cohort)), verbs(cohort)) == ([old], [])


def test_removing_the_camat_of_a_kecamatan_with_mentees_is_refused(staff_client, cohort):
    participant = ParticipantFactory(cohort=cohort)
    mentor = participant.mentor

    response = staff_client.post(reverse("portal:mentor_remove", args=[cohort.slug, mentor.pk]), follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert messages[0].endswith("replace them with the new mentor instead.")
    assert (Mentor.objects.filter(pk=mentor.pk).exists(), verbs(cohort)) == (True, [])


def test_removing_a_mentor_without_a_kecamatan_lists_their_mentees_without_one(staff_client, cohort):
    mentor = MentorFactory(cohort=cohort, kecamatan=None, position="Kepala Dinas")
    chosen = ParticipantFactory(cohort=cohort, kecamatan=None, mentor=mentor, mentor_assigned_by_staff=True)

    response = staff_client.post(reverse("portal:mentor_remove", args=[cohort.slug, mentor.pk]), follow=True)

    chosen.refresh_from_db()
    assert (chosen.mentor, chosen.mentor_assigned_by_staff) == (None, False)
    assert [str(m) for m in response.context["messages"]] == [
        f"{mentor.user.full_name} is no longer a mentor; 1 participant now has no mentor."
    ]
    assert AuditEvent.objects.get(verb="mentor.remove").data == {"kecamatan": "", "mentees": 1}


MENTOR_GONE = "This mentor is no longer in the cohort: someone removed or replaced them just now."


@pytest.mark.parametrize("name", ["mentor_remove", "mentor_replace", "mentor_edit"])
def test_a_post_for_a_mentor_someone_just_removed_says_so_and_shows_the_list(staff_client, cohort, name):
    mentor = MentorFactory(cohort=cohort, kecamatan=None, position="Kepala Dinas")
    url = reverse(f"portal:{name}", args=[cohort.slug, mentor.pk])
    services.remove_mentor(mentor, by=UserFactory())

    response = staff_client.post(url, {"full_name": "Camat Baru", "nip": "197001011995031001", "position": "Camat"})

    assert response.url == reverse("portal:mentor_list", args=[cohort.slug])
    assert [str(m) for m in staff_client.get(response.url).context["messages"]] == [MENTOR_GONE]


def test_a_mentor_removed_while_the_replacement_waited_for_the_lock_is_gone(cohort, staff_user):
    mentor = MentorFactory(cohort=cohort, kecamatan=None, position="Kepala Dinas")
    Mentor.objects.filter(pk=mentor.pk).delete()  # as the winner of the race leaves it, after the view found it

    with pytest.raises(Gone) as replaced:
        services.replace_mentor(mentor, by=staff_user, position="Camat", full_name="x", nip=None, email="x@x.id")
    with pytest.raises(Gone) as removed:
        services.remove_mentor(mentor, by=staff_user)

    assert (replaced.value.messages, removed.value.messages) == ([MENTOR_GONE], [MENTOR_GONE])
    assert AuditEvent.objects.filter(cohort=cohort).count() == 0


def test_staff_edit_a_mentors_kecamatan_but_not_to_one_that_has_a_mentor(staff_client, cohort):
    mentor = MentorFactory(cohort=cohort)
    taken = MentorFactory(cohort=cohort)
    url = reverse("portal:mentor_edit", args=[cohort.slug, mentor.pk])
    data = {"full_name": mentor.user.full_name, "nip": mentor.user.nip, "email": mentor.user.email, "phone": ""}
    data |= {"grade": "", "position": "Camat", "version": 1}

    refused = staff_client.post(url, data | {"kecamatan": taken.kecamatan_id})
    saved = staff_client.post(url, data | {"kecamatan": KecamatanFactory(name="Medan Tuntungan").pk})

    mentor.refresh_from_db()
    assert refused.context["form"].errors["kecamatan"] == [f"{taken.kecamatan} already has a mentor in this cohort."]
    assert (saved.status_code, mentor.kecamatan.name, verbs(cohort)) == (302, "Medan Tuntungan", ["mentor.edit"])


# Examiners -------------------------------------------------------------------------------------------------------


def test_staff_edit_an_examiner(staff_client, cohort):
    examiner = ExaminerFactory(cohort=cohort, institution="LAN RI")
    data = {"full_name": "Dr. Ani Lestari, M.Si", "nip": "", "email": examiner.user.email, "phone": "0812"}
    data |= {"grade": "IV/a", "position": "Widyaiswara", "institution": "PKP2A I LAN", "version": 1}

    response = staff_client.post(reverse("portal:examiner_edit", args=[cohort.slug, examiner.pk]), data)

    examiner.refresh_from_db()
    examiner.user.refresh_from_db()
    assert response.url == reverse("portal:examiner_detail", args=[cohort.slug, examiner.pk])
    assert (examiner.user.full_name, examiner.user.nip, examiner.institution, examiner.grade) == (
        "Dr. Ani Lestari, M.Si",
        None,
        "PKP2A I LAN",
        "IV/a",
    )
    assert verbs(cohort) == ["examiner.edit"]


@pytest.mark.parametrize("count", [1, 3])
def test_mentor_page_query_count_does_not_grow_with_mentees(staff_client, cohort, count, django_assert_num_queries):
    mentor = MentorFactory(cohort=cohort)
    for _ in range(count):
        ActionPlanFactory(participant__cohort=cohort, participant__kecamatan=mentor.kecamatan)
    url = reverse("portal:mentor_detail", args=[cohort.slug, mentor.pk])
    ContentType.objects.clear_cache()

    with django_assert_num_queries(QUERIES["mentor"]):
        response = staff_client.get(url)

    assert len(response.context["mentees"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_examiner_page_query_count_does_not_grow_with_sheets(staff_client, cohort, count, django_assert_num_queries):
    examiner = ExaminerFactory(cohort=cohort)
    for _ in range(count):
        ActionPlanFactory(participant__cohort=cohort).score_sheets.create(
            seminar=SeminarFactory(cohort=cohort), examiner=examiner
        )
    url = reverse("portal:examiner_detail", args=[cohort.slug, examiner.pk])
    ContentType.objects.clear_cache()

    with django_assert_num_queries(QUERIES["examiner"]):
        response = staff_client.get(url)

    assert len(response.context["sheets"]) == count


def test_a_withdrawn_participant_reads_so_on_their_home_page_and_cannot_start_a_plan(client, cohort, staff_user):
    participant = ParticipantFactory(cohort=cohort)
    services.withdraw_participant(participant, reason="Tugas belajar", by=staff_user)
    client.force_login(participant.user)

    response = client.get(reverse("portal:home"))

    html = response.content.decode()
    assert "You are withdrawn from this cohort." in html
    assert "Tugas belajar" in html
    assert reverse("innovations:start", args=[participant.pk]) not in html


def test_an_edit_that_changes_nothing_writes_no_event(staff_client, cohort):
    participant = ParticipantFactory(cohort=cohort)

    response = staff_client.post(
        reverse("portal:participant_edit", args=[cohort.slug, participant.pk]), edit_data(participant)
    )

    participant.refresh_from_db()
    assert (response.status_code, participant.version, verbs(cohort)) == (302, 1, [])
