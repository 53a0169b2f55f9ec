"""The cast of the impact tests: an innovation whose plan is agreed, its record filled the way a KIPP proposal and
the regional index ask, and the organisation bureaus of its region and of another."""

import datetime
from decimal import Decimal

import pytest

from impact import record as records
from impact.demo import demo_pdf, demo_photo
from innovations.models import ActionPlan
from innovations.records import Evaluation, Stage
from participants.models import Organisation, Region
from tests.factories import OrganisationFactory, UserFactory, complete_plan, kota_medan

State = ActionPlan.State


def words(count: int, word: str = "kata") -> str:
    return " ".join([word] * count)


KIPP_TEXTS = {
    "summary": words(150, "ringkas"),
    "background_goals": "Latar belakang dan tujuan.",
    "novelty": "Kebaruan.",
    "implementation": "Implementasi.",
    "significance": "Signifikansi.",
    "adaptability": "Adaptabilitas.",
    "resources": "Sumber daya.",
    "sustainability": "Keberlanjutan.",
    "design": words(320, "rancang"),
    "goals": "Tujuan.",
    "benefits": "Manfaat.",
    "results": "Hasil.",
}


@pytest.fixture
def plan(cohort):
    return complete_plan(participant__cohort=cohort, state=State.AGREED, title="Layanan KTP Sehari Jadi")


def fill_record(
    plan, *, confirm=True, texts=None, implemented=datetime.date(2018, 1, 2), evaluations=("internal", "external")
):
    """The record as KIPP and the regional index ask it, written by its participant (and confirmed by the mentor)."""
    owner = plan.participant.user
    fields = {
        "stage": Stage.IMPLEMENTATION,
        "trial_date": datetime.date(2017, 9, 1),
        "implementation_date": implemented,
        "decree_number": "140/7/2017",
        "decree_date": datetime.date(2017, 9, 29),
        **(KIPP_TEXTS if texts is None else texts),
    }
    records.save_profile(plan, by=owner, fields=fields, version=None, decree=demo_pdf("SK", ["Surat keputusan"]))
    indicator = records.add_indicator(
        plan, by=owner, name="Waktu layanan KTP", unit="hari", baseline=Decimal(14),
        baseline_on=datetime.date(2017, 8, 1), lower_is_better=True,
    )  # fmt: skip
    records.add_measurement(
        indicator, by=owner, value=Decimal(2), measured_on=datetime.date(2018, 8, 1), note="",
        evidence=demo_photo("antrean", (10, 20, 30)),
    )  # fmt: skip
    for kind in evaluations:
        records.add_evaluation(
            plan, by=owner, kind=kind, evaluator="Inspektorat" if kind == Evaluation.Kind.EXTERNAL else "Kelurahan",
            evaluated_on=datetime.date(2019, 1, 10), findings="Berjalan baik.", report=demo_pdf("Evaluasi", ["Baik"]),
        )  # fmt: skip
    record = records.InnovationRecord.objects.get(plan=plan)
    if confirm:
        records.transition(record, to=records.State.SUBMITTED, by=owner)
        records.transition(record, to=records.State.CONFIRMED, by=plan.participant.mentor.user)
    record.refresh_from_db()
    return record


def bureau_of(region: Region, name: str = "Bagian Organisasi"):
    organisation = OrganisationFactory.create(kind=Organisation.Kind.BUREAU, region=region, short_name=name)
    user = UserFactory.create()
    organisation.staff_members.add(user)
    return organisation, user


@pytest.fixture
def bureau(db):
    """The organisation bureau of Kota Medan, the cohorts' region in the factories, and its staff member."""
    return bureau_of(kota_medan(), "Bagian Organisasi Setda Kota Medan")


@pytest.fixture
def other_bureau(db):
    kota_medan()
    region, _ = Region.objects.get_or_create(
        code="12.07", defaults={"name": "Kabupaten Deli Serdang", "level": 2, "kind": "kabupaten", "parent_id": "12"}
    )
    return bureau_of(region, "Bagian Organisasi Setda Deli Serdang")
