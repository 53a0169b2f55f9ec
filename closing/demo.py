"""The demo cohort's close: the rules of its final grade, the attitude scores staff entered (two still missing, to
enter on the grid), the certificates of those who passed (one re-issued), for the demo's story."""

import datetime
from decimal import Decimal

from django.db import transaction

from participants.models import Cohort, User
from programmes.spec import parse

from . import certificates, grades
from .models import Certificate

MISSING_ATTITUDE = {9, 10}  # staff still have to enter these on the grid
ISSUED_ON = datetime.date(2017, 9, 15)
RULES = {
    "components": [
        {"key": "seminar", "label": "Nilai seminar rencana aksi", "weight": 70, "source": "seminar:design"},
        {"key": "attitude", "label": "Penilaian sikap perilaku", "weight": 30, "source": "entered", "minimum": 60},
    ],
    "lesson_hours": 40,
}


def _attitude(roll: int) -> Decimal:
    """A made-up but stable attitude score between 62 and 95; one participant falls below the minimum."""
    return Decimal(55) if roll == 12 else Decimal(62 + roll * 11 % 34)


@transaction.atomic
def load_closing(cohort: Cohort, *, staff: User, birth_places: list[str]) -> None:
    """Once: the rules, the scores, the certificates (their PDFs rendered by the worker after commit); each
    participant's place of birth is one of `birth_places`, by roll number."""
    if Certificate.objects.filter(participant__cohort=cohort).exists():
        return
    cohort.spec = parse({**cohort.spec, **RULES}).to_json()
    cohort.save(update_fields=["spec"])
    cohort = Cohort.objects.get(pk=cohort.pk)
    book = grades.grade_book(cohort)
    book.training_type = "Diklat Teknis"
    book.save(update_fields=["training_type"])
    participants = list(cohort.participants.filter(withdrawn_at__isnull=True).select_related("user"))
    for participant in participants:
        if not participant.user.birth_place:
            participant.user.birth_place = birth_places[participant.roll_number % len(birth_places)]
            participant.user.save(update_fields=["birth_place"])
    grades.save_scores(
        cohort,
        version=book.version,
        values={
            p.pk: {"attitude": _attitude(p.roll_number)} for p in participants if p.roll_number not in MISSING_ATTITUDE
        },
        by=staff,
    )
    issued = certificates.issue_certificates(cohort, by=staff, on=ISSUED_ON)
    Certificate.objects.filter(pk__in=[c.pk for c in issued]).update(issued_on=ISSUED_ON)
    # A name corrected after the certificate was printed: re-issued under a new number, the old one replaced.
    corrected = issued[0]
    certificates.reissue_certificate(corrected, by=staff, reason="Gelar akademik pada nama dilengkapi.")
