import datetime
import re
from pathlib import Path

from django.core.management import call_command
from django.db.models import F

from closing.models import Certificate
from impact import dossiers
from impact.models import Dossier, FollowUp
from innovations.models import ActionPlan, Cluster, Consultation, WorkReport
from innovations.records import InnovationRecord, Measurement, Replication
from participants.civil_service import clean_nip
from participants.models import AuditEvent, Cohort, Examiner, Mentor, Organisation, Participant, Region, User
from portal.demo.loader import load_demo
from seminars.agreements import verification_base
from seminars.models import Agreement, Seminar

MODELS = [
    User,
    Organisation,
    Region,
    Cohort,
    Mentor,
    Examiner,
    Participant,
    Cluster,
    ActionPlan,
    Seminar,
    InnovationRecord,
    Measurement,
    Replication,
    Dossier,
    FollowUp,
]


def table_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def cohort_counts(slug):
    return {
        model.__name__: model.objects.filter(cohort__slug=slug).count()
        for model in [Mentor, Examiner, Participant, Cluster, Seminar]
    }


def test_seed_demo_loads_the_medan_2017_cohort(db):
    call_command("seed_demo")

    assert cohort_counts("medan-2017") == {"Mentor": 21, "Examiner": 3, "Participant": 37, "Cluster": 7, "Seminar": 1}
    assert Region.objects.filter(parent_id="12.71").count() == 21
    assert Region.objects.filter(parent__parent_id="12.71").count() == 151
    seminar = Seminar.objects.get(cohort__slug="medan-2017")
    assert seminar.date == datetime.date(2017, 8, 21)
    assert seminar.date.strftime("%A") == "Monday"
    assert "Grand Kanaya" in seminar.venue
    first = seminar.slots.order_by("starts_at", "room__order").first()
    assert list(seminar.slots.filter(pinned=True)) == [first]  # a rebuild keeps the opening exposé in place


def test_seed_demo_spreads_participants_over_every_kecamatan_with_their_camat(db):
    call_command("seed_demo")

    medan = Participant.objects.filter(cohort__slug="medan-2017")
    assert medan.values("kecamatan").distinct().count() == 21
    assert set(medan.values_list("kecamatan__parent_id", flat=True)) == {"12.71"}
    assert list(medan.exclude(mentor__kecamatan=F("kecamatan"))) == []


def test_seed_demo_adds_a_second_organisation_whose_mentors_are_direct_superiors(db):
    call_command("seed_demo")

    cohort = Cohort.objects.select_related("organisation", "region").get(slug="deli-serdang-2025")
    assert (cohort.organisation.short_name, cohort.region.name, cohort.mentor_rule) == (
        "BKPSDM Kabupaten Deli Serdang",
        "Kabupaten Deli Serdang",
        Cohort.MentorRule.SUPERIOR,
    )
    people = Participant.objects.filter(cohort=cohort).order_by("roll_number")
    assert [p.kecamatan.name for p in people] == [
        "Tanjung Morawa",
        "Tanjung Morawa",
        "Lubuk Pakam",
        "Lubuk Pakam",
        "Percut Sei Tuan",
        "Biru-Biru",
    ]
    assert {p.kecamatan.parent_id for p in people} == {"12.07"}
    assert [p.mentor_id for p in people] == [p.superior_id for p in people]
    assert cohort_counts("deli-serdang-2025") == {
        "Mentor": 3,
        "Examiner": 0,
        "Participant": 6,
        "Cluster": 7,
        "Seminar": 0,
    }
    assert cohort.organisation.logo.name.endswith(".png")


def test_seed_demo_keeps_each_organisations_staff_to_its_own_cohorts(db):
    call_command("seed_demo")

    medan = User.objects.get(email="staf@bkdpsdm.medan.example")
    deli = User.objects.get(email="staf@bkpsdm.deliserdang.example")
    province = User.objects.get(email="staf@bpsdm.sumutprov.example")
    admin = User.objects.get(email="admin@inovasi.example")

    assert list(Cohort.objects.run_by(medan).values_list("slug", flat=True)) == ["medan-2017"]
    assert list(Cohort.objects.run_by(deli).values_list("slug", flat=True)) == ["deli-serdang-2025"]
    assert sorted(Cohort.objects.run_by(province).values_list("slug", flat=True)) == [
        "latsar-sumut-2026",
        "pkp-sumut-2026",
    ]
    assert sorted(Cohort.objects.run_by(admin).values_list("slug", flat=True)) == [
        "deli-serdang-2025",
        "latsar-sumut-2026",
        "medan-2017",
        "pkp-sumut-2026",
    ]
    assert (medan.is_superuser, deli.is_superuser, province.is_superuser, admin.is_superuser) == (
        False,
        False,
        False,
        True,
    )


def test_seed_demo_numbers_the_medan_documents_in_2017(db):
    call_command("seed_demo")

    assert Seminar.objects.get(cohort__slug="medan-2017").minutes_number == "800/1/BKDPSDM/2017"
    assert sorted(
        Agreement.objects.filter(plan__participant__cohort__slug="medan-2017").values_list("number", flat=True)
    ) == [
        "800/2/BKDPSDM/2017",
        "800/3/BKDPSDM/2017",
        "800/4/BKDPSDM/2017",
    ]


def test_seed_demo_gives_every_person_a_valid_nip(db):
    call_command("seed_demo")

    nips = list(User.objects.values_list("nip", flat=True))
    # With the Camats who took over Medan Helvetia and Tanjung Morawa, and the bureau's clerk.
    assert len(nips) == len(set(nips)) == 92
    for nip in nips:
        assert clean_nip(nip, today=datetime.date(2017, 8, 21)) == nip


def test_seed_demo_run_again_changes_nothing(db):
    call_command("seed_demo")
    before = table_counts()
    plan = ActionPlan.objects.first()
    plan.title = "Judul yang diubah peserta"
    plan.save()

    call_command("seed_demo")

    assert table_counts() == before
    plan.refresh_from_db()
    assert plan.title == "Judul yang diubah peserta"


def test_seed_demo_prints_one_sign_in_per_role(db, capsys):
    call_command("seed_demo")

    out = capsys.readouterr().out
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[1:-2]] == [
        "staff",
        "participant",
        "mentor",
        "examiner",
        "bureau",
        "staff",
        "participant",
        "mentor",
        "staff",
        "participant",
        "mentor",
        "coach",
        "superuser",
    ]
    assert lines[5].endswith("(Bagian Organisasi Setda Kota Medan)")
    assert lines[6].endswith("(BKPSDM Kabupaten Deli Serdang)")
    assert lines[12].endswith("Dr. Indra Gunawan Sinaga, M.Si (BPSDM Provinsi Sumatera Utara)")
    assert lines[-2].startswith(f"Sealed agreements point at {verification_base()} ")
    assert "inovasi2017" in lines[0]
    assert lines[-1] == "API token of BKDPSDM Kota Medan (read-only): inv_demo-2017-hanya-untuk-mencoba"


def test_seed_demo_closes_the_training_and_the_readmes_curl_call_reads_it(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the worker renders the certificates after commit
        call_command("seed_demo")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    key, path = re.search(r'curl -H "Authorization: Bearer (\S+)" \\\n\s+http://127.0.0.1:8000(\S+)', readme).groups()

    grades = client.get(path, HTTP_AUTHORIZATION=f"Bearer {key}").json()["results"]

    certificates = Certificate.objects.filter(participant__cohort__slug="medan-2017")
    assert sorted(set(certificates.values_list("state", flat=True))) == ["issued", "replaced"]
    assert certificates.exclude(pdf="").count() == certificates.count()
    valid = set(certificates.filter(state="issued").values_list("participant", flat=True))
    assert valid == {row["participant"] for row in grades if row["passed"]}
    assert [row["scores"]["attitude"] for row in grades].count(None) >= 2  # left for staff to enter in the demo


def test_the_readme_lists_every_demo_sign_in(db):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    rows = re.findall(r"^\| [^|]+ \| (\S+@\S+) \| ([\d ]+) \|$", readme, re.MULTILINE)

    sign_ins = load_demo()

    assert sorted(rows) == sorted((s.email, s.nip) for s in sign_ins)


def test_seed_demo_has_a_dropout_and_a_replaced_camat_in_the_audit_trail(db):
    call_command("seed_demo")

    dropout = Participant.objects.get(cohort__slug="medan-2017", roll_number=28)
    camat = Mentor.objects.select_related("user").get(cohort__slug="medan-2017", kecamatan__name="Medan Helvetia")
    events = AuditEvent.objects.filter(cohort__slug="medan-2017", verb__in=["participant.withdraw", "mentor.replace"])
    assert (dropout.is_withdrawn, dropout.plans.get().state, hasattr(dropout.plans.get(), "slot")) == (
        True,
        "withdrawn",
        False,
    )
    assert (camat.user.full_name, camat.mentees.count()) == ("Wahyu Hidayat Lubis, S.STP, M.Si", 2)
    assert sorted(events.values_list("verb", flat=True)) == ["mentor.replace", "participant.withdraw"]


def test_seed_demo_imports_the_roster_again_after_a_replacement_and_keeps_it(db):
    call_command("seed_demo")

    cohort = Cohort.objects.get(slug="deli-serdang-2025")
    people = Participant.objects.filter(cohort=cohort, roll_number__in=[1, 2]).order_by("roll_number")
    imports = AuditEvent.objects.filter(cohort=cohort, verb=AuditEvent.Verb.ROSTER_IMPORT).order_by("at")
    assert [(p.mentor.user.full_name, p.superior_id == p.mentor_id) for p in people] == [
        ("Syahrul Ramadhan Damanik, S.STP, M.AP", True)
    ] * 2
    assert people[1].position == "Kepala Seksi Pelayanan Umum dan Perizinan"
    assert [(event.data["updated"], event.data.get("kept")) for event in imports] == [(0, None), (1, 2)]
    assert not Mentor.objects.filter(cohort=cohort, user__full_name="Drs. Ahmad Fauzi Siregar, M.Si").exists()
    history = AuditEvent.objects.filter(verb=AuditEvent.Verb.MENTOR_CHANGE, target_id=people[0].pk)
    assert list(history.values_list("data__why", flat=True)) == ["replacement"]


def test_seed_demo_carries_innovations_forward_after_the_cohort(db):
    call_command("seed_demo")

    records = InnovationRecord.objects.filter(plan__participant__cohort__slug="medan-2017")
    assert sorted(records.values_list("stage", "state")) == [
        ("inisiatif", "submitted"),
        ("penerapan", "confirmed"),
        ("uji_coba", "confirmed"),
    ]
    assert Measurement.objects.filter(confirmed_at__isnull=False).count() == 5
    kipp = Dossier.objects.get(form=Dossier.Form.KIPP)
    assert dossiers.assemble(kipp.plan, dossiers.guideline_of(kipp)).problems == []
    assert (kipp.state, kipp.organisation.kind) == ("submitted", Organisation.Kind.BUREAU)
    between = Replication.objects.values_list("source__participant__cohort__organisation", "organisation")
    assert {(source != adopter) for source, adopter in between} == {True}
    assert Replication.objects.get(plan__isnull=False).plan.participant.cohort.slug == "deli-serdang-2025"
    asked = FollowUp.objects.filter(cohort__slug="medan-2017")
    assert sorted(set(asked.values_list("respondent", flat=True))) == ["alumnus", "mentor"]
    assert asked.filter(answered_at__isnull=False).count() == 2


def test_seed_demo_records_consultations_confirmed_waiting_and_returned(db):
    call_command("seed_demo")

    rows = Consultation.objects.filter(plan__participant__cohort__slug="deli-serdang-2025")
    by_roll = sorted(rows.values_list("plan__participant__roll_number", "consultant", "state"))
    assert by_roll == [
        (1, "mentor", "confirmed"),
        (1, "mentor", "confirmed"),
        (2, "mentor", "confirmed"),
        (2, "mentor", "recorded"),
        (3, "mentor", "recorded"),
        (4, "mentor", "returned"),
    ]
    assert Consultation.objects.filter(plan__participant__cohort__slug="medan-2017").count() == 0


def test_the_demos_coach_finds_their_coachees_work_and_what_waits_for_them_at_home(client, db):
    call_command("seed_demo")
    coach = User.objects.get(email="indra.sinaga@sumutprov.example")
    client.force_login(coach)

    page = client.get("/")

    titles = [plan.title for coachee in page.context["coachees"] for plan in coachee.plans.all()]
    assert titles == [  # the cohort under way first, then Latsar's, by roll number
        "Laporan Jalan Rusak oleh Warga dengan Foto Berlokasi",
        "Cuti Pegawai Tanpa Berkas Kertas",
        "Satu Data Layanan Publik Provinsi",
        "Papan Antrean Digital Kantor Lurah Babura",
        "Panduan Persyaratan Layanan dalam Satu Lembar",
        "Kader Posyandu Lansia Melek Gizi",
    ]
    # Latsar's coach approves the design: the plan sent to him waits beside the consultations.
    assert [todo.label for todo in page.context["coach_todo"]] == ["1 plan to review", "3 consultations to confirm"]


def test_the_demos_latsar_cohort_runs_both_seminars_with_its_approval_sheets_and_reports(db):
    call_command("seed_demo")
    cohort = Cohort.objects.get(slug="latsar-sumut-2026")

    seminars = [(s.stage, s.slots.count(), s.results_state) for s in cohort.seminars.order_by("date")]
    sheets = sorted(
        (a.plan.participant.roll_number, a.stage, a.state, a.signatures.count())
        for a in Agreement.objects.filter(plan__participant__cohort=cohort)
    )
    reports = sorted(
        (r.plan.participant.roll_number, r.state) for r in WorkReport.objects.filter(plan__participant__cohort=cohort)
    )
    assert seminars == [("design", 3, "published"), ("report", 1, "published")]
    assert sheets == [
        (1, "design", "sealed", 3),
        (1, "report", "sealed", 3),
        (2, "design", "sealed", 3),
        (3, "design", "signing", 1),
    ]
    assert reports == [(1, "signed"), (2, "returned")]
    assert ActionPlan.objects.get(participant__cohort=cohort, participant__roll_number=1).state == "completed"
    first = Agreement.objects.filter(plan__participant__cohort=cohort, plan__participant__roll_number=1)
    assert {sheet.stage: sheet.content["title"] for sheet in first} == {
        "design": "Lembar Persetujuan Rancangan Aktualisasi",
        "report": "Lembar Pengesahan Laporan Aktualisasi",
    }


def test_the_demos_pkp_works_name_their_effective_team_and_the_2017_plans_none(db):
    call_command("seed_demo")

    first = ActionPlan.objects.get(participant__cohort__slug="pkp-sumut-2026", participant__roll_number=1)
    team = list(first.team.values_list("name", "role_in_team", "position"))
    assert team == [
        ("Drs. Budi Santoso Pane, M.AP", "Pembina tim (mentor)", "Sekretaris Kecamatan Medan Sunggal"),
        (
            "Hendrik Simanjuntak, S.T.",
            "Ketua tim (peserta)",
            "Kepala Seksi Pemeliharaan Jalan, Dinas Sumber Daya Air, Cipta Karya dan Tata Ruang",
        ),
        (
            "Yusuf Hakim Tanjung, S.E.",
            "Sekretaris: notulen dan dokumentasi",
            "Pengadministrasi Umum, Dinas Sumber Daya Air, Cipta Karya dan Tata Ruang",
        ),
        (
            "Dewi Anggraini Purba, A.Md",
            "Anggota: pengelola data dan laporan",
            "Pengelola Data, Dinas Sumber Daya Air, Cipta Karya dan Tata Ruang",
        ),
    ]
    assert ActionPlan.objects.filter(participant__cohort__slug="pkp-sumut-2026", team__isnull=True).count() == 0
    assert ActionPlan.objects.filter(participant__cohort__slug="medan-2017", team__isnull=False).count() == 0
