"""Organisations: their staff, their regions and the numbers they give their documents."""

import datetime
import string

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import issuing
from core.documents import html_to_pdf
from core.editing import check_fresh, lock
from core.models import IssuedDocument
from core.storage import store_field

from . import regions
from .audit import Verb, record
from .models import DocumentCounter, Organisation, Region, User
from .services import find_or_create_person, invite_on_commit

ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
PLACEHOLDERS = {"seq", "year", "month"}


def format_number(pattern: str, *, seq, on: datetime.date) -> str:
    """A number from an organisation's pattern: `800/{seq}/BKPSDM/{month}/{year}` gives 800/12/BKPSDM/VIII/2017."""
    return pattern.format(seq=seq, year=on.year, month=ROMAN_MONTHS[on.month - 1])


def validate_number_pattern(pattern: str) -> None:
    """A pattern has {seq} once, and nothing in braces but {seq}, {year} and {month}; {seq:03d} pads it."""
    unreadable = ValidationError(
        _("The numbering cannot be read: write the parts in braces as {seq}, {year} or {month}."), code="pattern"
    )
    try:
        names = [name for _text, name, _spec, _conversion in string.Formatter().parse(pattern) if name is not None]
    except ValueError as error:
        raise unreadable from error
    unknown = sorted(set(names) - PLACEHOLDERS, key=names.index)
    if unknown:
        raise ValidationError(
            _("Unknown part %(parts)s: only {seq}, {year} and {month} can be used.")
            % {"parts": ", ".join(f"{{{name}}}" for name in unknown)},
            code="pattern",
        )
    if names.count("seq") != 1:
        raise ValidationError(_("The numbering needs {seq}, once: the running number."), code="pattern")
    try:
        format_number(pattern, seq=1, on=datetime.date(2017, 8, 21))
    except (ValueError, IndexError, KeyError) as error:
        raise unreadable from error


@transaction.atomic
def next_document_number(organisation: Organisation, *, on: datetime.date) -> str:
    """Take the organisation's next number of the year `on` falls in. The year's counter row is locked until the
    caller's transaction ends, so two documents never get the same number, and a rolled-back one gives its back."""
    DocumentCounter.objects.get_or_create(organisation=organisation, year=on.year)
    counter = DocumentCounter.objects.select_for_update().get(organisation=organisation, year=on.year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_number(organisation.number_pattern, seq=counter.last, on=on)


def issue_document(
    organisation: Organisation, kind: str, subject, *, cohort, content: dict, on: datetime.date, by: User | None
) -> tuple[IssuedDocument, bool]:
    """The organisation's numbered document of `subject` as `content` says (core.issuing): the same as last time,
    or a new revision with the organisation's next number, which names the one it replaces. A new one is audited."""
    document, created = issuing.issue(
        kind, subject, content=content, dated=on, number=lambda: next_document_number(organisation, on=on), by=by
    )
    if created:
        record(
            Verb.DOCUMENT_REVISE if document.replaces_id else Verb.DOCUMENT_ISSUE,
            cohort=cohort,
            actor=by,
            target=document,
            data={
                "kind": kind,
                "number": document.number,
                "revision": document.revision,
                "replaces": document.replaces.number if document.replaces else "",
            },
        )
    return document, created


def region_from_code(code: str) -> Region:
    """The region of a Kemendagri code, with everything below it loaded (the first time an organisation or a cohort
    names it, a kabupaten takes a fraction of a second, a province about one; after that, one query)."""
    regions.load([code])
    return Region.objects.get(code=code)


@transaction.atomic
def save_organisation(
    organisation: Organisation, *, by: User, region_code: str, version: int | None = None
) -> Organisation:
    """Create or update an organisation and its region (loaded the first time it is named); audited. An update is
    saved only if its page was opened at the row's `version`: EditConflict otherwise, with nothing written. A new
    logo that storage fails to keep raises core.storage.StorageFailed, with nothing kept."""
    created = organisation.pk is None
    if not created:
        current = lock(Organisation.objects, organisation.pk)
        check_fresh(current, version=version)
        organisation.version = current.version + 1
    organisation.region = region_from_code(region_code)
    if organisation.logo and not getattr(organisation.logo, "_committed", True):  # a new logo: stored whole or not
        store_field(organisation, "logo", organisation.logo.file, organisation.logo.name)
    organisation.save()
    record(Verb.ORGANISATION_CREATE if created else Verb.ORGANISATION_EDIT, cohort=None, actor=by, target=organisation)
    return organisation


@transaction.atomic
def add_staff_member(organisation: Organisation, *, by: User, full_name: str, nip: str | None, email: str | None):
    """Make a person (found by NIP or e-mail address, created when new, then invited) staff of an organisation.
    Returns (user, added): `added` is False when they already were."""
    user, created = find_or_create_person(full_name=full_name, nip=nip, email=email)
    added = not organisation.staff_members.filter(pk=user.pk).exists()
    if added:
        organisation.staff_members.add(user)
        record(Verb.ORGANISATION_STAFF_ADD, cohort=None, actor=by, target=organisation, data={"name": user.full_name})
    if created:
        invite_on_commit([user], cohort=None, organisation=organisation, by=by)
    return user, added


@transaction.atomic
def remove_staff_member(organisation: Organisation, user: User, *, by: User) -> None:
    """Take a person off an organisation's staff: they no longer see its cohorts. Their account stays."""
    organisation.staff_members.remove(user)
    record(Verb.ORGANISATION_STAFF_REMOVE, cohort=None, actor=by, target=organisation, data={"name": user.full_name})


class _Blank:
    def __format__(self, spec):
        return "…"


def sample_number(organisation: Organisation, *, on: datetime.date) -> str:
    """What the organisation's numbers look like, with dots where the running number goes; takes none."""
    return format_number(organisation.number_pattern, seq=_Blank(), on=on)


def letterhead(organisation: Organisation) -> dict:
    """What a document's kop surat (templates/includes/letterhead.html) needs."""
    return {"organisation": organisation, "logo": organisation.logo_data_url()}


def require_head(organisation: Organisation, *, document: str) -> None:
    """Refuse a document that the head of the organisation signs while no head is named, saying what to fill in."""
    if not organisation.has_head:
        raise ValidationError(
            _(
                "%(organisation)s has no head to sign the %(document)s: fill in the head's name and position on "
                "the organisation's page first."
            )
            % {"organisation": organisation.short_name, "document": document},
            code="no_head",
        )


def letterhead_sample_pdf(organisation: Organisation) -> bytes:
    """A page on the organisation's letterhead, numbered and signed as its documents will be, to check them by;
    takes no number."""
    today = timezone.localdate()
    context = {**letterhead(organisation), "number": sample_number(organisation, on=today), "today": today}
    with translation.override("id"):
        return html_to_pdf(render_to_string("participants/letterhead_sample.html", context))
