"""The seminar's documents: the minutes (berita acara) of its results, its agenda, and the archive of its sealed
agreements."""

import datetime
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import issuing
from core.documents import date_in_words, html_to_pdf
from core.models import IssuedDocument
from participants.models import Cohort, User
from participants.organisations import issue_document, letterhead, require_head
from participants.rules import person_path

from . import agreements, services
from .models import Agreement, Seminar
from .results import minutes_content

SIGNATURES_PER_ROW = 3


# What each numbered document says, as plain data (core.issuing compares it with the revision issued last), and
# the page made from it: the data read back with its dates and times, the letterhead and the head of the
# organisation at the time the page is first made, and the number with what it replaces.


def agenda_content(seminar: Seminar) -> dict:
    """The agenda's facts: the seminar's days and venue, its breaks, each room's panel and every exposé."""
    agenda = services.agenda_of(seminar)
    return {
        "cohort": {"name": seminar.cohort.name, "training_title": seminar.cohort.training_title},
        "seminar": {
            "title": seminar.title,
            "venue": seminar.venue,
            "date": seminar.date.isoformat(),
            "end_date": seminar.end_date.isoformat() if seminar.end_date else None,
        },
        "rooms": [{"name": room.name} for room in agenda["rooms"]],
        "panels": agenda["panels"],
        "breaks": [
            {"label": pause.label, "start": pause.start.isoformat(), "end": pause.end.isoformat()}
            for pause in agenda["breaks"]
        ],
        "rows": [
            [
                start.isoformat(),
                end.isoformat(),
                [
                    {
                        "plan": {
                            "title": slot.plan.title,
                            "participant": {"user": {"full_name": slot.plan.participant.user.full_name}},
                        }
                    }
                    if slot
                    else None
                    for slot in cells
                ],
            ]
            for start, end, cells in agenda["rows"]
        ],
    }


def agenda_document(seminar: Seminar, *, by: User) -> tuple[IssuedDocument | None, bool]:
    """The agenda a person asks for, and whether it is newly issued: staff issue it (the same number while the
    schedule is unchanged, a new revision once it changed); anyone else gets the agenda last issued while the
    schedule is still the one it shows, or else None, for a draft without a number."""
    content = agenda_content(seminar)
    if Cohort.objects.run_by(by).filter(pk=seminar.cohort_id).exists():
        return issue_document(
            seminar.cohort.organisation,
            IssuedDocument.Kind.AGENDA,
            seminar,
            cohort=seminar.cohort,
            content=content,
            on=timezone.localdate(),
            by=by,
        )
    last = issuing.latest(IssuedDocument.Kind.AGENDA, seminar)
    return (last if last is not None and last.content_hash == issuing.content_hash(content) else None), False


def _seminar(facts: dict) -> dict:
    day = datetime.date.fromisoformat
    return {**facts, "date": day(facts["date"]), "end_date": day(facts["end_date"]) if facts.get("end_date") else None}


def _numbering(document: IssuedDocument | None) -> dict:
    """The number a page carries (none on a draft), and the revision it replaces."""
    if document is None:
        return {"number": "", "draft": True}
    return {"number": document.number, "draft": False, "revision": document.revision, "replaces": document.replaces}


def minutes_pdf(seminar: Seminar, document: IssuedDocument | None = None) -> bytes:
    """The minutes of the results (berita acara) as an official A4 document on the organisation's letterhead, for
    the examiners to sign and the head to acknowledge: an issued revision from what it was issued with, or (with no
    document) a draft of the results as they stand, without a number. Raises ValidationError when the organisation
    names no head."""
    organisation = seminar.cohort.organisation
    require_head(organisation, document=_("minutes"))
    content = document.content if document is not None else minutes_content(seminar)
    examiners = [{**examiner, "number": f"{n}."} for n, examiner in enumerate(content["examiners"], start=1)]
    day = datetime.date.fromisoformat(content["seminar"]["date"])
    context = {
        **letterhead(organisation),
        **_numbering(document),
        "cohort": content["cohort"],
        "seminar": _seminar(content["seminar"]),
        "day_in_words": date_in_words(day),
        "rows": content["rows"],
        "examiner_rows": [
            examiners[start : start + SIGNATURES_PER_ROW] for start in range(0, len(examiners), SIGNATURES_PER_ROW)
        ],
        "pdf": True,
    }
    with translation.override("id"):  # an official document; the refusal above is in the reader's language
        return html_to_pdf(render_to_string("seminars/minutes.html", context))


def agenda_pdf(seminar: Seminar, document: IssuedDocument | None = None) -> bytes:
    """The schedule as a landscape A4 agenda on the organisation's letterhead, signed by its head: an issued
    revision, dated the day it was issued, or (with no document) a draft of the schedule as it stands. Raises
    ValidationError when the organisation names no head."""
    organisation = seminar.cohort.organisation
    require_head(organisation, document=_("agenda"))
    content = document.content if document is not None else agenda_content(seminar)
    moment, clock = datetime.datetime.fromisoformat, datetime.time.fromisoformat
    context = {
        **letterhead(organisation),
        **_numbering(document),
        "cohort": content["cohort"],
        "seminar": _seminar(content["seminar"]),
        "rooms": content["rooms"],
        "rows": [(moment(start), moment(end), cells) for start, end, cells in content["rows"]],
        "panels": content["panels"],
        "breaks": [
            {**pause, "start": clock(pause["start"]), "end": clock(pause["end"])} for pause in content["breaks"]
        ],
        "today": document.dated if document is not None else timezone.localdate(),
    }
    with translation.override("id"):
        return html_to_pdf(render_to_string("seminars/agenda_document.html", context))


def archive_name(agreement: Agreement, taken: set[str]) -> str:
    """The file name of a sealed PDF in the archive: the participant's NDH and name, in plain ASCII (any unzip tool,
    any file system), e.g. "007-siti-aminah.pdf"; the verification code is added if that name is taken already."""
    participant = agreement.plan.participant
    stem = f"{participant.roll_number:03d}-{slugify(participant.user.full_name)[:60].strip('-') or 'peserta'}"
    name = f"{stem}.pdf"
    if name in taken:
        name = f"{stem}-{agreement.code}.pdf"
    taken.add(name)
    return name


def archive_folders(cohort: Cohort) -> dict[str, str]:
    """The folder of each stage's sealed sheets in the archive: none where the programme has one sheet (the 2017
    flow's archive stays flat, as it always was); else a folder per stage named after its sheet's title, e.g.
    "lembar-persetujuan-rancangan-aktualisasi/" and "lembar-pengesahan-laporan-aktualisasi/"."""
    if agreements.sign_off_of(cohort, agreements.REPORT) is None:
        return {agreements.DESIGN: ""}
    folders: dict[str, str] = {}
    for stage in (agreements.DESIGN, agreements.REPORT):
        sign_off = agreements.sign_off_of(cohort, stage)
        folder = slugify(sign_off.title)[:60].strip("-") if sign_off else ""
        if not folder or folder in folders.values():  # an untitled sheet, or two titles alike: the stage tells
            folder = f"{folder}-{stage}".strip("-")
        folders[stage] = f"{folder}/"
    return folders


def archive_file_name(cohort: Cohort) -> str:
    """The ZIP's own name: the 2017 flow's kesepakatan-…, a programme with a sheet per stage's lembar-…."""
    one_sheet = agreements.sign_off_of(cohort, agreements.REPORT) is None
    return f"{'kesepakatan' if one_sheet else 'lembar'}-{cohort.slug}.zip"


def write_sealed_archive(cohort: Cohort, file) -> int:
    """Write the cohort's sealed sheets' PDFs as a ZIP into `file`, each named after its participant, in its stage's
    folder where the programme has a sheet per stage (archive_folders); returns how many."""
    count = 0
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive:
        for stage, folder in archive_folders(cohort).items():
            taken = set[str]()
            sealed = Agreement.objects.filter(
                plan__participant__cohort=cohort, stage=stage, state=Agreement.State.SEALED
            ).order_by("plan__participant__roll_number", "pk")
            for agreement in sealed.select_related(person_path("owner", "plan__participant")):
                name = folder + archive_name(agreement, taken)
                if not agreement.pdf:  # sealed a moment ago: its own PDF job has not run yet
                    agreements.store_sealed_pdf(agreement)
                    agreement.refresh_from_db(fields=["pdf"])
                with agreement.pdf.open("rb") as pdf:
                    archive.writestr(name, pdf.read())
                count += 1
    return count
