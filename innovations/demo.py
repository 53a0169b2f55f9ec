"""The demo cohort's plans, written out and moved through the real workflow into every state."""

import datetime
from collections.abc import Mapping

from django.db.models import F

from participants.models import AuditEvent, Cohort
from participants.rules import approver_of, person_path

from . import consultations, reports, sections, workflow
from .models import (
    ActionPlan,
    CandidateIssue,
    Consultation,
    Milestone,
    PlanVersion,
    Risk,
    Stakeholder,
    TeamMember,
    WorkReport,
)

State = ActionPlan.State
# Roll number -> the state the demo leaves the plan in; everyone else is approved and goes to the seminar.
DEMO_STATES = {
    37: State.DRAFT,
    36: State.DRAFT,
    35: State.WITHDRAWN,
    34: State.SUBMITTED,
    33: State.SUBMITTED,
    32: State.SUBMITTED,
    31: State.REVISION,
    30: State.REVISION,
    29: State.REVISION,
}
CLUSTER_ISSUES = {
    "Kearsipan": "arsip layanan tersimpan tidak teratur sehingga pencarian dokumen warga memakan waktu lama",
    "Layanan Langsung": "warga harus datang berulang kali karena persyaratan layanan tidak jelas",
    "Sarana Prasarana": "sarana pelayanan belum ramah bagi lansia, anak dan penyandang disabilitas",
    "Sistem Informasi": "informasi layanan dan data warga masih dicatat manual dan sulit diperbarui",
    "Pemberdayaan Masyarakat": "partisipasi warga dalam kegiatan lingkungan masih rendah",
    "Pelayanan Kepegawaian": "administrasi kepegawaian di kecamatan sering terlambat diproses",
    "Tata Kelola Pemerintahan": "koordinasi dan tindak lanjut pengaduan warga belum terpantau",
}

STAKEHOLDERS = [
    ("Camat", "Mentor dan penanggung jawab wilayah", "Layanan membaik", "high"),
    ("Kepala lingkungan", "Penghubung dengan warga", "Warga terlayani", "medium"),
    ("Warga", "Penerima layanan", "Layanan cepat dan pasti", "medium"),
]
RISKS = [
    ("Pegawai belum terbiasa dengan prosedur baru", "Sosialisasi dan pendampingan dua minggu pertama"),
    ("Anggaran terbatas", "Memanfaatkan sarana yang ada dan swadaya"),
]
# The effective team (tim efektif) of a PKP, PKA or PKN work: its mentor guides it, its participant leads it, and
# two colleagues of their unit carry it with them. (name, role in the team, position in the participant's unit)
TEAM = [
    ("Yusuf Hakim Tanjung, S.E.", "Sekretaris: notulen dan dokumentasi", "Pengadministrasi Umum"),
    ("Dewi Anggraini Purba, A.Md", "Anggota: pengelola data dan laporan", "Pengelola Data"),
]
MILESTONES = [  # (term, deliverable, days after the cohort's first milestones; 1 September 2017 in the first demo)
    ("short", "SK tim dan prosedur baru disahkan Camat", 30),
    ("short", "Sosialisasi kepada pegawai dan kepala lingkungan", 60),
    ("medium", "Layanan baru berjalan dan dievaluasi", 180),
    ("long", "Inovasi direplikasi ke kelurahan lain", 365),
]


# The programmes' own sections (innovations.sections) as a demo participant writes them.
OWN_SECTIONS = {
    "work_unit_duties": "{unit} melayani warga setiap hari kerja. Sebagai {position}, penulis mengolah berkas layanan, "
    "menjawab pertanyaan warga dan menyusun laporan bulanan.",
    "causes": "Penyebab: prosedur belum tertulis dan informasi layanan belum diumumkan. Dampak: {problem}.",
    "vision_contribution": "Kegiatan aktualisasi mendukung misi organisasi mewujudkan pelayanan publik yang cepat, "
    "mudah dan terjangkau.",
    "values_strengthening": "Nilai BerAKHLAK diwujudkan dalam setiap kegiatan: berorientasi pelayanan, akuntabel, "
    "kompeten, harmonis, loyal, adaptif dan kolaboratif.",
    "diagnosis": "Diagnosis organisasi di {unit}: beban layanan naik, sumber daya tetap, {problem}.",
    "communication": "Strategi komunikasi: rapat koordinasi bulanan dengan pemangku kepentingan, grup pesan "
    "untuk tim efektif, dan papan informasi layanan bagi warga.",
}


def _own_sections(plan: ActionPlan, spec, *, problem: str) -> dict[str, str]:
    values = {"unit": plan.participant.work_unit, "position": plan.participant.position, "problem": problem}
    return {
        section.key: OWN_SECTIONS.get(section.key, "{unit}: " + section.label).format(**values)
        for section in spec.sections
        if section.key not in ActionPlan.SECTIONS
    }


def _team(plan: ActionPlan) -> list[TeamMember]:
    participant = plan.participant
    unit = participant.work_unit
    rows = (
        [(participant.mentor.user.full_name, "Pembina tim (mentor)", participant.mentor.position)]
        if participant.mentor
        else []
    )
    rows.append((participant.user.full_name, "Ketua tim (peserta)", f"{participant.position}, {unit}"))
    rows += [(name, role, f"{position}, {unit}") for name, role, position in TEAM]
    return [
        TeamMember(plan=plan, name=name, role_in_team=role, position=position, order=order)
        for order, (name, role, position) in enumerate(rows, start=1)
    ]


def _write(plan: ActionPlan, *, milestones_from: datetime.date) -> None:
    unit = plan.participant.work_unit
    cluster = plan.cluster.name if plan.cluster else "Layanan Langsung"
    problem = CLUSTER_ISSUES.get(cluster, CLUSTER_ISSUES["Layanan Langsung"])
    issues = [  # (description, passes APKL, urgency, seriousness, growth); the first becomes the core issue
        (f"Di {unit}, {problem}.", True, 5, 4, 4),
        (f"Jam layanan {unit} belum diumumkan secara luas.", True, 3, 3, 2),
        ("Ruang kerja pegawai sempit.", False, 2, 2, 1),
    ]
    chosen, *_others = [
        CandidateIssue.objects.create(
            plan=plan,
            description=description,
            aktual=True,
            problematik=passes,
            kekhalayakan=passes,
            layak=True,
            urgency=urgency,
            seriousness=seriousness,
            growth=growth,
        )
        for description, passes, urgency, seriousness, growth in issues
    ]
    plan.core_issue = chosen
    plan.background = (
        f"{unit} melayani ribuan warga setiap tahun. Hasil pengamatan selama diklat menunjukkan bahwa {problem}. "
        "Kondisi ini menurunkan kepuasan masyarakat dan menambah beban kerja pegawai."
    )
    plan.problem = f"Masalah utama: {problem}."
    plan.ideal_state = "Layanan cepat, pasti dan mudah diakses; warga mengetahui persyaratan dan waktu penyelesaian."
    plan.innovation = (
        f"{plan.title}. Terobosan ini memanfaatkan sumber daya yang sudah ada di {unit} dan melibatkan "
        "kepala lingkungan serta tokoh masyarakat."
    )
    plan.objectives = "Mempercepat layanan, meningkatkan kepuasan masyarakat, dan membangun budaya kerja melayani."
    plan.benefits = "Bagi warga: layanan lebih cepat dan pasti. Bagi organisasi: beban kerja tertata dan terukur."
    plan.outputs = "Output: prosedur baru dan sarana pendukung. Outcome: waktu layanan turun dan kepuasan naik."
    plan.resources = "Pegawai kelurahan, kepala lingkungan, anggaran operasional kecamatan, dukungan Camat."
    plan.success_indicators = "Waktu layanan rata-rata turun 50%; indeks kepuasan masyarakat minimal 80."
    spec = plan.participant.cohort.programme_spec
    sections.write(plan, _own_sections(plan, spec, problem=problem))
    plan.version = F("version") + 1
    plan.save()
    plan.refresh_from_db()
    Stakeholder.objects.bulk_create(
        Stakeholder(plan=plan, name=name, role=role, interest=interest, influence=influence, order=order)
        for order, (name, role, interest, influence) in enumerate(STAKEHOLDERS, start=1)
    )
    if spec.list_spec("team"):
        TeamMember.objects.bulk_create(_team(plan))
    if spec.list_spec("risks"):
        Risk.objects.bulk_create(
            Risk(plan=plan, description=description, mitigation=mitigation, order=order)
            for order, (description, mitigation) in enumerate(RISKS, start=1)
        )
    milestones = spec.list_spec("milestones")
    terms = milestones.terms if milestones else ()
    Milestone.objects.bulk_create(
        Milestone(
            plan=plan,
            term=term,
            deliverable=deliverable,
            due_date=milestones_from + datetime.timedelta(days=days),
            order=order,
        )
        for order, (term, deliverable, days) in enumerate(MILESTONES, start=1)
        if term in terms
    )


def _move(plan: ActionPlan, target: str) -> None:
    owner = plan.participant.user
    assert plan.participant.mentor is not None  # every demo participant has a mentor
    # Whoever the programme names to approve the design: the mentor in the 2017 flow, the coach in Latsar.
    people = [plan.participant.mentor, plan.participant.coach]
    mentor = next(p.user for p in people if p is not None and plan.held_by(p.user, "design_approver"))
    if target == State.WITHDRAWN:
        workflow.withdraw_plan(plan, by=owner, note="Dipindahtugaskan ke unit kerja lain.")
        return
    if target == State.DRAFT:
        return
    workflow.submit_plan(plan, by=owner)
    if target == State.SUBMITTED:
        return
    workflow.return_plan(
        plan,
        by=mentor,
        note="Perjelas ukuran keberhasilan dan jadwal tonggak jangka pendek.",
        section_notes={"success_indicators": "Sebutkan angka awal (baseline) sebelum inovasi."},
    )
    if target == State.REVISION:
        return
    plan.refresh_from_db()
    plan.success_indicators += " Baseline 2017: rata-rata 3 hari kerja per layanan."
    plan.version += 1
    plan.save(update_fields=["success_indicators", "version"])
    workflow.submit_plan(plan, by=owner)
    workflow.approve_plan(plan, by=mentor, note="Disetujui. Laksanakan sesuai jadwal.")


FIRST_DEMO_HISTORY = datetime.datetime(2017, 7, 31, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


def load_plans(
    cohort: Cohort,
    *,
    states: Mapping[int, str] = DEMO_STATES,
    milestones_from: datetime.date = datetime.date(2017, 9, 1),
    history_from: datetime.datetime = FIRST_DEMO_HISTORY,
) -> None:
    """Write the demo plans that are still empty and walk each to its demo state (`states` by roll number; the
    rest are approved). Their history is dated from `history_from`. Idempotent."""
    plans = ActionPlan.objects.filter(participant__cohort=cohort).select_related(
        person_path("owner", "participant"),
        person_path("mentor", "participant"),
        person_path("coach", "participant"),
        "cluster",
    )
    for plan in plans:
        if plan.issues.exists():
            continue
        _write(plan, milestones_from=milestones_from)
        target = states.get(plan.participant.roll_number, State.APPROVED)
        _move(plan, target)
    _backdate(cohort, first=history_from)


def _backdate(cohort: Cohort, *, first: datetime.datetime) -> None:
    """The demo's history happened during the cohort (July and August 2017 in the first), minutes apart, in order."""
    events = AuditEvent.objects.filter(cohort=cohort, verb__startswith="plan.", at__year__gt=first.year).order_by("pk")
    submitted: dict[int | None, list[datetime.datetime]] = {}
    for index, event in enumerate(events):
        at = first + datetime.timedelta(minutes=17 * index)
        AuditEvent.objects.filter(pk=event.pk).update(at=at)
        if event.to_state == State.SUBMITTED:
            submitted.setdefault(event.target_id, []).append(at)
    for plan_id, times in submitted.items():
        for version, at in zip(PlanVersion.objects.filter(plan=plan_id).order_by("number"), times, strict=False):
            PlanVersion.objects.filter(pk=version.pk).update(created_at=at)


# The demo's consultations by roll number: how many meetings, and what became of the last (the rest are confirmed).
DEMO_CONSULTATIONS = {
    1: (2, Consultation.State.CONFIRMED),
    2: (2, Consultation.State.RECORDED),
    3: (1, Consultation.State.RECORDED),
    4: (1, Consultation.State.RETURNED),
}
CONSULTATION_TOPICS = [
    ("Ruang lingkup inovasi", "Batasi pada satu layanan yang paling dikeluhkan.", "Kirim draf latar belakang."),
    ("Tonggak capaian dan jadwal", "Rinci kegiatan per minggu dan siapa pelaksananya.", "Perbaiki tabel tonggak."),
]


def load_consultations(cohort: Cohort, *, first: datetime.date, plans: dict = DEMO_CONSULTATIONS) -> None:
    """A few consultations, confirmed, waiting and returned, each with the participant's coach where they have one
    and their mentor otherwise, from `first` a week apart. Idempotent: a cohort that has any is left as it is."""
    if Consultation.objects.filter(plan__participant__cohort=cohort).exists():
        return
    found = ActionPlan.objects.filter(participant__cohort=cohort, participant__roll_number__in=plans).select_related(
        person_path("owner", "participant"), person_path("mentor", "participant"), person_path("coach", "participant")
    )
    for plan in found:
        count, last = plans[plan.participant.roll_number]
        person = plan.participant.coach or plan.participant.mentor
        consultant = Consultation.With.COACH if plan.participant.coach else Consultation.With.MENTOR
        for index, (topic, advice, follow_up) in enumerate(CONSULTATION_TOPICS[:count]):
            held_on = first + datetime.timedelta(days=7 * index)
            values = {
                "consultant": consultant,
                "held_on": held_on,
                "mode": Consultation.Mode.ONLINE if index else Consultation.Mode.IN_PERSON,
                "topic": topic,
                "advice": advice,
                "follow_up": follow_up,
            }
            consultation = consultations.record_consultation(
                plan, by=plan.participant.user, values=values, today=held_on
            )
            outcome = last if index == count - 1 else Consultation.State.CONFIRMED
            if outcome == Consultation.State.CONFIRMED:
                consultations.confirm_consultation(consultation, by=person.user)
            elif outcome == Consultation.State.RETURNED:
                consultations.return_consultation(
                    consultation, by=person.user, note="Tanggal pertemuan tidak sesuai catatan saya: mohon diperiksa."
                )


REPORT_STATES = (WorkReport.State.APPROVED, WorkReport.State.RETURNED, WorkReport.State.SUBMITTED)


def write_reports(cohort: Cohort, *, states=REPORT_STATES) -> dict[int, str]:
    """Where the cohort's programme has a report stage: the reports of its first agreed plans (by roll number), one
    in each of `states` (approved by the stage's approver, returned with a note by a reviewer, waiting for review),
    each written, submitted and reviewed through the real lifecycle. {plan id: state}; nothing elsewhere."""
    stage = cohort.programme_spec.stage("report")
    if stage is None:
        return {}
    milestone_spec = cohort.programme_spec.list_spec("milestones")
    values = list(cohort.programme_spec.values[:2]) if milestone_spec is not None and milestone_spec.values else []
    plans = (
        ActionPlan.objects.filter(
            participant__cohort=cohort, state__in=reports.WRITABLE_PLANS, work_report__isnull=True
        )
        .select_related("participant__cohort", person_path("owner", "participant"))
        .order_by("participant__roll_number")[: len(states)]
    )
    written = {}
    for plan, state in zip(plans, states, strict=False):
        owner = plan.participant.user
        entries = {
            milestone.pk: {
                "done": f"{milestone.deliverable}: dilaksanakan bersama rekan kerja di unit.",
                "output": "Dokumen dan daftar hadir kegiatan.",
                "effect": "Layanan lebih cepat dan warga mendapat kepastian.",
                "values": values,
            }
            for milestone in plan.milestones.all()
        }
        report = reports.save_report(
            plan,
            by=owner,
            version=0,
            summary="Seluruh kegiatan aktualisasi dilaksanakan di unit kerja sesuai jadwal.",
            effect="Waktu layanan turun dari lima hari menjadi dua hari.",
            entries=entries,
        )
        report = reports.submit_report(report, by=owner, version=report.version)
        approving = approver_of(plan.participant, "report")
        approver = approving.user if approving is not None else None
        if state == WorkReport.State.APPROVED and approver is not None:
            reports.approve_report(report, by=approver)
        elif state == WorkReport.State.RETURNED and approver is not None:
            reports.return_report(report, by=approver, note="Lengkapi foto kegiatan dan dampaknya bagi warga.")
        written[plan.pk] = WorkReport.objects.get(pk=report.pk).state
    return written
