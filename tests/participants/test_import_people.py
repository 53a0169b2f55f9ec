"""The bulk imports of mentors and examiners: the rules of each row, re-imports by NIP, invitations now or later."""

import pytest

from participants.importer import ImportFileError
from participants.models import AuditEvent, Examiner, Job, Mentor, Participant, User
from participants.people_import import import_examiners, import_mentors, read_examiners, read_mentors
from tests.factories import ExaminerFactory, KecamatanFactory, MentorFactory, ParticipantFactory, UserFactory
from tests.participants.roster_files import with_sheet, xlsx

AHMAD = "19700101 199503 1 001"
BUDI = "197105052000031002"
CITRA = "198002022005012003"
MENTOR_HEADER = ["NO", "NIP", "NAMA", "PANGKAT/GOL", "JABATAN", "KECAMATAN", "EMAIL", "NO. HP"]
EXAMINER_HEADER = ["NO", "NIP", "NAMA", "PANGKAT", "JABATAN", "INSTANSI", "EMAIL"]


@pytest.fixture
def kecamatan(db):
    return {name: KecamatanFactory(name=name) for name in ["Medan Baru", "Medan Johor", "Medan Kota"]}


def camat(no, nip, name, kecamatan="Medan Baru", email="", grade="IV/a", position="Camat"):
    return [no, nip, name, grade, position, kecamatan, email, "0812"]


def mentors_file(*rows, header=MENTOR_HEADER):
    return xlsx([["DAFTAR CAMAT SE-KOTA MEDAN"], [], header, *rows])


def examiners_file(*rows, header=EXAMINER_HEADER):
    return xlsx([header, *rows])


def errors(preview):
    return {row.line: row.errors for row in preview.rows if row.errors}


def test_mentor_import_makes_each_camat_the_mentor_of_their_kecamatan(cohort, kecamatan):
    rina = ParticipantFactory(cohort=cohort, kecamatan=kecamatan["Medan Johor"], mentor=None)
    data = mentors_file(
        camat(1, AHMAD, "Drs. Ahmad Lubis, M.Si", "Kec. Medan Baru", email="ahmad@example.org"),
        camat(2, BUDI, "Budi Nasution, S.STP", "MEDAN JOHOR"),
    )

    preview = import_mentors(cohort, data, by=cohort.staff_members.first())

    assert preview.counts == {"new": 2, "updated": 0, "unchanged": 0, "error": 0}
    assert sorted(Mentor.objects.values_list("user__nip", "kecamatan__name", "grade", "user__email")) == [
        ("197001011995031001", "Medan Baru", "IV/a", "ahmad@example.org"),
        ("197105052000031002", "Medan Johor", "IV/a", None),
    ]
    rina.refresh_from_db()
    assert rina.mentor.user.nip == BUDI


def test_mentor_import_is_audited_once_with_its_counts(cohort, kecamatan, staff_user):
    ParticipantFactory(cohort=cohort, kecamatan=kecamatan["Medan Baru"], mentor=None)

    import_mentors(cohort, mentors_file(camat(1, AHMAD, "Ahmad", email="a@example.org")), by=staff_user)

    event = AuditEvent.objects.get(verb=AuditEvent.Verb.MENTOR_IMPORT)
    assert (event.actor, event.cohort, event.data) == (
        staff_user,
        cohort,
        {"new": 1, "updated": 0, "unchanged": 0, "error": 0, "invitations": 1, "invite_later": False, "mentees": 1},
    )
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.MENTOR_ADD).exists()


def test_mentor_import_rows_in_error_say_why_and_are_left_out(cohort, kecamatan):
    data = mentors_file(
        camat(1, AHMAD, "Ahmad", "Medan Baru"),
        camat(2, BUDI, "Budi", "Medan Baru"),
        camat(3, CITRA, "Citra", "Medan Tembung"),
        camat(4, "1970", "Dedi", "Medan Kota"),
        camat(5, "197202022000031004", "Eko", ""),
        camat(6, "197303032000031005", "", "Medan Johor", email="bukan-surel"),
    )

    preview = import_mentors(cohort, data, by=None)

    assert errors(preview) == {
        5: ["Medan Baru already has a mentor in row 4."],
        6: ["“Medan Tembung” is not a kecamatan in Kota Medan."],
        7: ["A NIP has 18 digits; this one has 4."],
        8: ["The kecamatan (KECAMATAN) is missing: in this cohort each mentor is the Camat of a kecamatan."],
        9: ["The name (NAMA) is missing.", "“bukan-surel” is not an e-mail address."],
    }
    assert list(Mentor.objects.values_list("user__full_name", flat=True)) == ["Ahmad"]


def test_mentor_import_refuses_a_kecamatan_another_mentor_keeps(cohort, kecamatan):
    holder = MentorFactory(cohort=cohort, kecamatan=kecamatan["Medan Baru"], user__full_name="Pak Lama")

    preview = read_mentors(cohort, mentors_file(camat(1, AHMAD, "Ahmad", "Medan Baru")))

    assert errors(preview) == {4: [f"Medan Baru already has a mentor in this cohort: {holder.user.full_name}."]}


def test_mentor_reimport_shows_each_change_as_old_and_new_with_its_label(cohort, kecamatan):
    import_mentors(cohort, mentors_file(camat(1, AHMAD, "Ahmad"), camat(2, BUDI, "Budi", "Medan Johor")), by=None)

    preview = read_mentors(cohort, mentors_file(camat(1, AHMAD, "Drs. Ahmad, M.Si", "Medan Kota", grade="IV/b")))

    assert [(row.status, [(c.label, c.old, c.new) for c in row.changes]) for row in preview.rows] == [
        (
            "updated",
            [
                ("Name", "Ahmad", "Drs. Ahmad, M.Si"),
                ("Pangkat/golongan", "IV/a", "IV/b"),
                ("Kecamatan", "Medan Baru", "Medan Kota"),
            ],
        )
    ]
    assert [m.user.full_name for m in preview.missing] == ["Budi"]


def test_mentor_reimport_of_the_same_file_changes_nothing(cohort, kecamatan):
    data = mentors_file(camat(1, AHMAD, "Ahmad"), camat(2, BUDI, "Budi", "Medan Johor"))
    import_mentors(cohort, data, by=None)
    before = list(Mentor.objects.values().order_by("pk"))

    preview = import_mentors(cohort, data, by=None)

    assert (preview.counts["unchanged"], preview.missing) == (2, [])
    assert list(Mentor.objects.values().order_by("pk")) == before


def test_two_camat_may_swap_kecamatan_in_a_reimport(cohort, kecamatan):
    import_mentors(cohort, mentors_file(camat(1, AHMAD, "Ahmad"), camat(2, BUDI, "Budi", "Medan Johor")), by=None)

    import_mentors(
        cohort, mentors_file(camat(1, AHMAD, "Ahmad", "Medan Johor"), camat(2, BUDI, "Budi", "Medan Baru")), by=None
    )

    assert dict(Mentor.objects.values_list("user__full_name", "kecamatan__name")) == {
        "Ahmad": "Medan Johor",
        "Budi": "Medan Baru",
    }


def test_mentor_import_reads_a_wilayah_column_as_the_kecamatan_and_lists_what_it_ignored(cohort, kecamatan):
    header = ["No.", "NIP", "Nama", "Wilayah", "Tempat Lahir", "Keterangan"]

    preview = read_mentors(cohort, mentors_file([1, AHMAD, "Ahmad", "Medan Kota", "Medan", "-"], header=header))

    assert preview.rows[0].values["kecamatan"] == kecamatan["Medan Kota"]
    assert preview.recognised == [
        ("No.", "Row number (not saved)"),
        ("NIP", "NIP"),
        ("Nama", "Name"),
        ("Wilayah", "Kecamatan"),
    ]
    assert preview.ignored == ["Tempat Lahir", "Keterangan"]


def test_mentor_import_under_the_superior_rule_needs_no_kecamatan(cohort, kecamatan):
    cohort.mentor_rule = cohort.MentorRule.SUPERIOR
    cohort.save()

    preview = import_mentors(cohort, mentors_file(camat(1, AHMAD, "Ahmad", "", position="Kepala Bidang")), by=None)

    assert preview.counts["new"] == 1
    assert list(Mentor.objects.values_list("kecamatan", "position")) == [(None, "Kepala Bidang")]


def test_mentor_import_of_a_hostile_file_is_refused_whole(cohort, kecamatan):
    bomb = with_sheet(b'<worksheet><sheetData><row r="1"/></sheetData></worksheet>' + b" " * (50 * 1024 * 1024))

    with pytest.raises(ImportFileError, match="unpacks to far more than a list of people needs"):
        read_mentors(cohort, bomb)
    assert Mentor.objects.count() == 0


def test_mentor_import_without_a_header_names_the_columns_it_needs(cohort):
    with pytest.raises(ImportFileError) as excinfo:
        read_mentors(cohort, xlsx([["A", "B"], ["1", "2"]]))

    assert str(excinfo.value) == (
        "No header row found in the first 30 rows. The list needs at least the columns NIP, NAMA; the others may "
        "be PANGKAT/GOL. RUANG, JABATAN, KECAMATAN, EMAIL, NO. HP."
    )


def test_mentor_import_invites_new_people_now(cohort, kecamatan, staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        preview = import_mentors(cohort, mentors_file(camat(1, AHMAD, "A", email="a@example.org")), by=staff_user)

    assert preview.invitations == 1
    assert list(Job.objects.values_list("kind", "params")) == [
        (Job.Kind.INVITATIONS, {"users": [User.objects.get(nip="197001011995031001").pk]})
    ]


def test_mentor_import_can_leave_the_invitations_for_later(cohort, kecamatan, staff_user):
    preview = import_mentors(
        cohort, mentors_file(camat(1, AHMAD, "A", email="a@example.org")), by=staff_user, invite=False
    )

    assert (preview.invitations, Job.objects.count()) == (1, 0)
    assert AuditEvent.objects.get(verb=AuditEvent.Verb.MENTOR_IMPORT).data["invite_later"] is True


def test_import_counts_as_invitations_only_people_who_have_no_password_and_an_address(cohort, kecamatan):
    UserFactory(nip="197001011995031001", email="ahmad@example.org")  # has a password already
    data = mentors_file(
        camat(1, AHMAD, "Ahmad", "Medan Baru"),
        camat(2, BUDI, "Budi", "Medan Johor"),  # no address
        camat(3, CITRA, "Citra", "Medan Kota", email="citra@example.org"),
    )

    assert read_mentors(cohort, data).invitations == 1


def test_examiner_import_good_file(cohort, staff_user):
    data = examiners_file(
        [1, AHMAD, "Prof. Dr. Ahmad", "Pembina Utama Muda (IV/c)", "Widyaiswara Ahli Utama", "", "a@lan.go.id"],
        [2, BUDI, "Dr. Budi", "IV/b", "Widyaiswara Ahli Madya", "PKP2A I LAN", ""],
    )

    preview = import_examiners(cohort, data, by=staff_user)

    assert preview.counts == {"new": 2, "updated": 0, "unchanged": 0, "error": 0}
    assert sorted(Examiner.objects.values_list("user__full_name", "grade", "institution")) == [
        ("Dr. Budi", "IV/b", "PKP2A I LAN"),
        ("Prof. Dr. Ahmad", "IV/c", "LAN RI"),
    ]
    assert AuditEvent.objects.get(verb=AuditEvent.Verb.EXAMINER_IMPORT).data["new"] == 2


def test_examiner_import_bad_rows(cohort):
    ExaminerFactory(cohort=cohort, user__email="taken@example.org", user__nip=CITRA)
    data = examiners_file(
        [1, AHMAD, "Ahmad", "V/a", "", "", ""],
        [2, 197105052000031002, "Budi", "IV/a", "", "", ""],
        [3, BUDI, "Budi", "IV/a", "", "", "taken@example.org"],
        [4, BUDI, "Budi lagi", "IV/a", "", "", ""],
    )

    preview = read_examiners(cohort, data)

    assert errors(preview) == {
        2: ["Unknown rank “V/a”: write the golongan as III/b or the pangkat as Penata Muda Tk. I."],
        3: [
            "The NIP was stored as a number, so its last digits are lost. Format the NIP column as text and type the "
            "NIP again."
        ],
        4: ["The e-mail address taken@example.org belongs to someone else."],
        5: ["This NIP repeats row 4 (Budi)."],
    }


def test_examiner_reimport_lists_changes_and_who_is_missing(cohort):
    kept = ExaminerFactory(cohort=cohort, user__nip=CITRA, user__full_name="Dr. Citra")
    import_examiners(cohort, examiners_file([1, AHMAD, "Ahmad", "IV/a", "Widyaiswara", "LAN RI", ""]), by=None)

    preview = read_examiners(cohort, examiners_file([1, AHMAD, "Ahmad", "IV/a", "Widyaiswara", "PUSLATBANG", ""]))

    assert [(c.label, c.old, c.new) for c in preview.rows[0].changes] == [("Institution", "LAN RI", "PUSLATBANG")]
    assert preview.missing == [kept]


def test_an_examiner_import_never_touches_participants(cohort):
    participant = ParticipantFactory(cohort=cohort, user__nip=AHMAD.replace(" ", ""), mentor=None)

    import_examiners(cohort, examiners_file([1, AHMAD, participant.user.full_name, "IV/a", "", "", ""]), by=None)

    assert Participant.objects.get() == participant
    assert Examiner.objects.get().user == participant.user
