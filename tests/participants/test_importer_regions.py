"""The roster import for any region: kecamatan and kelurahan/desa looked up only within the cohort's region, and
mentors by the cohort's rule (the Camat of the kecamatan, or the direct superior the roster names)."""

import pytest
from django.utils import translation

from participants.importer import ImportFileError, import_roster, read_roster
from participants.models import Cohort, Mentor, Participant, User
from participants.services import assign_mentors, set_mentor
from portal.services import save_cohort
from tests.factories import CohortFactory, MentorFactory, UserFactory, load_region
from tests.participants.roster_files import xlsx

RINA = "19750204 200006 2 002"
BONAR = "197803152003121001"
CAMAT = "196805211996091002"  # a direct superior
SEKCAM = "197001011995031001"
HEADER = ["NO", "NAMA", "NIP", "JABATAN", "UNIT KERJA", "KECAMATAN", "DESA/KELURAHAN"]
SUPERIOR_HEADER = [*HEADER, "NIP ATASAN", "NAMA ATASAN", "JABATAN ATASAN"]


def row(no, name, nip, kecamatan="", village="", *superior):
    return [no, name, nip, "Kepala Seksi", "Kantor Camat", kecamatan, village, *superior]


def errors(preview):
    return {row.line: row.errors for row in preview.rows if row.errors}


@pytest.fixture
def deli_serdang(db):
    return load_region("12.07")


@pytest.fixture
def cohort(deli_serdang):
    return CohortFactory(region=deli_serdang)


@pytest.fixture
def superior_cohort(deli_serdang):
    return CohortFactory(region=deli_serdang, mentor_rule=Cohort.MentorRule.SUPERIOR)


@pytest.mark.parametrize(
    "written",
    ["Kec. Tanjung Morawa", "TANJUNG MORAWA", "tanjung morawa  ", "Kecamatan Tanjung-Morawa", "12.07.02", "120702"],
)
def test_import_reads_a_kecamatan_as_offices_write_it(cohort, written):
    import_roster(cohort, xlsx([HEADER, row(1, "Rina", RINA, written)]))

    assert Participant.objects.get().kecamatan.code == "12.07.02"


def test_import_reads_a_hyphenated_kecamatan_however_it_is_cased(cohort):
    import_roster(cohort, xlsx([HEADER, row(1, "Rina", RINA, "Biru-biru"), row(2, "Bonar", BONAR, "BIRU BIRU")]))

    assert list(Participant.objects.values_list("kecamatan__name", flat=True)) == ["Biru-Biru", "Biru-Biru"]


def test_two_regions_with_a_kecamatan_name_in_common_each_get_their_own(db):
    karo, asahan = load_region("12.06", villages=False), load_region("12.09", villages=False)
    in_karo, in_asahan = CohortFactory(region=karo), CohortFactory(region=asahan)
    data = xlsx([HEADER, row(1, "Rina", RINA, "Simpang Empat")])

    import_roster(in_karo, data)
    import_roster(in_asahan, data)

    assert {p.cohort.region.name: p.kecamatan.code for p in Participant.objects.select_related("kecamatan")} == {
        "Kabupaten Karo": "12.06.12",
        "Kabupaten Asahan": "12.09.12",
    }


def test_a_name_shared_by_two_kabupaten_of_a_provincial_cohort_asks_for_the_code(db):
    load_region("12.06", villages=False)
    load_region("12.09", villages=False)
    province = CohortFactory(region_id="12")

    preview = import_roster(
        province, xlsx([HEADER, row(1, "Rina", RINA, "Simpang Empat"), row(2, "Bonar", BONAR, "12.09.12")])
    )

    assert errors(preview) == {
        2: [
            "“Simpang Empat” is the name of more than one kecamatan in Sumatera Utara: "
            "write its Kemendagri code instead."
        ]
    }
    assert Participant.objects.get().kecamatan.code == "12.09.12"


def test_a_kecamatan_outside_the_cohorts_region_is_refused_by_row_naming_the_region(cohort):
    load_region("12.71", villages=False)

    preview = import_roster(
        cohort, xlsx([HEADER, row(1, "Rina", RINA, "Medan Sunggal"), row(2, "Bonar", BONAR, "12.71.02")])
    )

    assert errors(preview) == {
        2: ["“Medan Sunggal” is not a kecamatan in Kabupaten Deli Serdang."],
        3: ["“12.71.02” is not a kecamatan in Kabupaten Deli Serdang."],
    }
    assert not Participant.objects.exists()
    assert not User.objects.filter(nip__in=["197502042000062002", BONAR]).exists()


def test_a_roster_with_kecamatan_for_a_cohort_without_a_region_is_refused_whole(db):
    cohort = CohortFactory(region=None)

    with pytest.raises(ImportFileError, match="This cohort has no region yet"):
        read_roster(cohort, xlsx([HEADER, row(1, "Rina", RINA, "Tanjung Morawa")]))


def test_a_kelurahan_or_desa_is_looked_up_within_its_kecamatan(cohort):
    import_roster(
        cohort,
        xlsx([HEADER, row(1, "Rina", RINA, "Namo Rambe", "Deli Tua"), row(2, "Bonar", BONAR, "Deli Tua", "Deli Tua")]),
    )

    places = {p.kelurahan.code: p.kecamatan.name for p in Participant.objects.select_related("kelurahan", "kecamatan")}
    assert sorted(places.values()) == ["Deli Tua", "Namo Rambe"]
    assert all(code.startswith(("12.07.06.", "12.07.22.")) for code in places)


def test_a_desa_alone_gives_its_kecamatan_unless_its_name_repeats_in_the_region(cohort):
    preview = import_roster(
        cohort, xlsx([HEADER, row(1, "Rina", RINA, "", "Pekan Tanjung Morawa"), row(2, "Bonar", BONAR, "", "Deli Tua")])
    )

    assert Participant.objects.get().kecamatan.name == "Tanjung Morawa"
    assert errors(preview) == {
        3: [
            "“Deli Tua” is the name of more than one kelurahan or desa in Kabupaten Deli Serdang: give its "
            "kecamatan too, or write its Kemendagri code."
        ]
    }


def test_a_desa_outside_the_kecamatan_given_is_refused_naming_the_kecamatan(cohort):
    preview = import_roster(cohort, xlsx([HEADER, row(1, "Rina", RINA, "Sunggal", "Pekan Tanjung Morawa")]))

    assert errors(preview) == {2: ["“Pekan Tanjung Morawa” is not a kelurahan or desa in Kecamatan Sunggal."]}
    assert not Participant.objects.exists()


# Mentors by the cohort's rule ---------------------------------------------------------------------


def test_the_direct_superior_named_by_nip_becomes_the_mentor_with_a_new_account(superior_cohort):
    data = xlsx(
        [
            SUPERIOR_HEADER,
            row(1, "Rina", RINA, "Tanjung Morawa", "", CAMAT, "Drs. Ahmad Fauzi, M.Si", "Camat Tanjung Morawa"),
            row(2, "Bonar", BONAR, "Tanjung Morawa", "", "19680521 199609 1 002", "Drs. Ahmad Fauzi, M.Si", ""),
        ]
    )

    preview = import_roster(superior_cohort, data)

    assert preview.counts == {"new": 2, "updated": 0, "unchanged": 0, "error": 0}
    mentor = Mentor.objects.select_related("user").get(cohort=superior_cohort)
    assert (mentor.user.nip, mentor.user.full_name, mentor.position, mentor.kecamatan) == (
        CAMAT,
        "Drs. Ahmad Fauzi, M.Si",
        "Camat Tanjung Morawa",
        None,
    )
    assert [(p.mentor, p.superior) for p in Participant.objects.order_by("roll_number")] == [(mentor, mentor)] * 2
    assert read_roster(superior_cohort, data).counts["unchanged"] == 2


def test_an_existing_person_is_linked_as_superior_and_a_mentor_of_the_cohort_by_name(superior_cohort):
    boss = UserFactory(nip=SEKCAM, full_name="Hendra Purba, S.STP")
    Mentor.objects.create(cohort=superior_cohort, user=boss, position="Sekretaris Camat")
    data = xlsx(
        [
            SUPERIOR_HEADER,
            row(1, "Rina", RINA, "", "", SEKCAM, "", ""),
            row(2, "Bonar", BONAR, "", "", "", "hendra  purba, s.stp", ""),
        ]
    )

    import_roster(superior_cohort, data)

    assert set(Participant.objects.values_list("mentor__user__nip", flat=True)) == {SEKCAM}
    assert Mentor.objects.filter(cohort=superior_cohort).count() == 1


@pytest.mark.parametrize(
    ("superior", "message"),
    [
        (
            ["1968052119960910", "Drs. Ahmad", ""],
            "The direct superior's NIP (NIP ATASAN) “1968052119960910”: A NIP has 18 digits; this one has 16.",
        ),
        (
            [CAMAT, "", ""],
            "Nobody has the NIP 196805211996091002 yet: give the direct superior's name too (NAMA ATASAN).",
        ),
        (
            ["", "Drs. Tidak Dikenal", ""],
            "No mentor of this cohort is called “Drs. Tidak Dikenal”: give the direct superior's NIP (NIP ATASAN) so "
            "their account can be made.",
        ),
        (
            [RINA, "Rina", ""],
            "A participant cannot be their own direct superior: check NIP ATASAN.",
        ),
    ],
)
def test_a_superior_that_cannot_be_found_or_read_refuses_the_row_and_writes_nothing(superior_cohort, superior, message):
    preview = import_roster(superior_cohort, xlsx([SUPERIOR_HEADER, row(1, "Rina", RINA, "", "", *superior)]))

    assert errors(preview) == {2: [message]}
    assert not Participant.objects.exists()
    assert not Mentor.objects.exists()
    assert not User.objects.filter(nip=CAMAT).exists()


def test_under_the_camat_rule_the_superior_columns_are_ignored(cohort):
    camat = MentorFactory(cohort=cohort, kecamatan=cohort.region.children.get(name="Sunggal"))

    import_roster(cohort, xlsx([SUPERIOR_HEADER, row(1, "Rina", RINA, "Sunggal", "", CAMAT, "Drs. Ahmad", "")]))

    assert Participant.objects.get().mentor == camat
    assert not User.objects.filter(nip=CAMAT).exists()


def test_a_mentor_chosen_by_staff_stays_through_a_new_import_and_giving_it_back_restores_the_superior(
    superior_cohort, staff_user
):
    data = xlsx([SUPERIOR_HEADER, row(1, "Rina", RINA, "", "", CAMAT, "Drs. Ahmad Fauzi", "Camat")])
    import_roster(superior_cohort, data)
    participant = Participant.objects.get()
    chosen = Mentor.objects.create(cohort=superior_cohort, user=UserFactory())
    set_mentor(participant, mentor=chosen, by=staff_user)

    import_roster(superior_cohort, data)
    participant.refresh_from_db()
    assert participant.mentor == chosen

    set_mentor(participant, mentor=None, by=staff_user)
    participant.refresh_from_db()
    assert participant.mentor.user.nip == CAMAT


def test_changing_the_cohorts_rule_gives_each_participant_the_mentor_of_the_new_rule(superior_cohort, staff_user):
    sunggal = superior_cohort.region.children.get(name="Sunggal")
    import_roster(
        superior_cohort, xlsx([SUPERIOR_HEADER, row(1, "Rina", RINA, "Sunggal", "", CAMAT, "Drs. Ahmad Fauzi", "")])
    )
    camat = MentorFactory(cohort=superior_cohort, kecamatan=sunggal)
    superior = Participant.objects.get().mentor
    assert superior.user.nip == CAMAT

    superior_cohort.mentor_rule = Cohort.MentorRule.CAMAT
    save_cohort(
        superior_cohort,
        by=staff_user,
        region_code="12.07",
        seminar_title="",
        seminar_date=None,
        seminar_venue="",
        version=superior_cohort.version,
    )
    assert Participant.objects.get().mentor == camat

    superior_cohort.mentor_rule = Cohort.MentorRule.SUPERIOR
    superior_cohort.save()
    assert assign_mentors(superior_cohort) == 1
    assert Participant.objects.get().mentor == superior


def test_the_refusal_reads_in_indonesian_for_an_indonesian_clerk(cohort):
    load_region("12.71", villages=False)

    with translation.override("id"):
        preview = read_roster(cohort, xlsx([HEADER, row(1, "Rina", RINA, "Medan Sunggal")]))

    assert errors(preview) == {2: ["“Medan Sunggal” bukan kecamatan di Kabupaten Deli Serdang."]}
