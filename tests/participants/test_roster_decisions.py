"""A roster imported again never silently undoes what staff decided: a direct superior replaced (a Camat
transferred), a mentor chosen by hand, a participant withdrawn. The preview names the person behind every NIP and
marks each row that would undo a decision; the decision is kept unless staff choose otherwise for that row. Every
mentor change, by any path, tells the people concerned and is in the participant's history (issue 22, item 1)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from participants.importer import import_roster, read_roster
from participants.models import AuditEvent, Cohort, Mentor, Notification, Participant
from participants.services import add_mentor, edit_participant, set_mentor
from portal.services import remove_mentor, replace_mentor, withdraw_participant
from tests.factories import CohortFactory, KecamatanFactory, MentorFactory, ParticipantFactory, UserFactory
from tests.participants.roster_files import xlsx

RINA = "197502042000062002"
BONAR = "197803152003121001"
YAMIN = "197412031998031003"  # the Camat who was transferred
WAHYU = "198107152006041001"  # the new Camat
HEADER = ["NO", "NAMA", "NIP", "JABATAN", "UNIT KERJA", "NIP ATASAN", "NAMA ATASAN", "JABATAN ATASAN"]


def row(no, name, nip, position="Kepala Seksi", superior=YAMIN, superior_name="Muhammad Yamin, S.Sos"):
    return [no, name, nip, position, "Kantor Camat Pontianak Selatan", superior, superior_name, "Camat"]


def roster(*rows):
    return xlsx([HEADER, *rows])


@pytest.fixture
def superior_cohort(cohort):
    cohort.mentor_rule = Cohort.MentorRule.SUPERIOR
    cohort.save()
    return cohort


@pytest.fixture
def replaced(superior_cohort, staff_user):
    """Rina and Bonar under Muhammad Yamin, then Yamin replaced by Wahyu: the mentees moved."""
    import_roster(superior_cohort, roster(row(1, "Rina", RINA), row(2, "Bonar", BONAR)), by=staff_user)
    yamin = Mentor.objects.get(cohort=superior_cohort, user__nip=YAMIN)
    replace_mentor(yamin, by=staff_user, position="Camat", full_name="Wahyu Hidayat, S.STP", nip=WAHYU, email=None)
    return superior_cohort


def mentors(cohort):
    return dict(Participant.objects.filter(cohort=cohort).values_list("user__nip", "mentor__user__nip"))


def superiors(cohort):
    return dict(Participant.objects.filter(cohort=cohort).values_list("user__nip", "superior__user__nip"))


def test_a_reimport_after_a_replacement_keeps_the_new_superior_and_says_so(replaced, staff_user):
    data = roster(row(1, "Rina", RINA, position="Kepala Seksi Pelayanan"), row(2, "Bonar", BONAR))

    preview = import_roster(replaced, data, by=staff_user)

    assert [(r.status, [d.kind for d in r.decisions]) for r in preview.rows] == [
        ("updated", ["replacement"]),
        ("unchanged", ["replacement"]),
    ]
    assert preview.rows[0].decisions[0].message == (
        "Staff replaced Muhammad Yamin, S.Sos (19741203 199803 1 003) with Wahyu Hidayat, S.STP "
        "(19810715 200604 1 001) as direct superior; the file still names Muhammad Yamin, S.Sos."
    )
    assert mentors(replaced) == {RINA: WAHYU, BONAR: WAHYU}
    assert superiors(replaced) == {RINA: WAHYU, BONAR: WAHYU}
    assert not Mentor.objects.filter(cohort=replaced, user__nip=YAMIN).exists()
    assert Participant.objects.get(user__nip=RINA).position == "Kepala Seksi Pelayanan"
    assert preview.summary == "0 new, 1 updated, 1 unchanged, 0 rejected; 2 staff decisions kept"
    event = AuditEvent.objects.filter(verb=AuditEvent.Verb.ROSTER_IMPORT).last()
    assert (event.data["kept"], event.data["undone"]) == (2, 0)


def test_staff_may_choose_the_file_for_one_row_and_the_others_keep_the_decision(replaced, staff_user):
    data = roster(row(1, "Rina", RINA), row(2, "Bonar", BONAR))

    import_roster(replaced, data, by=staff_user, undo={BONAR})

    assert mentors(replaced) == {RINA: WAHYU, BONAR: YAMIN}
    assert superiors(replaced) == {RINA: WAHYU, BONAR: YAMIN}
    bonar = Participant.objects.get(user__nip=BONAR)
    change = AuditEvent.objects.filter(verb=AuditEvent.Verb.MENTOR_CHANGE, target_id=bonar.pk).last()
    assert (change.actor, change.data["from"], change.data["to"], change.data["why"]) == (
        staff_user,
        "Wahyu Hidayat, S.STP",
        "Muhammad Yamin, S.Sos",
        "import",
    )
    # Asked again, the row whose decision staff undid has none left; the other still has its own.
    again = read_roster(replaced, data)
    assert [[d.kind for d in r.decisions] for r in again.rows] == [["replacement"], []]


def test_a_new_participant_naming_the_replaced_superior_gets_the_successor(replaced, staff_user):
    data = roster(row(1, "Rina", RINA), row(2, "Bonar", BONAR), row(3, "Citra", "198002022005012003"))

    preview = import_roster(replaced, data, by=staff_user)

    assert [d.kind for d in preview.rows[2].decisions] == ["replacement"]
    assert mentors(replaced)["198002022005012003"] == WAHYU


def test_the_preview_names_the_person_behind_every_superiors_nip(replaced, staff_user):
    boss = UserFactory(nip="196805211996091002", full_name="Drs. Ahmad Fauzi")

    preview = read_roster(replaced, roster(row(1, "Rina", RINA, superior=boss.nip, superior_name="")))

    [change] = preview.rows[0].changes
    assert (change.label, change.old, change.new) == (
        "Direct superior",
        "Wahyu Hidayat, S.STP (19810715 200604 1 001)",
        "Drs. Ahmad Fauzi (19680521 199609 1 002)",
    )
    assert preview.rows[0].values["superior_label"] == "Drs. Ahmad Fauzi (19680521 199609 1 002)"


def test_a_mentor_chosen_by_hand_is_kept_when_the_file_names_another_superior(superior_cohort, staff_user):
    import_roster(superior_cohort, roster(row(1, "Rina", RINA)), by=staff_user)
    rina = Participant.objects.get()
    chosen = Mentor.objects.create(cohort=superior_cohort, user=UserFactory(full_name="Bu Pilihan"), is_camat=False)
    set_mentor(rina, mentor=chosen, by=staff_user)
    data = roster(row(1, "Rina", RINA, superior=WAHYU, superior_name="Wahyu Hidayat, S.STP"))

    preview = import_roster(superior_cohort, data, by=staff_user)

    assert [d.kind for d in preview.rows[0].decisions] == ["hand_choice"]
    assert preview.rows[0].decisions[0].message == (
        "Staff chose Bu Pilihan as mentor by hand; the file's direct superior would make it Wahyu Hidayat, S.STP "
        "(19810715 200604 1 001)."
    )
    rina.refresh_from_db()
    assert (rina.mentor, rina.superior.user.nip, rina.mentor_assigned_by_staff) == (chosen, WAHYU, True)


def test_staff_may_let_a_hand_choice_go_for_the_superior_the_file_names(superior_cohort, staff_user):
    import_roster(superior_cohort, roster(row(1, "Rina", RINA)), by=staff_user)
    rina = Participant.objects.get()
    chosen = Mentor.objects.create(cohort=superior_cohort, user=UserFactory(full_name="Bu Pilihan"), is_camat=False)
    set_mentor(rina, mentor=chosen, by=staff_user)
    data = roster(row(1, "Rina", RINA, superior=WAHYU, superior_name="Wahyu Hidayat, S.STP"))

    import_roster(superior_cohort, data, by=staff_user, undo={RINA})

    rina.refresh_from_db()
    assert (rina.mentor.user.nip, rina.mentor_assigned_by_staff) == (WAHYU, False)
    assert mentor_changes(rina)[-1] == ("Bu Pilihan", "Wahyu Hidayat, S.STP", "import")


def test_a_mentor_chosen_by_hand_in_a_camat_cohort_is_kept_when_the_kecamatan_changes(cohort, staff_user):
    baru, johor = KecamatanFactory(name="Medan Baru"), KecamatanFactory(name="Medan Johor")
    MentorFactory(cohort=cohort, kecamatan=johor)
    rina = ParticipantFactory(cohort=cohort, kecamatan=baru, user__nip=RINA, user__full_name="Rina")
    chosen = Mentor.objects.create(cohort=cohort, user=UserFactory(full_name="Bu Pilihan"), kecamatan=None)
    set_mentor(rina, mentor=chosen, by=staff_user)
    data = xlsx([["NO", "NAMA", "NIP", "KECAMATAN"], [1, "Rina", RINA, "Medan Johor"]])

    preview = import_roster(cohort, data, by=staff_user)

    assert [d.kind for d in preview.rows[0].decisions] == ["hand_choice"]
    rina.refresh_from_db()
    assert (rina.kecamatan, rina.mentor) == (johor, chosen)


def test_a_withdrawn_participant_in_the_file_is_marked_and_stays_withdrawn(superior_cohort, staff_user):
    import_roster(superior_cohort, roster(row(1, "Rina", RINA)), by=staff_user)
    withdraw_participant(Participant.objects.get(), reason="Mutasi ke Kabupaten Karo", by=staff_user)

    preview = import_roster(superior_cohort, roster(row(1, "Rina", RINA, position="Lurah")), by=staff_user)

    [decision] = preview.rows[0].decisions
    assert (decision.kind, decision.undo) == ("withdrawn", "")
    assert decision.message.startswith("Withdrawn on ")
    assert decision.message.endswith(
        "(Mutasi ke Kabupaten Karo): stays withdrawn; the file only updates their data. Restore them on their page "
        "if they are back."
    )
    rina = Participant.objects.get()
    assert (rina.is_withdrawn, rina.position) == (True, "Lurah")


def test_the_command_keeps_the_decisions_and_says_so(replaced, tmp_path, capsys):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(roster(row(1, "Rina", RINA), row(2, "Bonar", BONAR)))

    call_command("import_roster", str(path), "--cohort", replaced.slug)

    out = capsys.readouterr().out.splitlines()
    assert out[-3:] == [
        "row 2 (Rina): kept: Staff replaced Muhammad Yamin, S.Sos (19741203 199803 1 003) with Wahyu Hidayat, S.STP "
        "(19810715 200604 1 001) as direct superior; the file still names Muhammad Yamin, S.Sos.",
        "row 3 (Bonar): kept: Staff replaced Muhammad Yamin, S.Sos (19741203 199803 1 003) with Wahyu Hidayat, "
        "S.STP (19810715 200604 1 001) as direct superior; the file still names Muhammad Yamin, S.Sos.",
        "0 new, 0 updated, 2 unchanged, 0 rejected; 2 staff decisions kept",
    ]
    assert mentors(replaced) == {RINA: WAHYU, BONAR: WAHYU}


def test_the_preview_page_offers_a_choice_per_row_and_confirm_applies_it(client, replaced, staff_user):
    client.force_login(staff_user)
    upload = client.post(
        reverse("participants:roster_upload", args=[replaced.slug]),
        {"file": _file(roster(row(1, "Rina", RINA), row(2, "Bonar", BONAR)))},
    )
    preview = client.get(upload.url)
    page = preview.content.decode()
    assert f'name="decision-{RINA}" value="keep" checked' in page
    assert f'name="decision-{BONAR}" value="file"' in page

    confirmed = client.post(f"{upload.url}confirm/", {"invite": "now", f"decision-{BONAR}": "file"})

    assert confirmed.status_code == 302

    assert mentors(replaced) == {RINA: WAHYU, BONAR: YAMIN}


def _file(data):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415 - only this helper needs it

    return SimpleUploadedFile("roster.xlsx", data)


# Every mentor change, by any path, is told and kept in the participant's history ---------------------------------


def told(user):
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("texts__en", flat=True))


def mentor_changes(participant):
    return list(
        AuditEvent.objects.filter(verb=AuditEvent.Verb.MENTOR_CHANGE, target_id=participant.pk)
        .order_by("pk")
        .values_list("data__from", "data__to", "data__why")
    )


def test_a_replacement_is_in_each_mentees_history_and_tells_the_old_and_new_mentor(replaced):
    rina = Participant.objects.get(user__nip=RINA)

    assert mentor_changes(rina) == [("Muhammad Yamin, S.Sos", "Wahyu Hidayat, S.STP", "replacement")]
    assert "Your mentor is now Wahyu Hidayat, S.STP." in told(rina.user)
    assert told(Mentor.objects.get(user__nip=WAHYU).user) == [
        f"You take over from Muhammad Yamin, S.Sos as mentor of 2 participants in {replaced.name}."
    ]
    assert told(rina.user.__class__.objects.get(nip=YAMIN)) == [
        f"Wahyu Hidayat, S.STP takes over as mentor of your 2 participants in {replaced.name}: Rina, Bonar."
    ]


def test_a_hand_choice_tells_the_mentee_and_both_mentors(cohort, staff_user):
    rina = ParticipantFactory(cohort=cohort, user__full_name="Rina")
    old = rina.mentor
    chosen = Mentor.objects.create(cohort=cohort, user=UserFactory(full_name="Bu Pilihan"), kecamatan=None)

    set_mentor(rina, mentor=chosen, by=staff_user)

    assert mentor_changes(rina) == [(old.user.full_name, "Bu Pilihan", "staff")]
    assert told(rina.user) == ["Your mentor is now Bu Pilihan."]
    assert told(chosen.user) == [f"Rina now has you as mentor in {cohort.name}."]
    assert told(old.user) == [f"Rina no longer has you as mentor in {cohort.name}."]


def test_a_camat_added_to_a_kecamatan_tells_its_participants(cohort, staff_user):
    johor = KecamatanFactory(name="Medan Johor")
    rina = ParticipantFactory(cohort=cohort, kecamatan=johor, mentor=None, user__full_name="Rina")

    camat = add_mentor(
        cohort,
        by=staff_user,
        kecamatan=johor,
        position="Camat",
        full_name="Pak Camat",
        nip=None,
        email="camat@example.org",
    )

    assert mentor_changes(rina) == [("", "Pak Camat", "rule")]
    assert told(rina.user) == ["Your mentor is now Pak Camat."]
    assert f"Rina now has you as mentor in {cohort.name}." in told(camat.user)


def test_a_new_kecamatan_gives_its_camat_and_is_told(cohort, staff_user):
    baru, johor = KecamatanFactory(name="Medan Baru"), KecamatanFactory(name="Medan Johor")
    rina = ParticipantFactory(cohort=cohort, kecamatan=baru, user__full_name="Rina")
    johor_camat = MentorFactory(cohort=cohort, kecamatan=johor, user__full_name="Camat Johor")

    edit_participant(rina, version=rina.version, person={}, fields={"kecamatan": johor}, by=staff_user)

    rina.refresh_from_db()
    assert rina.mentor == johor_camat
    assert mentor_changes(rina)[-1][1:] == ("Camat Johor", "rule")
    assert told(rina.user) == ["Your mentor is now Camat Johor."]


def test_a_reimport_naming_another_superior_tells_the_mentee(superior_cohort, staff_user):
    import_roster(superior_cohort, roster(row(1, "Rina", RINA)), by=staff_user)
    rina = Participant.objects.get()

    import_roster(superior_cohort, roster(row(1, "Rina", RINA, superior=WAHYU, superior_name="Wahyu")), by=staff_user)

    assert mentor_changes(rina) == [("Muhammad Yamin, S.Sos", "Wahyu", "import")]
    assert told(rina.user) == ["Your mentor is now Wahyu."]


def test_the_first_mentor_of_a_participant_new_in_an_import_is_no_change(superior_cohort, staff_user):
    import_roster(superior_cohort, roster(row(1, "Rina", RINA)), by=staff_user)

    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.MENTOR_CHANGE).exists()
    assert not Notification.objects.exists()


def test_a_direct_superior_cohort_of_another_organisation_is_untouched(replaced, staff_user):
    other = CohortFactory(mentor_rule=Cohort.MentorRule.SUPERIOR)

    import_roster(other, roster(row(1, "Rina", RINA)), by=staff_user)

    assert Mentor.objects.get(cohort=other).user.nip == YAMIN


def test_removing_a_mentor_gives_their_mentees_the_rules_mentor_and_tells_them(cohort, staff_user):
    rina = ParticipantFactory(cohort=cohort, user__full_name="Rina")
    camat = rina.mentor
    chosen = Mentor.objects.create(cohort=cohort, user=UserFactory(full_name="Bu Pilihan"), kecamatan=None)
    set_mentor(rina, mentor=chosen, by=staff_user)

    remove_mentor(chosen, by=staff_user)

    rina.refresh_from_db()
    assert rina.mentor == camat
    assert mentor_changes(rina)[-1] == ("Bu Pilihan", camat.user.full_name, "rule")
    assert told(rina.user)[-1] == f"Your mentor is now {camat.user.full_name}."
    assert told(chosen.user)[-1] == f"Rina no longer has you as mentor in {cohort.name}."
