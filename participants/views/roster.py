"""The imports of a cohort's people (its roster, its mentors, its examiners, its coaches), each in three steps:
upload, preview, confirm; and a blank form for each to fill in."""

import logging
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.pages import page_of
from core.spreadsheets import template_response

from ..access import cohort_for_staff
from ..forms import RosterUploadForm
from ..importer import (
    COACH_COLUMNS,
    ROSTER,
    SUPERIOR_COLUMNS,
    ImportFileError,
    Sheet,
    example_kecamatan,
    import_roster,
    kecamatan_note,
    read_roster,
)
from ..people_import import (
    COACHES,
    EXAMINERS,
    MENTORS,
    import_coaches,
    import_examiners,
    import_mentors,
    read_coaches,
    read_examiners,
    read_mentors,
)
from ..roster_decisions import person_label

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

logger = logging.getLogger(__name__)
UPLOAD_TOKEN = re.compile(r"^[0-9a-f]{32}$")
UPLOAD_LIFETIME = 24 * 3600


@dataclass(frozen=True)
class ImportKind:
    """What differs between the imports: how a file is read and written, and what the pages call it."""

    key: str
    sheet: Sheet
    read: Callable
    write: Callable
    urls: str  # the prefix of its three URL names
    list_url: str  # where a confirmed import leads
    title: Promise
    file_label: "_StrPromise"  # a form field's label: a lazy string as django-stubs spells it
    done: Promise
    details: tuple[str, ...]  # the values the preview shows of a new or unchanged row
    template_name: str  # the blank form's file name
    decisions: bool = False  # it may meet decisions of staff, which staff keep or not row by row (roster_decisions)
    offered: Callable = lambda cohort: True  # a cohort without it answers 404 (coaches: where the programme has them)


KINDS = {
    "roster": ImportKind(
        "roster",
        ROSTER,
        read_roster,
        import_roster,
        "roster",
        "portal:participant_list",
        gettext_lazy("Import roster"),
        gettext_lazy("Roster spreadsheet"),
        gettext_lazy("Roster imported: %(summary)s."),
        ("grade", "work_unit", "kelurahan", "kecamatan", "superior_label"),
        "format-peserta",
        decisions=True,
    ),
    "mentors": ImportKind(
        "mentors",
        MENTORS,
        read_mentors,
        import_mentors,
        "mentor_import",
        "portal:mentor_list",
        gettext_lazy("Import mentors"),
        gettext_lazy("Spreadsheet of mentors"),
        gettext_lazy("Mentors imported: %(summary)s."),
        ("grade", "position", "kecamatan"),
        "format-mentor",
    ),
    "examiners": ImportKind(
        "examiners",
        EXAMINERS,
        read_examiners,
        import_examiners,
        "examiner_import",
        "portal:examiner_list",
        gettext_lazy("Import examiners"),
        gettext_lazy("Spreadsheet of examiners"),
        gettext_lazy("Examiners imported: %(summary)s."),
        ("grade", "position", "institution"),
        "format-penguji",
    ),
    "coaches": ImportKind(
        "coaches",
        COACHES,
        read_coaches,
        import_coaches,
        "coach_import",
        "portal:coach_list",
        gettext_lazy("Import coaches"),
        gettext_lazy("Spreadsheet of coaches"),
        gettext_lazy("Coaches imported: %(summary)s."),
        ("grade", "position", "institution"),
        "format-coach",
        offered=lambda cohort: cohort.programme_spec.coach,
    ),
}


def _cohort(request, slug, kind: ImportKind):
    """The cohort for its staff, where it has this kind of people; a 404 otherwise."""
    cohort = cohort_for_staff(request, slug)
    if not kind.offered(cohort):
        raise Http404
    return cohort


def _upload_path(cohort, kind: ImportKind, token) -> Path:
    if not UPLOAD_TOKEN.match(token):
        raise Http404
    return Path(settings.MEDIA_ROOT) / "imports" / str(cohort.pk) / f"{kind.key}-{token}.upload"


@login_required
def upload(request, slug, kind: str):
    """Step 1: the file is kept aside, outside the database, until staff confirm the preview."""
    import_kind = KINDS[kind]
    cohort = _cohort(request, slug, import_kind)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    form.fields["file"].label = import_kind.file_label
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            import_kind.read(cohort, data)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = uuid.uuid4().hex
            path = _upload_path(cohort, import_kind, token)
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in [*path.parent.glob("*.upload"), *path.parent.glob("*.confirming")]:
                if old.stat().st_mtime < time.time() - UPLOAD_LIFETIME:
                    old.unlink(missing_ok=True)
            path.write_bytes(data)
            return redirect(f"participants:{import_kind.urls}_preview", slug=cohort.slug, token=token)
    columns = _columns(cohort, import_kind)
    context = {
        "cohort": cohort,
        "form": form,
        "kind": import_kind,
        "example": example_kecamatan(cohort),
        "required": [c for c in columns if c.key in import_kind.sheet.required],
        "optional": [c for c in columns if c.key not in import_kind.sheet.required],
    }
    return render(request, "participants/import_upload.html", context)


@login_required
def preview(request, slug, token, kind: str):
    """Step 2: every row as new, updated, unchanged or error; the columns read and ignored; who is missing from
    the file. Nothing is written."""
    import_kind = KINDS[kind]
    cohort = _cohort(request, slug, import_kind)
    path = _upload_path(cohort, import_kind, token)
    if not path.exists():
        messages.info(request, _("This import was already confirmed or has expired. Upload the file again."))
        return redirect(f"participants:{import_kind.urls}_upload", slug=cohort.slug)
    try:
        preview = import_kind.read(cohort, path.read_bytes())
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect(f"participants:{import_kind.urls}_upload", slug=cohort.slug)
    status = request.GET.get("status")
    rows = [row for row in preview.rows if row.status == status] if status else preview.rows
    page = page_of(request, rows, 200)
    context = {
        "cohort": cohort,
        "kind": import_kind,
        "preview": preview,
        "token": token,
        "status": status,
        "page": page,
        "shown": [(row, [str(row.values[key]) for key in import_kind.details if row.values.get(key)]) for row in page],
        "missing_shown": preview.missing[:MISSING_SHOWN],
        "missing_more": max(len(preview.missing) - MISSING_SHOWN, 0),
        # Every row that meets a decision of staff, on one list whatever the page: each has its choice.
        "decided": [
            (row, person_label(row.name, row.nip)) for row in preview.rows if row.decisions and row.status != "error"
        ],
    }
    return render(request, "participants/import_preview.html", context)


MISSING_SHOWN = 100


@require_POST
@login_required
def confirm(request, slug, token, kind: str):
    """Step 3: the valid rows are written in one transaction, the invitations sent now or left for later; the file
    is then forgotten."""
    import_kind = KINDS[kind]
    cohort = _cohort(request, slug, import_kind)
    path = _upload_path(cohort, import_kind, token)
    # The file is claimed first, by renaming it (atomic): of two confirms at once (a double click, two staff),
    # one imports and the other is told it was done. A failed import gives the file back, to try again.
    claimed = path.with_name(f"{path.stem}.{uuid.uuid4().hex}.confirming")
    try:
        path.rename(claimed)
        data = claimed.read_bytes()
    except FileNotFoundError:
        messages.info(request, _("This import was already confirmed or has expired. Upload the file again."))
        return redirect(import_kind.list_url, slug=cohort.slug)
    invite = request.POST.get("invite") != "later"
    choices = {}
    if import_kind.decisions:  # the rows whose decision staff chose to undo with the file's values
        choices["undo"] = {
            key.removeprefix("decision-")
            for key, value in request.POST.items()
            if key.startswith("decision-") and value == "file"
        }
    try:
        preview = import_kind.write(cohort, data, by=request.user, invite=invite, **choices)
    except ImportFileError as error:
        claimed.unlink(missing_ok=True)
        messages.error(request, str(error))
        return redirect(f"participants:{import_kind.urls}_upload", slug=cohort.slug)
    except IntegrityError:
        claimed.rename(path)
        messages.error(request, _("Someone changed this cohort's people at the same moment. Check the preview again."))
        return redirect(f"participants:{import_kind.urls}_preview", slug=cohort.slug, token=token)
    except DatabaseError:
        # The import is one transaction: it was rolled back whole, and the file is kept to try again.
        claimed.rename(path)
        logger.exception("Import of %s for %s failed", import_kind.key, cohort.slug)
        messages.error(
            request,
            _(
                "The list could not be saved, so nothing was imported. Try again in a moment; if it fails again, "
                "tell the administrator."
            ),
        )
        return redirect(f"participants:{import_kind.urls}_preview", slug=cohort.slug, token=token)
    except Exception:
        claimed.rename(path)
        raise
    claimed.unlink(missing_ok=True)
    messages.success(request, import_kind.done % {"summary": preview.summary})
    if preview.invitations and not invite:
        messages.info(
            request,
            _("No invitation was sent yet. Send them later from the cohort's overview, under “Not yet signed in”."),
        )
    return redirect(import_kind.list_url, slug=cohort.slug)


def _columns(cohort, kind: ImportKind):
    """The columns of this cohort's form: the direct superior's only where the roster names the mentors, the coach's
    only where the programme has coaches."""
    hidden = (
        *(SUPERIOR_COLUMNS if cohort.mentors_are_camat else ()),
        *(() if cohort.programme_spec.coach else COACH_COLUMNS),
    )
    return [column for column in kind.sheet.columns if column.stored and column.key not in hidden]


@login_required
def import_template(request, slug, kind):
    """The blank form of an import, with its headers in Indonesian and a sheet of notes."""
    if kind not in KINDS:
        raise Http404
    kind = KINDS[kind]
    cohort = _cohort(request, slug, kind)
    columns = _columns(cohort, kind)
    return template_response(
        kind.template_name,
        [column.printed for column in columns],
        [kecamatan_note(cohort) if column.key == "kecamatan" else str(column.note) for column in columns],
        text_columns={index for index, column in enumerate(columns) if column.key in ("nip", "mentor_nip")},
        title=f"{kind.title} · {cohort.name}",
    )
