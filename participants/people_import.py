"""Bulk imports of a cohort's mentors, examiners and coaches, read and checked as the roster is (`importer`): the
same file limits, header recognition, preview and re-import by NIP.

`read_mentors` / `read_examiners` / `read_coaches` write nothing; `import_mentors` / `import_examiners` /
`import_coaches` write the valid rows in one
transaction, with one audit event for the whole import.
"""

import dataclasses

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import Verb, record
from .importer import (
    EMAIL,
    GRADE,
    KECAMATAN,
    NAME,
    NIP,
    PHONE,
    POSITION,
    ROW_NUMBER,
    Column,
    ImportFileError,
    ImportPreview,
    ImportRow,
    Sheet,
    _clean_places,
    _kecamatan_lookup,
    _text,
    changes_of,
    check_email,
    clean_person,
    import_data,
    missing_from,
    parse_sheet,
    people_of,
    prepare_accounts,
    save_accounts,
    will_be_invited,
)
from .models import Coach, Cohort, Examiner, Mentor, User
from .services import assign_mentors, welcome_to_cohort

MENTORS = Sheet((ROW_NUMBER, NIP, NAME, GRADE, POSITION, KECAMATAN, EMAIL, PHONE))
INSTITUTION = Column(
    "institution",
    gettext_lazy("Institution"),
    "INSTANSI",
    ("INSTANSI", "ASALINSTANSI", "INSTANSIASAL", "UNITKERJA", "SATUANKERJA", "LEMBAGA", "ASALLEMBAGA"),
    gettext_lazy("Optional: LAN RI when left blank."),
)
EXAMINERS = Sheet((ROW_NUMBER, NIP, NAME, GRADE, POSITION, INSTITUTION, EMAIL))
COACH_INSTITUTION = dataclasses.replace(
    INSTITUTION, note=gettext_lazy("Optional: the coach's training agency (BPSDM, Pusdiklat).")
)
COACHES = Sheet((ROW_NUMBER, NIP, NAME, GRADE, POSITION, COACH_INSTITUTION, EMAIL, PHONE))
ROLE_FIELDS = {
    "mentor": ["grade", "position", "kecamatan"],
    "examiner": ["grade", "position", "institution"],
    "coach": ["grade", "position", "institution"],
}
USER_FIELDS = ["full_name", "email", "phone"]


def _check(sheet, role: str, existing: dict, clean_row, check_row=None) -> ImportPreview:
    """The checks every row of a mentor or examiner list goes through, and its status against `existing` (the
    cohort's people in this role, by NIP). `clean_row` adds the role's own columns to a row's clean values;
    `check_row`, once every row is clean, the checks that look across rows."""
    seen_nips: dict[str, ImportRow] = {}
    cleaned = [(row, clean_row(row, clean_person(row, seen_nips))) for row in sheet.rows]
    users, email_owners = people_of(cleaned)
    for row, clean in cleaned:
        check_email(row, clean, email_owners)
        if check_row is not None and clean.get("nip"):
            check_row(row, clean)
        if row.errors:
            row.status = "error"
            continue
        clean["full_name"] = clean.pop("name")
        row.values = clean
        nip = clean["nip"]
        held = existing.get(nip)
        row.status = "new" if held is None else "updated"
        if (user := users.get(nip)) is not None:
            row.changes = changes_of(user, clean, USER_FIELDS)
        if held is not None:
            row.changes += changes_of(held, clean, ROLE_FIELDS[role])
            if not row.changes:
                row.status = "unchanged"
    return ImportPreview(
        rows=sheet.rows,
        columns=sheet.columns,
        recognised=sheet.recognised,
        ignored=sheet.ignored,
        missing=missing_from(existing, seen_nips),
        invitations=sum(will_be_invited(row, users) for row in sheet.rows),
    )


def read_mentors(cohort: Cohort, data: bytes) -> ImportPreview:
    """Check a list of mentors (often the Camat): each kecamatan is looked up within the cohort's region,
    has one mentor at most, and under the Camat rule every mentor needs one. Writes nothing."""
    sheet = parse_sheet(data, MENTORS)
    if cohort.region is None and any(_text(row.values.get("kecamatan")) for row in sheet.rows):
        raise ImportFileError(
            _(
                "This cohort has no region yet, so its kecamatan cannot be looked up: choose its kabupaten/kota "
                "(or province) on the cohort's page, then import the file again."
            )
        )
    lookup = _kecamatan_lookup(cohort)
    existing = {
        m.user.nip: m
        for m in Mentor.objects.filter(cohort=cohort, user__nip__isnull=False).select_related("user", "kecamatan")
    }
    holders = {m.kecamatan_id: m for m in existing.values() if m.kecamatan_id}
    file_kecamatan: dict[str | None, int] = {}  # NIP: the kecamatan the file gives them
    seen_kecamatan: dict[int, ImportRow] = {}

    def clean_row(row, clean):
        _clean_places(row.values, clean, row.errors, lookup)
        clean.pop("kelurahan", None)
        kecamatan = clean["kecamatan"]
        # Missing, not refused (a kecamatan the lookup refused has its own error): said whatever else is wrong.
        if kecamatan is None and cohort.mentors_are_camat and not _text(row.values.get("kecamatan")):
            row.errors.append(
                _("The kecamatan (KECAMATAN) is missing: in this cohort each mentor is the Camat of a kecamatan.")
            )
        elif kecamatan is not None and cohort.mentors_are_camat:  # direct superiors may share a kecamatan
            if kecamatan.pk in seen_kecamatan:
                row.errors.append(
                    _("%(kecamatan)s already has a mentor in row %(line)d.")
                    % {"kecamatan": kecamatan, "line": seen_kecamatan[kecamatan.pk].line}
                )
            else:
                seen_kecamatan[kecamatan.pk] = row
                file_kecamatan[clean.get("nip")] = kecamatan.pk
        return clean

    def check_row(row, clean):
        # Under the Camat rule, a kecamatan held by a mentor whom the file does not move elsewhere stays theirs.
        kecamatan = clean["kecamatan"]
        holder = holders.get(kecamatan.pk) if kecamatan and cohort.mentors_are_camat else None
        if holder and holder.user.nip != clean["nip"] and holder.user.nip not in file_kecamatan:
            row.errors.append(
                _("%(kecamatan)s already has a mentor in this cohort: %(name)s.")
                % {"kecamatan": kecamatan, "name": holder.user.full_name}
            )

    return _check(sheet, "mentor", existing, clean_row, check_row)


def read_examiners(cohort: Cohort, data: bytes) -> ImportPreview:
    """Check a list of examiners (usually from LAN RI). Writes nothing."""
    sheet = parse_sheet(data, EXAMINERS)
    existing = {
        e.user.nip: e for e in Examiner.objects.filter(cohort=cohort, user__nip__isnull=False).select_related("user")
    }

    def clean_row(row, clean):
        clean["institution"] = _text(row.values.get("institution"))[:200] or None
        return clean

    return _check(sheet, "examiner", existing, clean_row)


def read_coaches(cohort: Cohort, data: bytes) -> ImportPreview:
    """Check a list of coaches (usually widyaiswara). A cohort whose programme has no coaches refuses the file.
    Writes nothing."""
    if not cohort.programme_spec.coach:
        raise ImportFileError(_("This cohort's programme has no coaches."))
    sheet = parse_sheet(data, COACHES)
    existing = {
        c.user.nip: c for c in Coach.objects.filter(cohort=cohort, user__nip__isnull=False).select_related("user")
    }

    def clean_row(row, clean):
        clean["institution"] = _text(row.values.get("institution"))[:200] or None
        return clean

    return _check(sheet, "coach", existing, clean_row)


def _apply(cohort: Cohort, preview: ImportPreview, model, role: str) -> tuple[list[User], list[User]]:
    """Write the valid rows: accounts first, then the people in their role; a value the file leaves blank keeps
    what is stored (a new examiner's institution: LAN RI). Returns the people new to Inovasi, and those who had an
    account and are new to this role in the cohort."""
    rows = [row for row in preview.rows if row.status in ("new", "updated")]
    users, created_users, changed_users = prepare_accounts(rows)
    save_accounts(created_users, changed_users)
    fields = ROLE_FIELDS[role]
    existing = {held.user_id: held for held in model.objects.select_for_update().filter(cohort=cohort).order_by("pk")}
    new, changed, moving, added = [], [], [], []
    created_nips = {user.nip for user in created_users}
    for row in rows:
        user = users[row.values["nip"]]
        held = existing.get(user.pk)
        if held is None:
            if user.nip not in created_nips:
                added.append(user)
            values = {name: row.values[name] for name in fields if row.values.get(name) is not None}
            if model is Mentor:
                values["is_camat"] = cohort.mentors_are_camat
            new.append(model(cohort=cohort, user=user, **values))
        elif names := [name for name in fields if name in row.changed_fields]:
            for name in names:
                setattr(held, name, row.values[name])
            changed.append(held)
            if "kecamatan" in names:
                moving.append(held.pk)
    # Kecamatan that move are let go first, so two Camat can swap without breaking one mentor per kecamatan.
    if moving:
        model.objects.filter(pk__in=moving).update(kecamatan=None)
    model.objects.bulk_update(changed, fields, batch_size=1000)
    model.objects.bulk_create(new, batch_size=1000)
    return created_users, added


def import_mentors(
    cohort: Cohort, data: bytes, *, by: User | None, dry_run: bool = False, invite: bool = True
) -> ImportPreview:
    """Read and, unless dry_run, apply a list of mentors; then every participant gets the mentor of the cohort's
    rule. New people are invited after commit, or (invite=False) left for the cohort's "invite pending" action.
    One audit event, with the counts and how many participants changed mentor."""
    preview = read_mentors(cohort, data)
    if not dry_run:
        with transaction.atomic():
            created, added = _apply(cohort, preview, Mentor, "mentor")
            mentees = assign_mentors(cohort, by=by, why="import")
            welcome_to_cohort(cohort, created=created, added=added, role="mentor", by=by, invite=invite)
            record(
                Verb.MENTOR_IMPORT, cohort=cohort, actor=by, data=import_data(preview, invite=invite, mentees=mentees)
            )
    return preview


def import_examiners(
    cohort: Cohort, data: bytes, *, by: User | None, dry_run: bool = False, invite: bool = True
) -> ImportPreview:
    """Read and, unless dry_run, apply a list of examiners; new people are invited as `import_mentors` says. One
    audit event with the counts."""
    preview = read_examiners(cohort, data)
    if not dry_run:
        with transaction.atomic():
            created, added = _apply(cohort, preview, Examiner, "examiner")
            welcome_to_cohort(cohort, created=created, added=added, role="examiner", by=by, invite=invite)
            record(Verb.EXAMINER_IMPORT, cohort=cohort, actor=by, data=import_data(preview, invite=invite))
    return preview


def import_coaches(
    cohort: Cohort, data: bytes, *, by: User | None, dry_run: bool = False, invite: bool = True
) -> ImportPreview:
    """Read and, unless dry_run, apply a list of coaches; new people are invited as `import_mentors` says. Who
    coaches whom is the roster's COACH column's, or staff's on each participant's page. One audit event with the
    counts."""
    preview = read_coaches(cohort, data)
    if not dry_run:
        with transaction.atomic():
            created, added = _apply(cohort, preview, Coach, "coach")
            welcome_to_cohort(cohort, created=created, added=added, role="coach", by=by, invite=invite)
            record(Verb.COACH_IMPORT, cohort=cohort, actor=by, data=import_data(preview, invite=invite))
    return preview
