"""Load the Medan 2017 demo cohort. Idempotent: what exists is left as it is."""

import datetime
import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction

from innovations.demo import load_plans
from innovations.models import DEFAULT_CLUSTERS, ActionPlan, Cluster
from participants.civil_service import clean_nip
from participants.models import Cohort, Examiner, Kecamatan, Mentor, Participant, User
from seminars.demo import load_seminar
from seminars.models import Seminar

from .people import CAMAT, EXAMINERS, PARTICIPANTS, PLAN_TITLES, STAFF

MEDAN = json.loads((Path(__file__).resolve().parent / "medan.json").read_text())
PASSWORD = "inovasi2017"
COHORT_SLUG = "medan-2017"


@dataclass
class SignIn:
    role: str
    name: str
    email: str
    nip: str


def demo_nip(index: int, sex: int) -> str:
    """A valid, made-up NIP: born 1968–1987, appointed at 24–29, sequence 001–003."""
    birth = datetime.date(1968 + index * 7 % 20, 1 + index % 12, 1 + index * 3 % 28)
    appointed = (birth.year + 24 + index % 6, 1 + index * 5 % 12)
    nip = f"{birth:%Y%m%d}{appointed[0]:04d}{appointed[1]:02d}{sex}{1 + index % 3:03d}"
    return clean_nip(nip, today=datetime.date(2017, 8, 21))


@functools.cache
def _password_hash() -> str:
    # Hashing is slow on purpose; the demo's 62 accounts share one hash of the same password.
    return make_password(PASSWORD)


def _person(index: int, name: str, sex: int, email: str, *, is_staff=False) -> User:
    user, _created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": name,
            "nip": demo_nip(index, sex),
            "is_staff": is_staff,
            "is_superuser": is_staff,
            "password": _password_hash(),
        },
    )
    return user


@transaction.atomic
def load_demo() -> list[SignIn]:
    """Create what is missing of the demo cohort; return one sign-in per role."""
    kecamatan = {}
    for entry in MEDAN["kecamatan"]:
        kecamatan[entry["name"]], _ = Kecamatan.objects.get_or_create(
            city=MEDAN["city"], name=entry["name"], defaults={"kelurahan_count": entry["kelurahan_count"]}
        )

    facts = MEDAN["seminar_2017"]
    cohort, _ = Cohort.objects.get_or_create(
        slug=COHORT_SLUG,
        defaults={
            "name": "Angkatan 2017",
            "training_title": facts["training"],
            "organiser": facts["organiser"],
            "start_date": datetime.date(2017, 7, 24),
            "end_date": datetime.date(2017, 8, 21),
        },
    )
    staff = _person(0, STAFF[0], STAFF[1], "staf@bkdpsdm.medan.example", is_staff=True)
    cohort.staff_members.add(staff)
    Seminar.objects.get_or_create(
        cohort=cohort,
        date=datetime.date.fromisoformat(facts["date"]),
        defaults={"title": facts["title"], "venue": facts["venue"]},
    )
    clusters = {}
    for order, name in enumerate(DEFAULT_CLUSTERS, start=1):
        clusters[name], _ = Cluster.objects.get_or_create(cohort=cohort, name=name, defaults={"order": order})

    mentors = {}
    for index, (kecamatan_name, name, sex) in enumerate(CAMAT, start=100):
        local = "camat." + kecamatan_name.lower().replace("medan ", "medan")
        user = _person(index, name, sex, f"{local}@medan.example")
        mentors[kecamatan_name], _ = Mentor.objects.get_or_create(
            cohort=cohort,
            kecamatan=kecamatan[kecamatan_name],
            defaults={"user": user, "position": f"Camat {kecamatan_name}"},
        )

    for index, (name, sex, position, local) in enumerate(EXAMINERS, start=200):
        user = _person(index, name, sex, f"{local}@lan.example")
        Examiner.objects.get_or_create(
            cohort=cohort, user=user, defaults={"position": position, "institution": "LAN RI"}
        )

    participants = []
    for roll, (name, sex, grade, position, unit, kecamatan_name, local) in enumerate(PARTICIPANTS, start=1):
        user = _person(roll, name, sex, f"{local}@medan.example")
        participant, _ = Participant.objects.get_or_create(
            cohort=cohort,
            user=user,
            defaults={
                "roll_number": roll,
                "grade": grade,
                "position": position,
                "work_unit": unit,
                "kecamatan": kecamatan[kecamatan_name],
                "mentor": mentors[kecamatan_name],
            },
        )
        participants.append(participant)

    for participant, (cluster_name, title) in zip(participants, PLAN_TITLES, strict=True):
        if not participant.plans.exists():
            ActionPlan.objects.create(participant=participant, cluster=clusters[cluster_name], title=title)
    load_plans(cohort)
    load_seminar(cohort, staff=staff, password=PASSWORD)

    first = participants[0]
    sign_ins = [
        ("staff", staff),
        ("participant", first.user),
        ("mentor", first.mentor.user),
        ("examiner", Examiner.objects.filter(cohort=cohort).select_related("user").first().user),
    ]
    return [SignIn(role, user.full_name, user.email, user.nip_display) for role, user in sign_ins]
