"""The national-scale data set of the benchmark: 499 generated cohorts beside the Medan 2017 demo cohort.

Written with bulk_create, a few cohorts at a time, straight into the tables: running 18,000 plans through
the real workflow would take an hour. The shape follows the demo and DESIGN.md: 50 cities, each with its
organisation (BPSDM Kota ...) and its real kecamatan from the Kemendagri list; 37 participants a cohort,
a Camat mentor for each of four kecamatan, two seminar rooms with a panel of three examiners each, a plan
per participant with three candidate issues, three stakeholders, two risks and five milestones, and then
what each plan's state implies (versions, audit events, slots, three score sheets, a sealed agreement with
three signatures, progress reports, a place in the public catalogue).

Not a module of the product and never imported by it: `bench/national.py` calls `build()`.
"""

import datetime
import hashlib
import json
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from innovations.models import (
    DEFAULT_CLUSTERS,
    ActionPlan,
    CandidateIssue,
    Cluster,
    Milestone,
    PlanVersion,
    ProgressReport,
    Risk,
    Stakeholder,
)
from participants import regions
from participants.models import (
    AuditEvent,
    Cohort,
    Examiner,
    Mentor,
    Notification,
    Organisation,
    Participant,
    Region,
    User,
)
from seminars.models import (
    DEFAULT_BANDS,
    DEFAULT_CRITERIA,
    Agreement,
    Break,
    Criterion,
    Panel,
    PredicateBand,
    Room,
    Rubric,
    Score,
    ScoreSheet,
    Seminar,
    Signature,
    Slot,
)
from seminars.services import seminar_times

COHORTS = 499  # with the demo cohort: 500
PARTICIPANTS = 37
MENTORS_PER_COHORT = 4
EXAMINER_POOL = 400
CITIES = 50
STAFF_PER_CITY = 2
CURRENT_COHORTS = 100  # the most recent ones are still under way; the others are finished
SHAPE = f"national-v3 {COHORTS}x{PARTICIPANTS}"  # v2: one audit log and lifecycle states; v3: regions, organisations
NATIONAL_STAFF_EMAIL = "staf.nasional@lan.example"
CHUNK = 25  # cohorts written per round of bulk_create

State = ActionPlan.State
TIMEZONE = datetime.timezone(datetime.timedelta(hours=7))

# Real cities with four kecamatan or more, for a Camat in each of four.
CITY_NAMES = [
    "Binjai", "Pematangsiantar", "Tebing Tinggi", "Tanjungbalai", "Sibolga", "Padang", "Banda Aceh",
    "Payakumbuh", "Pekanbaru", "Dumai", "Jambi", "Palembang", "Lubuk Linggau", "Bengkulu", "Bandar Lampung",
    "Metro", "Serang", "Cilegon", "Tangerang", "Bogor", "Depok", "Bekasi", "Sukabumi", "Cirebon", "Tasikmalaya",
    "Semarang", "Surakarta", "Bandung", "Pekalongan", "Tegal", "Salatiga", "Yogyakarta", "Surabaya", "Malang",
    "Batam", "Padangsidimpuan", "Prabumulih", "Probolinggo", "Pasuruan", "Denpasar", "Mataram", "Kupang", "Pontianak",
    "Banjarmasin", "Samarinda", "Balikpapan", "Manado", "Makassar", "Kendari", "Ambon",
]  # fmt: skip
KECAMATAN_SUFFIXES = [
    "Kota", "Utara", "Selatan", "Barat", "Timur", "Tengah", "Baru", "Lama", "Hilir", "Hulu", "Pesisir",
    "Raya", "Jaya", "Indah", "Permai", "Sejahtera", "Makmur", "Mulia", "Asri", "Damai", "Kencana",
]  # fmt: skip
FIRST_NAMES = [
    "Ahmad", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hendra", "Indah", "Joko", "Kartika", "Lestari",
    "Muhammad", "Nur", "Oktaviani", "Putri", "Rahmat", "Sri", "Taufik", "Utami", "Wahyu", "Yuni", "Zulkifli",
    "Agus", "Bambang", "Dian", "Fajar", "Hadi", "Irwan", "Maya", "Rina", "Siti", "Teguh", "Wulan",
]  # fmt: skip
LAST_NAMES = [
    "Siregar", "Nasution", "Lubis", "Harahap", "Sembiring", "Ginting", "Tarigan", "Simanjuntak", "Hutapea",
    "Santoso", "Wibowo", "Susanto", "Pratama", "Saputra", "Hidayat", "Kurniawan", "Setiawan", "Rahman",
    "Hasibuan", "Daulay", "Pohan", "Situmorang", "Manurung", "Purba", "Saragih", "Damanik",
]  # fmt: skip
TITLES = ["S.Sos", "S.STP", "S.E", "S.H", "S.Kom", "S.AP", "M.Si", "M.AP", "S.IP"]
GRADES = ["III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"]
POSITIONS = ["Lurah", "Sekretaris Kelurahan", "Kepala Seksi Pelayanan", "Kepala Seksi Pemerintahan", "Analis"]

# Words a plan is written with; each cluster has its own, and all share the common ones.
CLUSTER_WORDS = {
    "Kearsipan": "arsip dokumen berkas penyimpanan digitalisasi katalog retensi rak label pencarian surat register",
    "Layanan Langsung": "antrean loket persyaratan formulir jemput bola keliling pengaduan kunjungan administrasi",
    "Sarana Prasarana": "ruang tunggu ramp difabel toilet laktasi taman parkir penerangan kursi roda bangunan",
    "Sistem Informasi": "aplikasi daring website basis data dasbor notifikasi pesan singkat QR server sinkron",
    "Pemberdayaan Masyarakat": "kader posyandu karang taruna gotong royong bank sampah UMKM pelatihan relawan",
    "Pelayanan Kepegawaian": "kenaikan pangkat cuti absensi berkas pegawai gaji berkala kinerja disiplin SKP",
    "Tata Kelola Pemerintahan": "koordinasi rapat evaluasi pelaporan anggaran perencanaan transparansi akuntabilitas",
}
COMMON_WORDS = [
    "cepat", "tepat", "mudah", "murah", "terukur", "terpadu", "terbuka", "ramah", "efisien", "efektif", "inklusif",
    "berkelanjutan", "kolaboratif", "waktu", "biaya", "prosedur", "standar", "petugas", "kepuasan", "indeks",
    "survei", "jadwal", "target", "capaian", "hasil", "manfaat", "dampak",
]  # fmt: skip
TITLE_PREFIXES = ["Gerakan", "Sistem", "Layanan", "Aplikasi", "Program", "Pojok", "Klinik", "Rumah", "Gerai", "Sahabat"]
MILESTONES = [  # (term, deliverable, days after the cohort's last day)
    ("short", "SK tim dan prosedur baru disahkan", 30),
    ("short", "Sosialisasi kepada pegawai dan warga", 60),
    ("medium", "Layanan baru berjalan", 120),
    ("medium", "Evaluasi dan perbaikan layanan", 180),
    ("long", "Inovasi direplikasi ke unit lain", 365),
]


# A cohort under way: the last roll number of each state, in roll order; the rest are drafts.
CURRENT_STATES = [
    (6, State.COMPLETED),
    (19, State.AGREED),
    (28, State.EXAMINED),
    (30, State.APPROVED),
    (32, State.REVISION),
    (34, State.SUBMITTED),
    (35, State.WITHDRAWN),
]


def _states(current: bool) -> dict[int, str]:
    """Roll number -> state. A finished cohort has every plan agreed or completed; one under way has them all."""
    if not current:
        return {roll: State.COMPLETED if roll <= 18 else State.AGREED for roll in range(1, PARTICIPANTS + 1)}
    return {
        roll: next((state for last, state in CURRENT_STATES if roll <= last), State.DRAFT)
        for roll in range(1, PARTICIPANTS + 1)
    }


SCHEDULED = {State.APPROVED, State.EXAMINED, State.AGREED, State.COMPLETED}
SEALED = {State.AGREED, State.COMPLETED}


def nip_for(number: int) -> str:
    """A valid NIP, unique per number: born 1965–1989, appointed at 23, sequence 500 and up."""
    birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=number % 9000)
    return f"{birth:%Y%m%d}{birth.year + 23}{1 + number % 12:02d}{1 + number % 2}{500 + number // 9000:03d}"


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, {rng.choice(TITLES)}"


def _sentence(rng: random.Random, words: list[str], length: int) -> str:
    return " ".join(rng.choice(words) for _ in range(length)).capitalize() + "."


def _plan_text(rng: random.Random, cluster: str, unit: str) -> dict[str, str]:
    words = CLUSTER_WORDS[cluster].split() + COMMON_WORDS
    topic = rng.sample(CLUSTER_WORDS[cluster].split(), 2)
    title = f"{rng.choice(TITLE_PREFIXES)} {topic[0].capitalize()} {topic[1].capitalize()} {unit}"
    return {
        "title": title[:250],
        "background": f"{unit} melayani ribuan warga setiap tahun. "
        + " ".join(_sentence(rng, words, 12) for _ in range(4)),
        "problem": " ".join(_sentence(rng, words, 10) for _ in range(2)),
        "ideal_state": _sentence(rng, words, 14),
        "innovation": f"{title}. " + " ".join(_sentence(rng, words, 14) for _ in range(3)),
        "objectives": _sentence(rng, words, 12),
        "benefits": " ".join(_sentence(rng, words, 10) for _ in range(2)),
        "outputs": _sentence(rng, words, 12),
        "resources": "Pegawai, kepala lingkungan, anggaran operasional, dukungan pimpinan.",
        "success_indicators": "Waktu layanan rata-rata turun 50%; indeks kepuasan masyarakat minimal 80.",
    }


def _code(number: int) -> str:
    """A verification code from the agreements' alphabet, unique per number; a demo's random code may also begin
    with N (`_backdate` tells them apart)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    digits = ""
    for _ in range(9):
        number, rest = divmod(number, len(alphabet))
        digits = alphabet[rest] + digits
    return "N" + digits


def _at(day: datetime.date, minutes: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=TIMEZONE) + datetime.timedelta(minutes=minutes)


def is_built(shape: str = SHAPE) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_dataset (shape text PRIMARY KEY, built_at timestamptz)")
        cursor.execute("SELECT 1 FROM bench_dataset WHERE shape = %s", [shape])
        return cursor.fetchone() is not None


def mark_built(shape: str = SHAPE) -> None:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_dataset VALUES (%s, now())", [shape])


class Builder:
    """Writes the national data set; one instance per build."""

    def __init__(self):
        self.rng = random.Random(2017)
        self.password = make_password("inovasi2017")
        self.user_number = 0
        self.code_number = 0

    def user(self, full_name: str, email: str, **fields) -> User:
        self.user_number += 1
        return User(
            full_name=full_name,
            email=email,
            nip=nip_for(self.user_number),
            password=self.password,
            last_login=timezone.now() if self.user_number % 5 else None,
            **fields,
        )

    def build(self) -> None:
        rng = self.rng
        kecamatan = self._kecamatan()
        national_staff = User.objects.create(
            full_name="Staf Pusat Pembinaan Jabatan Fungsional", email=NATIONAL_STAFF_EMAIL, is_staff=True
        )
        city_staff = User.objects.bulk_create(
            self.user(_name(rng), f"staf{n}@bpsdm.example", is_staff=True) for n in range(CITIES * STAFF_PER_CITY)
        )
        organisations = self._organisations(national_staff, city_staff)
        examiner_users = User.objects.bulk_create(
            self.user(f"Dr. {_name(rng)}", f"penguji{n}@lan.example") for n in range(EXAMINER_POOL)
        )
        demo = Cohort.objects.filter(slug="medan-2017").select_related("organisation").first()
        if demo:
            demo.organisation.staff_members.add(national_staff)
        for first in range(0, COHORTS, CHUNK):
            self._cohorts(range(first, min(first + CHUNK, COHORTS)), kecamatan, organisations, examiner_users)
        self._backdate()

    def _kecamatan(self) -> dict[str, list[Region]]:
        """The cities' real kecamatan, loaded from the Kemendagri list (without their kelurahan: none is needed)."""
        codes = {entry.name: entry.code for entry in regions.provinces_and_regencies() if entry.level == 2}
        self.city_codes = {city: codes[f"Kota {city}"] for city in CITY_NAMES}
        regions.load(self.city_codes.values(), villages=False)
        by_city: dict[str, list[Region]] = {}
        for item in Region.objects.filter(parent_id__in=self.city_codes.values()).select_related("parent"):
            by_city.setdefault(item.parent.name, []).append(item)
        return by_city

    def _organisations(self, national_staff, city_staff) -> dict[str, Organisation]:
        """One organisation a city, its two staff and the national staff member, who runs every cohort."""
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name="Badan Pengembangan Sumber Daya Manusia",
                short_name=f"BPSDM Kota {city}",
                government=f"Pemerintah Kota {city}",
                region_id=self.city_codes[city],
                place=city,
                head_name=f"Kepala BPSDM Kota {city}",
                head_position=f"Kepala Badan Pengembangan Sumber Daya Manusia Kota {city}",
                number_pattern="800/{seq}/BPSDM/{year}",
            )
            for city in CITY_NAMES
        )
        through = Organisation.staff_members.through
        through.objects.bulk_create(
            through(organisation=organisation, user=user)
            for n, organisation in enumerate(organisations)
            for user in [national_staff, *city_staff[n * STAFF_PER_CITY : (n + 1) * STAFF_PER_CITY]]
        )
        return dict(zip(CITY_NAMES, organisations, strict=True))

    def _cohorts(self, numbers, kecamatan, organisations, examiner_users) -> None:
        rng = self.rng
        # Any: the bench hangs its own facts on each cohort (number, city, current, places, mentors_, examiners_),
        # which the model does not declare; likewise on plans (cohort, examiner_) and sheets (values_) below.
        cohorts: list[Any] = []
        for n in numbers:
            city = CITY_NAMES[n % CITIES]
            year = 2016 + n * 10 // COHORTS
            start = datetime.date(year, 1 + n % 11, 1 + n % 20)
            cohorts.append(
                Cohort(
                    name=f"Angkatan {n // CITIES + 1} Tahun {year} Kota {city}",
                    slug=f"{city.lower().replace(' ', '-')}-{year}-{n}",
                    training_title="Pelatihan Kepemimpinan Pengawas",
                    organisation=organisations[city],
                    region_id=self.city_codes[city],
                    start_date=start,
                    end_date=start + datetime.timedelta(days=28),
                )
            )
        Cohort.objects.bulk_create(cohorts)
        for n, cohort in zip(numbers, cohorts, strict=True):
            cohort.number, cohort.city, cohort.current = n, CITY_NAMES[n % CITIES], n >= COHORTS - CURRENT_COHORTS

        clusters = Cluster.objects.bulk_create(
            Cluster(cohort=cohort, name=name, order=order)
            for cohort in cohorts
            for order, name in enumerate(DEFAULT_CLUSTERS, start=1)
        )
        clusters_of: dict[int, list[Cluster]] = {}
        for cluster in clusters:
            clusters_of.setdefault(cluster.cohort_id, []).append(cluster)

        rubrics = Rubric.objects.bulk_create(Rubric(cohort=cohort) for cohort in cohorts)
        criteria = Criterion.objects.bulk_create(
            Criterion(rubric=rubric, aspect=aspect, name=name, weight=weight, order=order)
            for rubric in rubrics
            for order, (aspect, name, weight) in enumerate(DEFAULT_CRITERIA, start=1)
        )
        PredicateBand.objects.bulk_create(
            PredicateBand(rubric=rubric, above=above, label=label)
            for rubric in rubrics
            for above, label in DEFAULT_BANDS
        )
        criteria_of: dict[int, list[Criterion]] = {}
        for criterion in criteria:
            criteria_of.setdefault(criterion.rubric.cohort_id, []).append(criterion)

        # People: four Camat, six examiners from the pool, 37 participants.
        mentor_users, participant_users = [], []
        for cohort in cohorts:
            for k in range(MENTORS_PER_COHORT):
                mentor_users.append(self.user(f"Camat {_name(rng)}", f"camat{cohort.number}-{k}@pemko.example"))
            for roll in range(1, PARTICIPANTS + 1):
                participant_users.append(self.user(_name(rng), f"peserta{cohort.number}-{roll}@pemko.example"))
        User.objects.bulk_create(mentor_users, batch_size=2000)
        User.objects.bulk_create(participant_users, batch_size=2000)

        mentors, examiners = [], []
        for index, cohort in enumerate(cohorts):
            places = kecamatan[f"Kota {cohort.city}"]
            cohort.places = [places[(cohort.number // CITIES * MENTORS_PER_COHORT + k) % len(places)] for k in range(4)]
            for k, place in enumerate(cohort.places):
                mentors.append(
                    Mentor(
                        cohort=cohort,
                        kecamatan=place,
                        user=mentor_users[index * MENTORS_PER_COHORT + k],
                        position=f"Camat {place.name}",
                    )
                )
            for k in range(6):
                user = examiner_users[(cohort.number * 6 + k) % EXAMINER_POOL]
                examiners.append(Examiner(cohort=cohort, user=user, position="Widyaiswara Ahli Madya"))
        Mentor.objects.bulk_create(mentors)
        Examiner.objects.bulk_create(examiners)

        participants = []
        for index, cohort in enumerate(cohorts):
            cohort.mentors_ = mentors[index * MENTORS_PER_COHORT : (index + 1) * MENTORS_PER_COHORT]
            cohort.examiners_ = examiners[index * 6 : (index + 1) * 6]
            for roll in range(1, PARTICIPANTS + 1):
                mentor = cohort.mentors_[roll % MENTORS_PER_COHORT]
                participants.append(
                    Participant(
                        cohort=cohort,
                        user=participant_users[index * PARTICIPANTS + roll - 1],
                        roll_number=roll,
                        grade=rng.choice(GRADES),
                        position=rng.choice(POSITIONS),
                        work_unit=f"Kelurahan {rng.choice(LAST_NAMES)} {rng.choice(KECAMATAN_SUFFIXES)}",
                        kecamatan=mentor.kecamatan,
                        mentor=mentor,
                    )
                )
        Participant.objects.bulk_create(participants, batch_size=2000)

        plans = []
        for index, cohort in enumerate(cohorts):
            states = _states(cohort.current)
            for roll in range(1, PARTICIPANTS + 1):
                participant = participants[index * PARTICIPANTS + roll - 1]
                cluster = clusters_of[cohort.pk][roll % len(DEFAULT_CLUSTERS)]
                plan: Any = ActionPlan(
                    participant=participant,
                    cluster=cluster,
                    state=states[roll],
                    version=3,
                    **_plan_text(rng, cluster.name, participant.work_unit),
                )
                plan.cohort = cohort
                plans.append(plan)
        ActionPlan.objects.bulk_create(plans, batch_size=1000)

        self._plan_contents(plans)
        self._seminars(cohorts, plans, criteria_of)
        self._implementation(plans)

    def _plan_contents(self, plans) -> None:
        issues, stakeholders, risks, milestones, versions, events, notifications = [], [], [], [], [], [], []
        plan_type = ContentType.objects.get_for_model(ActionPlan)
        for plan in plans:
            participant, cohort = plan.participant, plan.cohort
            for k, (description, passes) in enumerate(
                [(plan.problem, True), ("Jam layanan belum diumumkan secara luas.", True), ("Ruang sempit.", False)]
            ):
                issues.append(
                    CandidateIssue(
                        plan=plan,
                        description=description[:500],
                        aktual=True,
                        problematik=passes,
                        kekhalayakan=passes,
                        layak=True,
                        urgency=5 - k,
                        seriousness=4 - k,
                        growth=4 - k,
                    )
                )
            stakeholders += [
                Stakeholder(
                    plan=plan, name="Camat", role="Mentor", interest="Layanan membaik", influence="high", order=1
                ),
                Stakeholder(plan=plan, name="Kepala lingkungan", role="Penghubung", interest="Warga", order=2),
                Stakeholder(plan=plan, name="Warga", role="Penerima layanan", interest="Layanan cepat", order=3),
            ]
            risks += [
                Risk(plan=plan, description="Pegawai belum terbiasa", mitigation="Pendampingan", order=1),
                Risk(plan=plan, description="Anggaran terbatas", mitigation="Memanfaatkan yang ada", order=2),
            ]
            plan.milestones_ = [
                Milestone(
                    plan=plan,
                    term=term,
                    deliverable=deliverable,
                    due_date=cohort.end_date + datetime.timedelta(days=days),
                    order=order,
                )
                for order, (term, deliverable, days) in enumerate(MILESTONES, start=1)
            ]
            milestones += plan.milestones_
            owner, mentor = participant.user, participant.mentor.user
            steps = {
                State.DRAFT: [],
                State.WITHDRAWN: [(owner, State.DRAFT, State.WITHDRAWN)],
                State.SUBMITTED: [(owner, State.DRAFT, State.SUBMITTED)],
                State.REVISION: [(owner, State.DRAFT, State.SUBMITTED), (mentor, State.SUBMITTED, State.REVISION)],
            }.get(plan.state)
            if steps is None:
                steps = [(owner, State.DRAFT, State.SUBMITTED), (mentor, State.SUBMITTED, State.APPROVED)]
                chain = [State.APPROVED, State.EXAMINED, State.AGREED, State.COMPLETED]
                for before, after in zip(chain, chain[1:], strict=False):
                    if chain.index(plan.state) < chain.index(after):
                        break
                    steps.append((mentor if after == State.COMPLETED else owner, before, after))
            events += [
                AuditEvent(
                    cohort=plan.cohort,
                    actor=actor,
                    verb=f"plan.{State.MOVES[before, after].action}",  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
                    target_type=plan_type,
                    target_id=plan.pk,
                    target_label=plan.title,
                    from_state=before,
                    to_state=after,
                    at=_at(plan.cohort.end_date - datetime.timedelta(days=14), plan.pk % 600 + step),
                )
                for step, (actor, before, after) in enumerate(steps)
            ]
            if steps and plan.state != State.WITHDRAWN:
                versions.append(
                    PlanVersion(
                        plan=plan,
                        number=1,
                        created_by=owner,
                        content={"title": plan.title, **{name: getattr(plan, name) for name in ActionPlan.SECTIONS}},
                    )
                )
            notifications += [
                Notification(
                    user=owner,
                    cohort=plan.cohort,
                    message="Rencana aksi Anda disetujui mentor.",
                    read_at=timezone.now(),
                    mail=Notification.Mail.SENT,
                ),
                Notification(
                    user=owner,
                    cohort=plan.cohort,
                    message="Hasil seminar sudah diumumkan.",
                    mail=Notification.Mail.SENT,
                ),
            ]
        CandidateIssue.objects.bulk_create(issues, batch_size=2000)
        for plan, first in zip(plans, issues[::3], strict=True):
            plan.core_issue = first
        ActionPlan.objects.bulk_update(plans, ["core_issue"], batch_size=2000)
        for model, rows in [
            (Stakeholder, stakeholders),
            (Risk, risks),
            (Milestone, milestones),
            (AuditEvent, events),
            (PlanVersion, versions),
            (Notification, notifications),
        ]:
            # Each model listed has `objects`; their common type, Model, does not declare it.
            model.objects.bulk_create(rows, batch_size=2000)  # type: ignore[attr-defined]

    def _seminars(self, cohorts, plans, criteria_of) -> None:
        seminars = Seminar.objects.bulk_create(
            Seminar(
                cohort=cohort,
                title="Seminar Rancangan Aksi Perubahan",
                date=cohort.end_date,
                venue=f"Aula BPSDM Kota {cohort.city}",
                results_published_at=_at(cohort.end_date, 8 * 60) if cohort.current is False else None,
                results_state="unpublished" if cohort.current else "published",
            )
            for cohort in cohorts
        )
        Break.objects.bulk_create(
            Break(seminar=seminar, label=label, start=start, end=end)
            for seminar in seminars
            for label, start, end in [
                ("Rehat kopi", datetime.time(10, 10), datetime.time(10, 30)),
                ("Ishoma", datetime.time(12, 0), datetime.time(13, 0)),
            ]
        )
        rooms = Room.objects.bulk_create(
            Room(seminar=seminar, name=name, order=order)
            for seminar in seminars
            for order, name in enumerate(["Ruang Utama", "Ruang Kedua"], start=1)
        )
        panels = Panel.objects.bulk_create(Panel(room=room) for room in rooms)
        Panel.examiners.through.objects.bulk_create(
            Panel.examiners.through(panel=panels[index * 2 + k], examiner=examiner)
            for index, cohort in enumerate(cohorts)
            for k in range(2)
            for examiner in cohort.examiners_[k * 3 : k * 3 + 3]
        )

        slots, sheets = [], []
        by_cohort: dict[int, list[Any]] = {}
        for plan in plans:
            by_cohort.setdefault(plan.cohort.pk, []).append(plan)
        for index, (cohort, seminar) in enumerate(zip(cohorts, seminars, strict=True)):
            times = seminar_times(seminar)
            scheduled = sorted(
                (plan for plan in by_cohort[cohort.pk] if plan.state in SCHEDULED),
                key=lambda plan: (plan.cluster.order, plan.participant.roll_number),
            )
            for position, plan in enumerate(scheduled):
                room = rooms[index * 2 + position % 2]
                starts_at, ends_at = times[position // 2]
                slots.append(Slot(seminar=seminar, room=room, plan=plan, starts_at=starts_at, ends_at=ends_at))
                panel = cohort.examiners_[(position % 2) * 3 : (position % 2) * 3 + 3]
                plan.examiner_ = panel[0]
                for k, examiner in enumerate(panel):
                    submitted = plan.state != State.APPROVED or k == 0
                    sheet: Any = ScoreSheet(
                        seminar=seminar,
                        plan=plan,
                        examiner=examiner,
                        state=ScoreSheet.State.SUBMITTED if submitted else ScoreSheet.State.DRAFT,
                        note="Perjelas indikator keberhasilan dan libatkan pemangku kepentingan sejak awal.",
                        submitted_at=ends_at if submitted else None,
                    )
                    base = 68 + (plan.participant.roll_number * 7 + k * 5) % 27
                    sheet.values_ = {c.pk: Decimal(base + c.order % 3) for c in criteria_of[cohort.pk]}
                    if submitted:
                        total = sum(
                            v * c.weight for c, v in zip(criteria_of[cohort.pk], sheet.values_.values(), strict=True)
                        )
                        sheet.total = (total / Decimal(100)).quantize(Decimal("0.01"), ROUND_HALF_UP)
                    sheets.append(sheet)
        Slot.objects.bulk_create(slots, batch_size=2000)
        ScoreSheet.objects.bulk_create(sheets, batch_size=2000)
        Score.objects.bulk_create(
            (
                Score(sheet=sheet, criterion_id=pk, value=value)
                for sheet in sheets
                for pk, value in sheet.values_.items()
            ),
            batch_size=5000,
        )
        sheet_type = ContentType.objects.get_for_model(ScoreSheet)
        AuditEvent.objects.bulk_create(
            (
                AuditEvent(
                    cohort=sheet.examiner.cohort,
                    actor=sheet.examiner.user,
                    verb=AuditEvent.Verb.SHEET_SUBMIT,
                    target_type=sheet_type,
                    target_id=sheet.pk,
                    target_label=f"{sheet.examiner.user.full_name} — {sheet.plan.title}",
                    from_state=ScoreSheet.State.DRAFT,
                    to_state=ScoreSheet.State.SUBMITTED,
                    data={"total": str(sheet.total)},
                    at=sheet.submitted_at,
                )
                for sheet in sheets
                if sheet.state == ScoreSheet.State.SUBMITTED
            ),
            batch_size=2000,
        )
        for seminar, cohort in zip(seminars, cohorts, strict=True):
            seminar.cohort = cohort

    def _implementation(self, plans) -> None:
        agreements, reports = [], []
        for plan in plans:
            if plan.state not in SEALED:
                continue
            participant, cohort = plan.participant, plan.cohort
            content = {
                "cohort": cohort.name,
                "training": cohort.training_title,
                "organiser": cohort.organisation.short_name,
                "seminar": {"title": "Seminar Rancangan Aksi Perubahan", "date": str(cohort.end_date), "venue": ""},
                "participant": {"name": participant.user.full_name, "nip": participant.user.nip},
                "plan": {"title": plan.title, "summary": plan.innovation, "objectives": plan.objectives},
                "milestones": [
                    {"term": m.term, "deliverable": m.deliverable, "due_date": str(m.due_date)}
                    for m in plan.milestones_
                ],
                "examiner_notes": [],
                "parties": {
                    "participant": {"name": participant.user.full_name, "nip": participant.user.nip},
                    "mentor": {"name": participant.mentor.user.full_name, "position": participant.mentor.position},
                    "examiner": {"name": plan.examiner_.user.full_name, "institution": plan.examiner_.institution},
                },
            }
            self.code_number += 1
            agreement = Agreement(
                plan=plan,
                examiner=plan.examiner_,
                content=content,
                content_hash=hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest(),
                code=_code(self.code_number),
                sealed_at=_at(cohort.end_date, 60 * 24 * 3),
                state=Agreement.State.SEALED,
            )
            agreements.append(agreement)
            done = len(plan.milestones_) if plan.state == State.COMPLETED else 1
            for milestone in plan.milestones_[:done]:
                reports.append(
                    ProgressReport(
                        milestone=milestone,
                        author=participant.user,
                        status=ProgressReport.Status.DONE,
                        percent=100,
                        narrative=f"Selesai: {milestone.deliverable}.",
                        state=ProgressReport.State.VERIFIED,
                        reviewed_at=_at(milestone.due_date),
                    )
                )
            if plan.state == State.AGREED:
                reports.append(
                    ProgressReport(
                        milestone=plan.milestones_[1],
                        author=participant.user,
                        status=ProgressReport.Status.IN_PROGRESS,
                        percent=60,
                        narrative="Sosialisasi berjalan di sebagian lingkungan.",
                    )
                )
            # About half of the completed plans are in the public catalogue.
            if plan.state == State.COMPLETED and participant.roll_number % 2:
                plan.published_at = _at(cohort.end_date + datetime.timedelta(days=400), participant.roll_number)
                plan.catalogue_state = "published"
        Agreement.objects.bulk_create(agreements, batch_size=2000)
        Signature.objects.bulk_create(
            (
                Signature(agreement=agreement, role=role, user=user, content_hash=agreement.content_hash)
                for agreement in agreements
                # Every generated participant has a mentor.
                for role, user in [
                    (Signature.Role.PARTICIPANT, agreement.plan.participant.user),
                    (Signature.Role.MENTOR, agreement.plan.participant.mentor.user),  # type: ignore[union-attr]
                    (Signature.Role.EXAMINER, agreement.examiner.user),
                ]
            ),
            batch_size=3000,
        )
        ProgressReport.objects.bulk_create(reports, batch_size=2000)
        ActionPlan.objects.bulk_update(
            [p for p in plans if p.published_at], ["published_at", "catalogue_state"], batch_size=2000
        )

    def _backdate(self) -> None:
        """auto_now_add stamps every row with today; put the history back in each cohort's own weeks."""
        statements = [
            """UPDATE innovations_planversion v SET created_at = c.end_date - 14
               FROM innovations_actionplan p JOIN participants_participant pa ON pa.id = p.participant_id
               JOIN participants_cohort c ON c.id = pa.cohort_id
               WHERE p.id = v.plan_id AND c.slug <> 'medan-2017'""",
            # The data set's sheets are sealed, their signatures made without a browser; a demo sheet's random
            # code may begin with N too, and one of them is still waiting for signatures.
            """UPDATE seminars_signature g SET signed_at = a.sealed_at - interval '1 hour'
               FROM seminars_agreement a WHERE a.id = g.agreement_id AND a.code LIKE 'N%%'
               AND a.sealed_at IS NOT NULL AND g.user_agent = ''""",
            """UPDATE seminars_agreement SET created_at = sealed_at - interval '2 days'
               WHERE code LIKE 'N%%' AND sealed_at IS NOT NULL""",
            """UPDATE innovations_progressreport r SET created_at = COALESCE(r.reviewed_at, m.due_date)
               FROM innovations_milestone m JOIN innovations_actionplan p ON p.id = m.plan_id
               JOIN participants_participant pa ON pa.id = p.participant_id
               JOIN participants_cohort c ON c.id = pa.cohort_id
               WHERE m.id = r.milestone_id AND c.slug <> 'medan-2017'""",
        ]
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def build() -> None:
    Builder().build()
