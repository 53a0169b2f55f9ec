"""Load the demo: Medan 2017, the first real case, and a second organisation elsewhere with a small cohort of its
own (portal/demo/deli_serdang.py). Idempotent: what exists is left as it is."""

import datetime
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from django.contrib.auth.hashers import make_password
from django.db import transaction

from closing.demo import load_closing
from innovations.demo import load_plans
from innovations.models import DEFAULT_CLUSTERS, ActionPlan, Cluster
from participants import regions
from participants.civil_service import clean_nip
from participants.jobs import request_job
from participants.models import AuditEvent, Cohort, Examiner, Job, Mentor, Organisation, Participant, Region, User
from seminars.demo import load_seminar
from seminars.models import Seminar

from .. import services
from . import deli_serdang, provinsi
from . import impact as after_the_cohort
from .logos import demo_logo
from .people import ADMIN, BIRTH_PLACES, CAMAT, EXAMINERS, HEAD, PARTICIPANTS, PLAN_TITLES, STAFF

MEDAN = json.loads((Path(__file__).resolve().parent / "medan.json").read_text())
PASSWORD = "inovasi2017"
COHORT_SLUG = "medan-2017"
ADMIN_EMAIL = "admin@inovasi.example"


# What apps above this one add to the demo (the read API's token), each registered from its AppConfig.ready as a
# function of the demo cohort and its staff that returns lines for seed_demo to print.
LATER: list = []
NOTES: list[str] = []


def also_load(function):
    LATER.append(function)
    return function


@dataclass
class SignIn:
    role: str
    name: str
    email: str
    nip: str
    where: str  # the organisation whose pages the person sees


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


def person(index: int, name: str, sex: int, email: str, *, superuser=False) -> User:
    """A demo account with the demo password: found by its e-mail address, or made with a NIP from `index`."""
    user, _created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": name,
            "nip": demo_nip(index, sex),
            "is_staff": superuser,
            "is_superuser": superuser,
            "password": _password_hash(),
        },
    )
    return user


def medan_organisation() -> Organisation:
    """The organiser of the first real case; its identity as its letterhead shows it (illustrative contacts)."""
    # An installation that ran the version before organisations has this one already, named from the cohort's
    # organiser and with nothing else: its letterhead is filled in once, and then left as staff keep it.
    organisation = Organisation.objects.filter(short_name=MEDAN["seminar_2017"]["organiser"]).first()
    if organisation is None or not organisation.has_head:
        organisation = organisation or Organisation(short_name=MEDAN["seminar_2017"]["organiser"])
        for field, value in dict(
            name="Badan Kepegawaian Daerah dan Pengembangan Sumber Daya Manusia",
            government="Pemerintah Kota Medan",
            region=Region.objects.get(code=MEDAN["kemendagri_code"]),
            place="Medan",
            address="Jalan Kapten Maulana Lubis No. 2, Medan 20112",
            phone="(061) 4512412",
            email="bkdpsdm@medan.example",
            website="bkdpsdm.medan.example",
            head_name=HEAD[0],
            head_nip=HEAD[1],
            head_grade="IV/c",
            head_position=HEAD[2],
            number_pattern="800/{seq}/BKDPSDM/{year}",
        ).items():
            setattr(organisation, field, value)
        organisation.logo.save("bkdpsdm-medan.png", demo_logo("KM", (27, 94, 32)), save=False)
        organisation.save()
    return organisation


@transaction.atomic
def load_demo() -> list[SignIn]:
    """Create what is missing of the demo; return one sign-in per role."""
    # Only the two kabupaten/kota the demo is set in: all of Indonesia is `manage.py load_regions`.
    regions.load([MEDAN["kemendagri_code"], deli_serdang.REGION])
    admin = person(400, ADMIN[0], ADMIN[1], ADMIN_EMAIL, superuser=True)
    organisation = medan_organisation()

    facts = MEDAN["seminar_2017"]
    cohort, _ = Cohort.objects.get_or_create(
        slug=COHORT_SLUG,
        defaults={
            "name": "Angkatan 2017",
            "training_title": facts["training"],
            "organisation": organisation,
            "region": organisation.region,
            "mentor_rule": Cohort.MentorRule.CAMAT,
            "start_date": datetime.date(2017, 7, 24),
            "end_date": datetime.date(2017, 8, 21),
        },
    )
    staff = person(0, STAFF[0], STAFF[1], "staf@bkdpsdm.medan.example")
    organisation.staff_members.add(staff)
    Seminar.objects.get_or_create(
        cohort=cohort,
        date=datetime.date.fromisoformat(facts["date"]),
        defaults={"title": facts["title"], "venue": facts["venue"]},
    )
    participants = _load_roster(cohort)
    load_plans(cohort)
    _load_dropout(cohort, staff=staff)
    load_seminar(cohort, staff=staff, password=PASSWORD)
    _load_new_camat(cohort, staff=staff)
    load_closing(cohort, staff=staff, birth_places=BIRTH_PLACES)
    # The booklet the staff asked for: made after the commit (by the worker, or at once by `make run`).
    if not Job.objects.filter(cohort=cohort, kind=Job.Kind.BOOKLET).exists():
        request_job(Job.Kind.BOOKLET, cohort=cohort, by=staff)
    elsewhere = deli_serdang.load(person=person, nip_of=demo_nip, password_hash=_password_hash())
    province = provinsi.load(person=person, nip_of=demo_nip, password_hash=_password_hash(), password=PASSWORD)
    bureau = after_the_cohort.load(cohort, staff=staff, person=person)
    NOTES.clear()
    for load_more in LATER:
        NOTES.extend(load_more(cohort=cohort, staff=staff))

    first = participants[0]
    examiner = Examiner.objects.filter(cohort=cohort).select_related("user").first()
    # The demo has just made them.
    assert first.mentor is not None
    assert examiner is not None
    medan = [
        ("staff", staff),
        ("participant", first.user),
        ("mentor", first.mentor.user),
        ("examiner", examiner.user),
    ]
    # The casts: every demo account has an e-mail address (.people gives each one).
    return [
        *(
            SignIn(role, user.full_name, cast(str, user.email), user.nip_display, organisation.short_name)
            for role, user in medan
        ),
        SignIn(
            bureau[0],
            bureau[1].full_name,
            cast(str, bureau[1].email),
            bureau[1].nip_display,
            after_the_cohort.BUREAU["short_name"],
        ),
        *(
            SignIn(role, user.full_name, cast(str, user.email), user.nip_display, deli_serdang.SHORT_NAME)
            for role, user in elsewhere
        ),
        *(
            SignIn(role, user.full_name, cast(str, user.email), user.nip_display, provinsi.SHORT_NAME)
            for role, user in province
        ),
        SignIn("superuser", admin.full_name, cast(str, admin.email), admin.nip_display, "Inovasi"),
    ]


def _load_roster(cohort: Cohort) -> list[Participant]:
    """The 2017 cohort's people: a Camat mentoring each kecamatan, LAN's examiners, the participants (each with the
    Camat of their kecamatan) and their plans' titles in their clusters. Returns the participants by roll number."""
    kecamatan = {
        region.name: region
        for region in Region.objects.filter(parent_id=MEDAN["kemendagri_code"], level=Region.Level.DISTRICT)
    }
    clusters = {}
    for order, name in enumerate(DEFAULT_CLUSTERS, start=1):
        clusters[name], _ = Cluster.objects.get_or_create(cohort=cohort, name=name, defaults={"order": order})

    mentors = {}
    for index, (kecamatan_name, name, sex) in enumerate(CAMAT, start=100):
        local = "camat." + kecamatan_name.lower().replace("medan ", "medan")
        user = person(index, name, sex, f"{local}@medan.example")
        mentors[kecamatan_name], _ = Mentor.objects.get_or_create(
            cohort=cohort,
            kecamatan=kecamatan[kecamatan_name],
            defaults={"user": user, "position": f"Camat {kecamatan_name}"},
        )

    for index, (name, sex, position, local) in enumerate(EXAMINERS, start=200):
        user = person(index, name, sex, f"{local}@lan.example")
        Examiner.objects.get_or_create(
            cohort=cohort, user=user, defaults={"position": position, "institution": "LAN RI"}
        )

    participants = []
    for roll, (name, sex, grade, position, unit, kecamatan_name, local) in enumerate(PARTICIPANTS, start=1):
        user = person(roll, name, sex, f"{local}@medan.example")
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
    return participants


# A participant who dropped out after approval, before the seminar; a Camat transferred after it (issue 16).
DROPOUT_ROLL = 28
DROPOUT_AT = datetime.datetime(2017, 8, 14, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
TRANSFERRED = "Medan Helvetia"
NEW_CAMAT = (150, "Wahyu Hidayat Lubis, S.STP, M.Si", 1, "camat.medanhelvetia.baru")


def _load_dropout(cohort: Cohort, *, staff: User) -> None:
    """Staff withdraw one approved participant with a reason; their plan stays out of the schedule."""
    if AuditEvent.objects.filter(cohort=cohort, verb=AuditEvent.Verb.PARTICIPANT_WITHDRAW).exists():
        return
    dropout = Participant.objects.get(cohort=cohort, roll_number=DROPOUT_ROLL)
    services.withdraw_participant(dropout, reason="Mengundurkan diri: dimutasi ke Pemerintah Kabupaten Karo.", by=staff)
    # Dated in the cohort, like the rest of its history; restoring finds the plan by its withdrawal from then on.
    Participant.objects.filter(pk=dropout.pk).update(withdrawn_at=DROPOUT_AT)
    AuditEvent.objects.filter(cohort=cohort, at__year__gt=DROPOUT_AT.year).filter(
        verb__in=[AuditEvent.Verb.PLAN_WITHDRAW, AuditEvent.Verb.PARTICIPANT_WITHDRAW]
    ).update(at=DROPOUT_AT)


def _load_new_camat(cohort: Cohort, *, staff: User) -> None:
    """A Camat transferred after the seminar: the new one takes over the kecamatan and its participants."""
    if AuditEvent.objects.filter(cohort=cohort, verb=AuditEvent.Verb.MENTOR_REPLACE).exists():
        return
    index, name, sex, local = NEW_CAMAT
    old = Mentor.objects.get(cohort=cohort, kecamatan__name=TRANSFERRED)
    successor = person(index, name, sex, f"{local}@medan.example")
    services.replace_mentor(
        old, by=staff, position=f"Camat {TRANSFERRED}", full_name=name, nip=successor.nip, email=successor.email
    )
    AuditEvent.objects.filter(cohort=cohort, verb=AuditEvent.Verb.MENTOR_REPLACE).update(
        at=datetime.datetime(2017, 9, 4, 10, 0, tzinfo=DROPOUT_AT.tzinfo)
    )
