"""The demo cohort's seminar: two rooms, their panels, the schedule and the examiners' scores."""

import datetime
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from core.lifecycle import Publication
from innovations import catalogue, progress
from innovations.models import ActionPlan
from participants.models import Cohort, User
from participants.rules import person_path

from . import agreements, results, revisions
from .models import Break, Panel, Room, ScoreSheet, Seminar
from .scoring import ensure_rubric, save_sheet, submit_sheet
from .services import pin_slot, schedule_seminar

# Plans (by roll number) whose first examiner is still scoring, so the live recap has gaps to show.
STILL_SCORING = {1, 2}
# A plan the examiners judged far apart: the recap flags it for moderation.
FAR_APART = 5
SEALED, HALF_SIGNED, REVISION_WAITING = (3, 4), 6, 7
AGREED_ON = datetime.date(2017, 8, 23)  # the demo's agreements are dated two days after the seminar


def _score(roll: int, examiner_index: int) -> Decimal:
    """A made-up but stable score between about 68 and 94."""
    if roll == FAR_APART:
        return Decimal(92 if examiner_index == 0 else 70)
    return Decimal(68 + (roll * 7 + examiner_index * 5) % 27)


def load_seminar(cohort: Cohort, *, staff: User, password: str) -> None:
    """The seminar of the demo cohort, scored and published, then its agreements and progress; `password` is the
    demo accounts' own, which signing asks for again."""
    seminar = cohort.seminars.filter(stage=Seminar.Stage.DESIGN).first()
    if seminar is None or seminar.rooms.exists():
        return
    rubric = ensure_rubric(cohort)
    seminar.day_start, seminar.day_end, seminar.slot_minutes = datetime.time(8, 30), datetime.time(16, 0), 20
    seminar.save(update_fields=["day_start", "day_end", "slot_minutes"])
    Break.objects.create(seminar=seminar, label="Rehat kopi", start=datetime.time(10, 10), end=datetime.time(10, 30))
    Break.objects.create(seminar=seminar, label="Ishoma", start=datetime.time(12, 0), end=datetime.time(13, 0))
    examiners = list(cohort.examiners.order_by("user__full_name"))
    deli = Panel.objects.create(room=Room.objects.create(seminar=seminar, name="Ruang Deli", order=1))
    deli.examiners.set(examiners[:2])
    kanaya = Panel.objects.create(room=Room.objects.create(seminar=seminar, name="Ruang Kanaya", order=2))
    kanaya.examiners.set(examiners[2:])
    schedule_seminar(seminar, by=staff)
    # The first exposé of the day is pinned (the participant opens the seminar): a rebuild keeps it there.
    first = seminar.slots.order_by("starts_at", "room__order").first()
    assert first is not None  # just scheduled
    pin_slot(first, pinned=True, by=staff)

    criteria = list(rubric.criteria.all())
    for slot in seminar.slots.select_related("plan__participant", "room__panel"):
        roll = slot.plan.participant.roll_number
        for index, examiner in enumerate(slot.room.panel.examiners.order_by("user__full_name")):
            sheet = ScoreSheet.objects.create(seminar=seminar, plan=slot.plan, examiner=examiner)
            values: dict[int, Decimal | None] = {c.pk: _score(roll, index) + (c.order % 3) for c in criteria}
            note = "Perjelas indikator keberhasilan dan libatkan kepala lingkungan sejak awal."
            if roll in STILL_SCORING and index == 0:
                save_sheet(sheet, values=values, note=note, by=examiner.user)
            else:
                submit_sheet(sheet, values=values, note=note, by=examiner.user)
    results.publish_results(seminar, by=staff)
    Seminar.objects.filter(pk=seminar.pk).update(
        results_published_at=datetime.datetime(
            2017, 8, 21, 17, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
        )
    )
    _load_agreements(cohort, staff=staff, password=password)


def _load_agreements(cohort: Cohort, *, staff: User, password: str) -> None:
    """Two sealed agreements, one half-signed after a confirmed revision, one revision waiting for the mentor."""
    plans = {
        plan.participant.roll_number: plan
        for plan in ActionPlan.objects.filter(
            participant__cohort=cohort, state=ActionPlan.State.EXAMINED
        ).select_related(person_path("owner", "participant"), person_path("mentor", "participant"))
    }

    def as_rows(plan):
        return [{"term": m.term, "deliverable": m.deliverable, "due_date": m.due_date} for m in plan.milestones.all()]

    for roll in SEALED:
        agreement = agreements.prepare_agreement(plans[roll], by=plans[roll].participant.user, on=AGREED_ON)
        for user in [plans[roll].participant.user, plans[roll].participant.mentor.user, agreement.examiner.user]:
            agreements.sign(agreement, by=user, password=password, ip_address="127.0.0.1", user_agent="demo")
    revised = plans[HALF_SIGNED]
    extra = {
        "term": "medium",
        "deliverable": "Survei kepuasan masyarakat setelah tiga bulan",
        "due_date": datetime.date(2017, 12, 15),
    }
    # The first revision set the survey too soon after the seminar: the mentor returned it, and it came back later.
    too_soon = {**extra, "due_date": datetime.date(2017, 9, 15)}
    revision = revisions.propose_revision(
        revised, milestones=[*as_rows(revised), too_soon], by=revised.participant.user
    )
    revisions.return_revision(
        revision,
        by=revised.participant.mentor.user,
        note="Survei kepuasan perlu waktu: adakan tiga bulan setelah layanan berjalan.",
    )
    revision = revisions.propose_revision(revised, milestones=[*as_rows(revised), extra], by=revised.participant.user)
    agreement = revisions.confirm_revision(revision, by=revised.participant.mentor.user, on=AGREED_ON)
    agreements.sign(
        agreement, by=revised.participant.user, password=password, ip_address="127.0.0.1", user_agent="demo"
    )
    waiting = plans[REVISION_WAITING]
    evaluation = {
        "term": "medium",
        "deliverable": "Evaluasi layanan bersama lurah dan kepala lingkungan",
        "due_date": datetime.date(2017, 11, 30),
    }
    revisions.propose_revision(waiting, milestones=[*as_rows(waiting), evaluation], by=waiting.participant.user)
    _load_progress(plans[SEALED[0]], plans[SEALED[1]], staff=staff)


def _load_progress(completed, underway, *, staff: User) -> None:
    """One plan carried out to the end and published; one under way, with a report waiting for the mentor."""
    for milestone in completed.milestones.all():
        report = progress.report_progress(
            milestone,
            by=completed.participant.user,
            status="done",
            percent=100,
            narrative=f"Selesai: {milestone.deliverable}.",
            links=f"https://{completed.participant.cohort.organisation.website}/",
        )
        progress.review_report(report, by=completed.participant.mentor.user, verified=True)
    first, second = list(underway.milestones.all())[:2]
    report = progress.report_progress(
        first,
        by=underway.participant.user,
        status="done",
        percent=100,
        narrative="SK tim ditandatangani Camat.",
        links="",
    )
    progress.review_report(report, by=underway.participant.mentor.user, verified=True, note="Baik.")
    progress.report_progress(
        second,
        by=underway.participant.user,
        status="in_progress",
        percent=60,
        narrative="Sosialisasi di 4 dari 7 lingkungan.",
        links="",
        files=[_demo_photo("sosialisasi-lingkungan-3.jpg")],
    )
    for plan in (completed, underway):
        catalogue.transition(plan, to=Publication.PUBLISHED, by=staff)


def _demo_photo(name: str) -> ContentFile:
    """A made-up phone photo (1600 × 1200) of a meeting, for the mentor's thumbnail and the photo it opens."""
    photo = Image.new("RGB", (1600, 1200), (236, 228, 214))
    draw = ImageDraw.Draw(photo)
    draw.rectangle((0, 820, 1600, 1200), fill=(150, 111, 74))  # the floor of the hall
    draw.rectangle((420, 120, 1180, 520), fill=(250, 250, 250), outline=(60, 60, 60), width=8)  # the screen
    draw.text((800, 320), "Sosialisasi", fill=(13, 71, 161), font=ImageFont.load_default(size=110), anchor="mm")
    for row in range(2):
        for seat in range(7):
            x, y = 170 + seat * 210, 700 + row * 230
            draw.ellipse((x, y - 150, x + 90, y - 60), fill=(96, 64, 48))  # a head
            draw.rounded_rectangle((x - 20, y - 60, x + 110, y + 80), 30, fill=(40 + seat * 25, 90, 140))
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=85)
    upload = ContentFile(buffer.getvalue(), name=name)
    # As the upload form's check finds it; an attribute it sets on the upload, that a ContentFile does not declare.
    upload.detected_type = "image/jpeg"  # type: ignore[attr-defined]
    return upload
