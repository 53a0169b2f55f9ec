import datetime
from decimal import Decimal

import factory

from innovations import sections
from innovations.models import ActionPlan, CandidateIssue, Cluster, Milestone, Risk, Stakeholder, TeamMember
from participants import regions
from participants.models import Coach, Cohort, Examiner, Mentor, Organisation, Participant, Region, User
from seminars.models import Panel, Room, Seminar, Slot
from seminars.scoring import ensure_rubric, submit_sheet
from seminars.services import seminar_times

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    # Born 1 Jan 1980, appointed in January of 2005-2024, sex 1, sequence 001-999: always a valid 18-digit NIP.
    nip = factory.Sequence(lambda n: f"19800101{2005 + n // 999 % 20}011{n % 999 + 1:03d}")
    full_name = factory.Sequence(lambda n: f"Person {n}, S.Sos")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


def kota_medan() -> Region:
    """Kota Medan and its province, as two rows: most tests need a cohort's region, not its 151 kelurahan."""
    province, _ = Region.objects.get_or_create(
        code="12", defaults={"name": "Sumatera Utara", "level": Region.Level.PROVINCE, "kind": "provinsi"}
    )
    city, _ = Region.objects.get_or_create(
        code="12.71", defaults={"name": "Kota Medan", "level": Region.Level.REGENCY, "kind": "kota", "parent": province}
    )
    return city


def load_region(code: str, *, villages: bool = True) -> Region:
    """A real kabupaten/kota with its kecamatan (and kelurahan/desa) from the Kemendagri list: a small part of it,
    never all of Indonesia."""
    regions.load([code], villages=villages)
    return Region.objects.get(code=code)


class KecamatanFactory(factory.django.DjangoModelFactory[Region]):
    """A kecamatan of Kota Medan by name; a made-up code, out of the way of the real 12.71.01 to 12.71.21."""

    class Meta:
        model = Region
        django_get_or_create = ["parent", "name"]

    name = factory.Sequence(lambda n: f"Kecamatan {n}")
    code = factory.Sequence(lambda n: f"12.71.{n + 100}")
    level = Region.Level.DISTRICT
    kind = "kecamatan"
    parent = factory.LazyFunction(kota_medan)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = "Badan Kepegawaian Daerah dan Pengembangan Sumber Daya Manusia"
    short_name = "BKDPSDM Kota Medan"
    government = "Pemerintah Kota Medan"
    region = factory.LazyFunction(kota_medan)
    place = "Medan"
    address = "Jalan Kapten Maulana Lubis No. 2, Medan 20112"
    head_name = "Drs. Kepala Badan, M.Si"
    head_nip = "196501011990031005"
    head_grade = "IV/c"
    head_position = "Kepala Badan Kepegawaian Daerah dan Pengembangan Sumber Daya Manusia Kota Medan"
    number_pattern = "800/{seq}/BKDPSDM/{year}"


class CohortFactory(factory.django.DjangoModelFactory[Cohort]):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Angkatan {n}")
    slug = factory.Sequence(lambda n: f"angkatan-{n}")
    training_title = "Diklat Pelayanan Publik Berorientasi Inovasi"
    organisation = factory.SubFactory(OrganisationFactory)
    region = factory.SelfAttribute("organisation.region")
    start_date = datetime.date(2017, 7, 24)
    end_date = datetime.date(2017, 8, 21)


class ClusterFactory(factory.django.DjangoModelFactory[Cluster]):
    class Meta:
        model = Cluster

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"Klaster {n}")


class MentorFactory(factory.django.DjangoModelFactory[Mentor]):
    class Meta:
        model = Mentor
        django_get_or_create = ["cohort", "kecamatan"]  # one Camat per kecamatan

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    kecamatan = factory.SubFactory(KecamatanFactory)
    position = factory.LazyAttribute(lambda o: f"Camat {o.kecamatan.name}")


class ExaminerFactory(factory.django.DjangoModelFactory[Examiner]):
    class Meta:
        model = Examiner

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    position = "Widyaiswara Ahli Madya"


class CoachFactory(factory.django.DjangoModelFactory[Coach]):
    class Meta:
        model = Coach

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    position = "Widyaiswara Ahli Madya"
    institution = "BPSDM Provinsi Sumatera Utara"


class ParticipantFactory(factory.django.DjangoModelFactory[Participant]):
    class Meta:
        model = Participant

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    roll_number = factory.Sequence(lambda n: n + 1)
    grade = "III/b"
    position = "Lurah"
    work_unit = factory.Sequence(lambda n: f"Kelurahan {n}")
    kecamatan = factory.SubFactory(KecamatanFactory)
    mentor = factory.SubFactory(
        MentorFactory, cohort=factory.SelfAttribute("..cohort"), kecamatan=factory.SelfAttribute("..kecamatan")
    )
    coach = factory.Maybe(
        "with_coach", factory.SubFactory(CoachFactory, cohort=factory.SelfAttribute("..cohort")), None
    )

    class Params:
        with_coach = False


class ActionPlanFactory(factory.django.DjangoModelFactory[ActionPlan]):
    class Meta:
        model = ActionPlan

    participant = factory.SubFactory(ParticipantFactory)
    cluster = factory.SubFactory(ClusterFactory, cohort=factory.SelfAttribute("..participant.cohort"))
    title = factory.Sequence(lambda n: f"Inovasi {n}")


class SeminarFactory(factory.django.DjangoModelFactory[Seminar]):
    class Meta:
        model = Seminar
        django_get_or_create = ["cohort", "stage"]  # one seminar per stage of the cohort's programme

    cohort = factory.SubFactory(CohortFactory)
    stage = Seminar.Stage.DESIGN
    title = "Seminar Action Plan"
    date = datetime.date(2017, 8, 21)
    venue = "Hotel Grand Kanaya, Medan"


class RoomFactory(factory.django.DjangoModelFactory[Room]):
    class Meta:
        model = "seminars.Room"

    seminar = factory.SubFactory(SeminarFactory)
    name = factory.Sequence(lambda n: f"Ruang {n + 1}")
    order = factory.Sequence(lambda n: n)


class PanelFactory(factory.django.DjangoModelFactory[Panel]):
    class Meta:
        model = "seminars.Panel"
        skip_postgeneration_save = True

    room = factory.SubFactory(RoomFactory)

    @factory.post_generation
    def examiners(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.examiners.set(extracted)


def complete_plan(**kwargs):
    """A plan with every section (the 2017 flow's and its programme's), a core issue, a stakeholder, a risk, a
    short-term milestone and, where its programme lists the effective team, a team member."""
    plan = ActionPlanFactory(**kwargs)
    for name in ActionPlan.SECTIONS:
        setattr(plan, name, f"Isi bagian {name}.")
    sections.write(plan, {s.key: f"Isi bagian {s.key}." for s in plan.participant.cohort.programme_spec.sections})
    plan.core_issue = CandidateIssue.objects.create(
        plan=plan,
        description="Antrian panjang",
        aktual=True,
        problematik=True,
        kekhalayakan=True,
        layak=True,
        urgency=5,
        seriousness=4,
        growth=3,
    )
    plan.save()
    Stakeholder.objects.create(plan=plan, name="Camat", role="Pembina")
    Risk.objects.create(plan=plan, description="Anggaran", mitigation="Swadaya")
    Milestone.objects.create(plan=plan, term="short", deliverable="SK tim", due_date=datetime.date(2017, 9, 30))
    if plan.participant.cohort.programme_spec.list_spec("team"):
        TeamMember.objects.create(plan=plan, name="Rina Marpaung", role_in_team="Ketua tim", position="Kepala Seksi")
    return plan


def examined_plan(cohort, *, with_coach=False):
    """A plan scored by its one-examiner panel, so it is `examined`; its participant has a coach if asked."""
    seminar = SeminarFactory(cohort=cohort)
    rubric = ensure_rubric(cohort)
    examiner = ExaminerFactory(cohort=cohort)
    room = PanelFactory(room__seminar=seminar, examiners=[examiner]).room
    plan = complete_plan(participant__cohort=cohort, participant__with_coach=with_coach, state="approved")
    start, end = seminar_times(seminar)[0]
    Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
    sheet = plan.score_sheets.create(seminar=seminar, examiner=examiner)
    submit_sheet(
        sheet,
        values={c.pk: Decimal(85) for c in rubric.criteria.all()},
        note="Tambah tonggak evaluasi.",
        by=examiner.user,
    )
    plan.refresh_from_db()
    assert plan.state == "examined"
    return plan, examiner
