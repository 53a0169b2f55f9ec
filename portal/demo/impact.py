"""After the Medan 2017 cohort (issue 26): an innovation at each stage, measured and confirmed; the city's organisation
bureau (Bagian Organisasi) with its KIPP and regional-index dossiers; Deli Serdang replicating two Medan
innovations; and the one-year follow-up sent to the cohort's alumni and mentors. Names and figures are made up."""

import datetime

from impact.demo import IndicatorStory, RecordStory, ask_a_year_later, choose, keep_record
from impact.models import Dossier
from impact.replication import record_replication
from innovations.models import ActionPlan
from innovations.records import Evaluation, InnovationForm, Replication, Stage
from participants.models import Cohort, Organisation, Region, User
from participants.rules import person_path

from . import deli_serdang
from .logos import demo_logo

BUREAU = {
    "short_name": "Bagian Organisasi Setda Kota Medan",
    "name": "Bagian Organisasi Sekretariat Daerah",
    "government": "Pemerintah Kota Medan",
    "place": "Medan",
    "address": "Jalan Kapten Maulana Lubis No. 2, Medan 20112",
    "phone": "(061) 4512412",
    "email": "organisasi@setda.medan.example",
    "head_name": "Dra. Sri Rezeki Harahap, M.AP",
    "head_nip": "197103151993032004",
    "head_grade": "IV/a",
    "head_position": "Kepala Bagian Organisasi Sekretariat Daerah Kota Medan",
    "number_pattern": "061/{seq}/ORG/{year}",
}
BUREAU_STAFF = (420, "Andika Pratama Siregar, S.STP", 1, "organisasi.medan@setda.medan.example")
IMPLEMENTED, TRIAL, INITIATIVE = 3, 4, 6  # roll numbers: completed, agreed, examined in the cohort's demo

DESIGN = (
    "E-Kelurahan lahir dari antrean panjang warga yang datang ke kantor kelurahan hanya untuk meminta surat "
    "keterangan domisili, surat keterangan usaha dan surat pengantar nikah. Sebelum inovasi, warga harus datang "
    "paling sedikit dua kali: sekali untuk menyerahkan berkas dan sekali lagi untuk mengambil surat yang sudah "
    "ditandatangani lurah. Rata-rata penyelesaian mencapai tiga hari kerja, dan berkas sering tercecer karena "
    "dicatat di buku agenda yang berbeda-beda.\n\n"
    "Rancangan inovasi terdiri atas tiga bagian. Pertama, formulir daring sederhana yang dapat diisi warga dari "
    "telepon genggam, dengan daftar persyaratan yang tampil sesuai jenis surat, sehingga warga tahu sejak awal "
    "berkas apa yang harus disiapkan. Kedua, meja kendali di kantor kelurahan tempat petugas memeriksa permohonan "
    "yang masuk setiap pagi dan siang, memberi nomor registrasi, dan meneruskannya kepada kepala seksi. Ketiga, "
    "pemberitahuan melalui pesan singkat ketika surat siap diambil atau ketika ada persyaratan yang kurang, "
    "sehingga warga cukup datang sekali.\n\n"
    "Pelaksanaan dimulai dengan uji coba di satu lingkungan selama satu bulan, melibatkan kepala lingkungan sebagai "
    "pendamping warga yang belum terbiasa memakai telepon pintar. Hasil uji coba dibahas bersama camat, lurah dan "
    "kepala lingkungan, lalu prosedur diperbaiki: jam pemeriksaan ditambah, dan formulir diringkas dari dua belas "
    "isian menjadi tujuh. Setelah itu layanan diterapkan di seluruh lingkungan dan ditetapkan dengan surat "
    "keputusan lurah beserta standar operasional prosedurnya.\n\n"
    "Peran para pihak dirancang jelas. Lurah menetapkan kebijakan dan menandatangani surat secara terjadwal dua "
    "kali sehari. Kepala seksi pelayanan umum bertanggung jawab atas meja kendali dan data permohonan. Kepala "
    "lingkungan membantu warga lanjut usia mengisi formulir. Camat memantau capaian setiap bulan dalam rapat "
    "koordinasi. Data permohonan direkap setiap bulan untuk melihat waktu penyelesaian, jumlah permohonan dan "
    "keluhan warga, dan hasil rekap menjadi bahan perbaikan berikutnya.\n\n"
    "Risiko utama adalah warga yang tidak memiliki telepon pintar dan gangguan jaringan. Keduanya diatasi dengan "
    "tetap membuka loket biasa yang memakai alur yang sama, sehingga setiap permohonan, daring maupun datang "
    "langsung, tercatat dalam satu daftar dan diselesaikan dengan standar waktu yang sama. Biaya yang diperlukan "
    "kecil karena memanfaatkan komputer kantor, formulir daring gratis dan pulsa pesan singkat dari anggaran "
    "operasional kelurahan."
)
TEXTS = {
    "summary": (
        "E-Kelurahan memungkinkan warga mengajukan surat keterangan secara daring dan cukup datang sekali untuk "
        "mengambil surat yang sudah jadi. Waktu penyelesaian turun dari tiga hari kerja menjadi setengah hari, "
        "dan kepuasan warga naik dari 72 menjadi 88. Inovasi ini murah, memakai sarana yang ada, dan telah "
        "ditiru oleh kelurahan lain."
    ),
    "background_goals": (
        "Warga harus datang dua kali untuk satu surat keterangan dan menunggu rata-rata tiga hari kerja. "
        "Tujuannya mempercepat layanan, memberi kepastian persyaratan dan waktu, serta mengurangi kunjungan "
        "yang tidak perlu."
    ),
    "novelty": (
        "Untuk pertama kalinya di kelurahan, permohonan surat diterima secara daring, diberi nomor registrasi dan "
        "diberitahukan kepada warga melalui pesan singkat, dengan satu daftar untuk loket dan layanan daring."
    ),
    "implementation": (
        "Uji coba satu bulan di satu lingkungan pada September 2017, perbaikan prosedur bersama camat dan kepala "
        "lingkungan, lalu penerapan di seluruh lingkungan sejak Oktober 2017 dengan SK lurah dan SOP."
    ),
    "significance": (
        "Lebih dari 4.000 surat per tahun diselesaikan dalam setengah hari; warga menghemat ongkos dan waktu "
        "kerja, dan keluhan tentang berkas hilang tidak lagi terjadi sejak 2018."
    ),
    "adaptability": (
        "Tidak memerlukan aplikasi khusus: formulir daring, meja kendali dan pesan singkat dapat dipakai kelurahan "
        "atau desa mana pun. Dua unit di kabupaten tetangga telah mereplikasinya."
    ),
    "resources": "Pegawai kelurahan, komputer kantor, formulir daring gratis, pulsa dari anggaran operasional.",
    "sustainability": (
        "Ditetapkan dalam SK lurah dan SOP, dipantau dalam rapat koordinasi bulanan camat, dan dianggarkan setiap "
        "tahun dalam anggaran operasional kelurahan."
    ),
    "design": DESIGN,
    "goals": "Layanan surat keterangan selesai dalam satu hari dengan satu kali kunjungan.",
    "benefits": "Warga menghemat waktu dan biaya; pegawai bekerja dengan daftar yang tertib dan terukur.",
    "results": "Waktu penyelesaian 0,5 hari kerja; indeks kepuasan 88; 4.100 permohonan pada 2019.",
}


def _record_stories(cohort: Cohort) -> dict[int, RecordStory]:
    first = cohort.end_date
    return {
        IMPLEMENTED: RecordStory(
            stage=Stage.IMPLEMENTATION,
            trial=datetime.date(2017, 9, 4),
            implemented=datetime.date(2017, 10, 2),
            digital=True,
            form=InnovationForm.PUBLIC_SERVICE,
            decree=("140/27/KTS/2017", datetime.date(2017, 9, 29)),
            texts=TEXTS,
            indicators=[
                IndicatorStory(
                    "Waktu penyelesaian surat keterangan",
                    "hari kerja",
                    "3",
                    datetime.date(2017, 8, 1),
                    [("1", datetime.date(2018, 1, 31)), ("0.5", datetime.date(2019, 1, 31))],
                ),
                IndicatorStory(
                    "Indeks kepuasan masyarakat",
                    "poin",
                    "72",
                    datetime.date(2017, 8, 1),
                    [("81", datetime.date(2018, 6, 30)), ("88", datetime.date(2019, 6, 30))],
                    lower_is_better=False,
                ),
            ],
            evaluations=[
                (
                    Evaluation.Kind.INTERNAL,
                    "Tim evaluasi Kantor Camat Medan Selayang",
                    datetime.date(2018, 7, 16),
                    "Waktu layanan turun dua pertiga; loket dan layanan daring memakai satu daftar.",
                ),
                (
                    Evaluation.Kind.EXTERNAL,
                    "Inspektorat Kota Medan",
                    datetime.date(2019, 8, 12),
                    "Prosedur sesuai SOP; disarankan direplikasi ke kelurahan lain.",
                ),
            ],
        ),
        TRIAL: RecordStory(
            stage=Stage.TRIAL,
            trial=first + datetime.timedelta(days=25),
            texts={"summary": "Arsip kependudukan ditata dengan kode warna per lingkungan dan jenis dokumen."},
            indicators=[
                IndicatorStory(
                    "Waktu mencari satu berkas kependudukan",
                    "menit",
                    "25",
                    datetime.date(2017, 8, 15),
                    [("6", datetime.date(2017, 11, 30))],
                )
            ],
        ),
        INITIATIVE: RecordStory(
            stage=Stage.INITIATIVE,
            texts={"summary": "Koordinasi ketenteraman dan ketertiban melalui grup pesan yang dipantau setiap hari."},
            confirmed=False,
        ),
    }


def bureau(*, person) -> tuple[Organisation, User]:
    """The city's organisation bureau and its staff member: they see every innovation of Kota Medan."""
    organisation = Organisation.objects.filter(short_name=BUREAU["short_name"]).first()
    if organisation is None:
        organisation = Organisation(kind=Organisation.Kind.BUREAU, region=Region.objects.get(code="12.71"), **BUREAU)
        organisation.logo.save("bagian-organisasi-medan.png", demo_logo("KM", (120, 53, 15)), save=False)
        organisation.save()
    index, name, sex, email = BUREAU_STAFF
    staff = person(index, name, sex, email)
    organisation.staff_members.add(staff)
    return organisation, staff


def load(cohort: Cohort, *, staff: User, person) -> tuple[str, User]:
    """The story after the cohort; idempotent. Returns the bureau's sign-in."""
    organisation, clerk = bureau(person=person)
    plans = {
        plan.participant.roll_number: plan
        for plan in ActionPlan.objects.filter(
            participant__cohort=cohort, participant__roll_number__in=[IMPLEMENTED, TRIAL, INITIATIVE]
        ).select_related(
            person_path("owner", "participant"), person_path("mentor", "participant"), "participant__cohort"
        )
    }
    for roll, story in _record_stories(cohort).items():
        keep_record(plans[roll], story)
    implemented = plans[IMPLEMENTED]
    choose(implemented, Dossier.Form.KIPP, by=clerk, organisation=organisation, submit=True)
    choose(implemented, Dossier.Form.IID, by=staff, organisation=cohort.organisation)
    choose(plans[TRIAL], Dossier.Form.IID, by=clerk, organisation=organisation)
    _replications(implemented, plans[TRIAL])
    ask_a_year_later(
        cohort,
        staff=staff,
        answered=[(implemented, [5, 5, 4, "Semua kelurahan di kecamatan kini memakai alur yang sama.", 5, 4, 4, ""])],
    )
    return "bureau", clerk


def _replications(implemented: ActionPlan, trial: ActionPlan) -> None:
    """Deli Serdang takes up two Medan innovations: one recorded by its staff, one started as a plan there."""
    if Replication.objects.filter(source__in=[implemented, trial]).exists():
        return
    deli = Organisation.objects.get(short_name=deli_serdang.SHORT_NAME)
    deli_staff = User.objects.get(email=deli_serdang.STAFF[2])
    record_replication(
        implemented,
        by=deli_staff,
        organisation=deli,
        unit="Kantor Camat Tanjung Morawa",
        adapted="Formulir daring dipakai untuk surat pengantar kecamatan; pemberitahuan lewat aplikasi pesan.",
        contact_name="Drs. Ahmad Fauzi Siregar, M.Si (Camat Tanjung Morawa)",
        contact="camat.tanjungmorawa@deliserdang.example",
        replicated_on=datetime.date(2026, 2, 2),
    )
    replica = ActionPlan.objects.select_related(person_path("owner", "participant")).get(
        participant__cohort__slug=deli_serdang.SLUG, participant__roll_number=6
    )
    record_replication(
        trial,
        by=replica.participant.user,
        organisation=deli,
        unit=replica.participant.work_unit,
        adapted="Kode warna per desa untuk arsip akta kelahiran, dipindai agar dapat dicari dari kecamatan.",
        contact_name=replica.participant.user.full_name,
        contact=replica.participant.user.email,
        replicated_on=datetime.date(2025, 10, 20),
        plan=replica,
    )
