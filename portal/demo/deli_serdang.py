"""The demo's second organisation, elsewhere in Sumatera Utara: BKPSDM Kabupaten Deli Serdang, with a small cohort
of Pelatihan Kepemimpinan Pengawas whose mentors are each participant's direct superior (atasan langsung).

Its roster is imported as its clerk would import it, with the spellings offices use ("Kec. Tanjung Morawa",
"TANJUNG MORAWA", "Biru-biru", a Kemendagri code, a trailing space) and each superior's NIP. Names, NIPs and
contacts are made up.
"""

import contextlib
import datetime
import io

from openpyxl import Workbook

from innovations.demo import load_consultations, load_plans
from innovations.models import DEFAULT_CLUSTERS, ActionPlan, Cluster
from participants.importer import import_roster
from participants.models import AuditEvent, Cohort, Mentor, Organisation, Participant, Region, User
from participants.rules import person_path

from ..services import replace_mentor
from .logos import demo_logo

REGION = "12.07"  # Kabupaten Deli Serdang
SLUG = "deli-serdang-2025"
SHORT_NAME = "BKPSDM Kabupaten Deli Serdang"
STAFF = ("Nurhasanah Sembiring, S.E., M.Si", 2, "staf@bkpsdm.deliserdang.example")
HEAD = ("Dr. Muhammad Ridwan Batubara, M.AP", "196911201995031002")
# (full name, sex digit, jabatan, e-mail local part): the participants' direct superiors, their mentors.
SUPERIORS = [
    ("Drs. Ahmad Fauzi Siregar, M.Si", 1, "Camat Tanjung Morawa", "camat.tanjungmorawa"),
    ("Ir. Rosmawati Br Ginting, M.AP", 2, "Kepala Bidang Pengembangan Kompetensi", "rosmawati.ginting"),
    ("Hendra Wijaya Purba, S.STP, M.Si", 1, "Sekretaris Dinas Kependudukan dan Pencatatan Sipil", "hendra.purba"),
]
# (full name, sex, golongan, jabatan, unit kerja, kecamatan and kelurahan/desa as the roster writes them,
#  superior, e-mail local part, cluster, plan title)
PARTICIPANTS = [
    ("Rudy Hartono Simbolon, S.Sos", 1, "III/d", "Kepala Seksi Pemerintahan", "Kantor Camat Tanjung Morawa",
     "Kec. Tanjung Morawa", "Pekan Tanjung Morawa", 0, "rudy.simbolon",
     "Layanan Langsung", "Layanan Administrasi Terpadu Kecamatan Satu Pintu"),
    ("Lina Marlina Tarigan, S.Kom", 2, "III/c", "Kepala Seksi Pelayanan Umum", "Kantor Camat Tanjung Morawa",
     "TANJUNG MORAWA", "Limau Manis", 0, "lina.tarigan",
     "Sistem Informasi", "Antrean Daring Kantor Camat Tanjung Morawa"),
    ("Bayu Aditya Nasution, S.E.", 1, "III/c", "Kepala Subbidang Pengembangan Karier", SHORT_NAME,
     "12.07.28", "Cemara", 1, "bayu.nasution",
     "Pelayanan Kepegawaian", "Peta Karier Digital Pegawai Deli Serdang"),
    ("Dewi Anggraini Sitepu, S.H.", 2, "III/d", "Kepala Subbidang Diklat Struktural", SHORT_NAME,
     "Lubuk Pakam", "", 1, "dewi.sitepu",
     "Pelayanan Kepegawaian", "Jadwal Pelatihan Terbuka untuk Semua Perangkat Daerah"),
    ("Yusuf Maulana Harahap, S.STP", 1, "III/c", "Kepala Seksi Identitas Penduduk",
     "Dinas Kependudukan dan Pencatatan Sipil", "Percut Sei Tuan ", "Kenangan Baru", 2, "yusuf.harahap",
     "Layanan Langsung", "Jemput Bola Perekaman KTP-el di Desa Terpencil"),
    ("Sri Wahyuni Purba, S.Sos", 2, "III/b", "Kepala Seksi Pelayanan Pencatatan Sipil",
     "Dinas Kependudukan dan Pencatatan Sipil", "Biru-biru", "Biru-biru", 2, "sri.purba",
     "Kearsipan", "Arsip Akta Kelahiran Digital Desa"),
]  # fmt: skip
STATES = {
    1: ActionPlan.State.APPROVED,
    2: ActionPlan.State.APPROVED,
    3: ActionPlan.State.SUBMITTED,
    4: ActionPlan.State.REVISION,
    5: ActionPlan.State.SUBMITTED,
    6: ActionPlan.State.DRAFT,
}
FIRST_INDEX = 500  # the demo NIPs of this organisation's people: 500 and up


def organisation() -> Organisation:
    found = Organisation.objects.filter(short_name=SHORT_NAME).first()
    if found is not None:
        return found
    made = Organisation(
        name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        short_name=SHORT_NAME,
        government="Pemerintah Kabupaten Deli Serdang",
        region=Region.objects.get(code=REGION),
        place="Lubuk Pakam",
        address="Jalan Negara No. 1, Lubuk Pakam 20514",
        phone="(061) 7951000",
        email="bkpsdm@deliserdang.example",
        website="bkpsdm.deliserdang.example",
        head_name=HEAD[0],
        head_nip=HEAD[1],
        head_grade="IV/b",
        head_position="Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Deli Serdang",
        number_pattern="800.1.5/{seq}/BKPSDM/{month}/{year}",
    )
    made.logo.save("bkpsdm-deli-serdang.png", demo_logo("DS", (13, 71, 161)), save=False)
    made.save()
    return made


# A hard day (issue 22): the Camat of Tanjung Morawa is transferred and staff replace him; a week later the clerk
# imports the office's roster again, which still names the old Camat and has one new position. The replacement holds.
NEW_CAMAT = ("Syahrul Ramadhan Damanik, S.STP, M.AP", 1, "Camat Tanjung Morawa", "camat.tanjungmorawa.baru")
NEW_POSITION = (2, "Kepala Seksi Pelayanan Umum dan Perizinan")  # (roll number, jabatan) in the roster of the re-import
IMPORTED_AT = datetime.datetime(2025, 9, 1, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
CONSULTED_AT = datetime.datetime(2025, 9, 30, 14, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
REPLACED_AT = datetime.datetime(2025, 10, 6, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
REIMPORTED_AT = datetime.datetime(2025, 10, 13, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


def roster(nip_of, *, changed: tuple[int, str] | None = None) -> bytes:
    """The cohort's roster as the clerk's spreadsheet: a title, the header, one row per participant; `changed`
    gives one of them a new position."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet, active
    sheet.append(["DAFTAR PESERTA PELATIHAN KEPEMIMPINAN PENGAWAS ANGKATAN I TAHUN 2025"])
    sheet.append([])
    sheet.append(
        ["NO", "NAMA", "NIP", "PANGKAT/GOL", "JABATAN", "UNIT KERJA", "KECAMATAN", "DESA/KELURAHAN", "EMAIL",
         "NIP ATASAN", "NAMA ATASAN", "JABATAN ATASAN"]
    )  # fmt: skip
    for roll, (name, sex, grade, position, unit, kecamatan, village, boss, local, *_plan) in enumerate(
        PARTICIPANTS, start=1
    ):
        superior = SUPERIORS[boss]
        if changed and changed[0] == roll:
            position = changed[1]
        sheet.append(
            [roll, name, nip_of(FIRST_INDEX + roll, sex), grade, position, unit, kecamatan, village,
             f"{local}@deliserdang.example", nip_of(FIRST_INDEX + 10 + boss, superior[1]), superior[0], superior[2]]
        )  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def load(*, person, nip_of, password_hash: str) -> list[tuple[str, User]]:
    """The organisation, its staff and its cohort, imported from its roster; returns its sign-ins."""
    home = organisation()
    staff = person(FIRST_INDEX, STAFF[0], STAFF[1], STAFF[2])
    home.staff_members.add(staff)
    cohort, created = Cohort.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "Angkatan I Tahun 2025",
            "training_title": "Pelatihan Kepemimpinan Pengawas",
            "organisation": home,
            "region": home.region,
            "mentor_rule": Cohort.MentorRule.SUPERIOR,
            "start_date": datetime.date(2025, 9, 1),
            "end_date": datetime.date(2025, 10, 31),
        },
    )
    if created:
        clusters = {
            name: Cluster.objects.create(cohort=cohort, name=name, order=order)
            for order, name in enumerate(DEFAULT_CLUSTERS, start=1)
        }
        with dated(cohort, IMPORTED_AT):
            import_roster(cohort, roster(nip_of), by=staff)
        # The demo's people sign in with the demo password; the superiors' accounts came without an address.
        nips = [nip_of(FIRST_INDEX + roll, p[1]) for roll, p in enumerate(PARTICIPANTS, start=1)]
        for boss, (_name, sex, _position, local) in enumerate(SUPERIORS):
            nip = nip_of(FIRST_INDEX + 10 + boss, sex)
            User.objects.filter(nip=nip).update(email=f"{local}@deliserdang.example")
            nips.append(nip)
        User.objects.filter(nip__in=nips).update(password=password_hash)
        for participant in Participant.objects.filter(cohort=cohort).order_by("roll_number"):
            *_rest, cluster, title = PARTICIPANTS[participant.roll_number - 1]
            ActionPlan.objects.create(participant=participant, cluster=clusters[cluster], title=title)
        load_plans(
            cohort,
            states=STATES,
            milestones_from=datetime.date(2025, 11, 3),
            history_from=datetime.datetime(2025, 9, 15, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7))),
        )
    _load_new_camat(cohort, staff=staff, person=person, nip_of=nip_of)
    # Meetings with the mentors (this cohort's programme has no coaches), their history in the cohort's weeks.
    with dated(cohort, CONSULTED_AT):
        load_consultations(cohort, first=datetime.date(2025, 9, 16))
    first = Participant.objects.select_related("user", person_path("mentor")).get(cohort=cohort, roll_number=1)
    return [("staff", staff), ("participant", first.user), ("mentor", first.mentor.user)]


def _load_new_camat(cohort: Cohort, *, staff: User, person, nip_of) -> None:
    """The Camat of Tanjung Morawa replaced, then the roster imported again: its rows still name the old Camat, and
    the import keeps staff's decision (participants.roster_decisions) while taking the new position."""
    if AuditEvent.objects.filter(cohort=cohort, verb=AuditEvent.Verb.MENTOR_REPLACE).exists():
        return
    name, sex, position, local = NEW_CAMAT
    successor = person(FIRST_INDEX + 50, name, sex, f"{local}@deliserdang.example")
    old = Mentor.objects.get(cohort=cohort, user__nip=nip_of(FIRST_INDEX + 10, SUPERIORS[0][1]))
    # Dated in the cohort's weeks, like the rest of its history.
    with dated(cohort, REPLACED_AT):
        replace_mentor(old, by=staff, position=position, full_name=name, nip=successor.nip, email=successor.email)
    with dated(cohort, REIMPORTED_AT):
        import_roster(cohort, roster(nip_of, changed=NEW_POSITION), by=staff)


@contextlib.contextmanager
def dated(cohort: Cohort, at: datetime.datetime):
    """The audit events written inside, dated `at`."""
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield
    AuditEvent.objects.filter(cohort=cohort, pk__gt=last).update(at=at)
