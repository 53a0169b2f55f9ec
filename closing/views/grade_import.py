"""Importing grade components, in the three steps of every import (participants/views/roster.py): upload,
preview, confirm; and the blank form to fill in."""

import re
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import page_of
from core.spreadsheets import template_response
from participants.access import cohort_for_staff
from participants.importer import ImportFileError

from ..forms import GradeUploadForm
from ..grade_import import grade_sheet, import_grades, read_grades
from ..grades import entered_components

UPLOAD_TOKEN = re.compile(r"^[0-9a-f]{32}$")
UPLOAD_LIFETIME = 24 * 3600
MISSING_SHOWN = 100


def _paths(cohort, token) -> tuple[Path, Path]:
    """The kept upload and the component its NILAI column fills, outside the database until staff confirm."""
    if not UPLOAD_TOKEN.match(token):
        raise Http404
    folder = Path(settings.MEDIA_ROOT) / "imports" / str(cohort.pk)
    return folder / f"grades-{token}.upload", folder / f"grades-{token}.column"


def _entered(cohort):
    components = entered_components(cohort.programme_spec)
    if not components:
        raise Http404  # nothing to import: every component comes from a seminar
    return components


@login_required
def grade_upload(request, slug):
    cohort = cohort_for_staff(request, slug)
    components = _entered(cohort)
    form = GradeUploadForm(request.POST or None, request.FILES or None, components=components)
    if request.method == "POST" and form.is_valid():
        data, column = form.cleaned_data["file"].read(), form.cleaned_data["score_column"]
        try:
            read_grades(cohort, data, score_column=column)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = uuid.uuid4().hex
            upload, chosen = _paths(cohort, token)
            upload.parent.mkdir(parents=True, exist_ok=True)
            for old in upload.parent.glob("grades-*"):
                if old.stat().st_mtime < time.time() - UPLOAD_LIFETIME:
                    old.unlink(missing_ok=True)
            upload.write_bytes(data)
            chosen.write_text(column)
            return redirect("closing:grade_import_preview", slug=cohort.slug, token=token)
    sheet = grade_sheet(cohort)
    context = {"cohort": cohort, "form": form, "columns": [c for c in sheet.columns if c.key not in ("row_number",)]}
    return render(request, "closing/grade_import_upload.html", context)


def _read_kept(request, cohort, token):
    upload, chosen = _paths(cohort, token)
    try:
        return upload.read_bytes(), chosen.read_text()
    except FileNotFoundError:
        messages.info(request, _("This import was already confirmed or has expired. Upload the file again."))
        return None, None


@login_required
def grade_import_preview(request, slug, token):
    """Every row as new, updated, unchanged or error, and who is not in the file. Nothing is written."""
    cohort = cohort_for_staff(request, slug)
    _entered(cohort)
    data, column = _read_kept(request, cohort, token)
    if data is None:
        return redirect("closing:grade_import", slug=cohort.slug)
    try:
        preview = read_grades(cohort, data, score_column=column)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("closing:grade_import", slug=cohort.slug)
    status = request.GET.get("status")
    rows = [row for row in preview.rows if row.status == status] if status else preview.rows
    context = {
        "cohort": cohort,
        "preview": preview,
        "token": token,
        "status": status,
        "page": page_of(request, rows, 200),
        "missing_shown": preview.missing[:MISSING_SHOWN],
        "missing_more": max(len(preview.missing) - MISSING_SHOWN, 0),
    }
    return render(request, "closing/grade_import_preview.html", context)


@require_POST
@login_required
def grade_import_confirm(request, slug, token):
    """The valid rows are written in one transaction; the file is then forgotten."""
    cohort = cohort_for_staff(request, slug)
    _entered(cohort)
    data, column = _read_kept(request, cohort, token)
    if data is None:
        return redirect("closing:grades", slug=cohort.slug)
    try:
        preview = import_grades(cohort, data, by=request.user, score_column=column)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("closing:grade_import", slug=cohort.slug)
    for path in _paths(cohort, token):
        path.unlink(missing_ok=True)
    messages.success(request, _("Scores imported: %(summary)s.") % {"summary": preview.summary})
    return redirect("closing:grades", slug=cohort.slug)


@login_required
def grade_import_template(request, slug):
    """The blank form: NIP, name and one column per component staff enter, with a sheet of notes."""
    cohort = cohort_for_staff(request, slug)
    _entered(cohort)
    columns = [c for c in grade_sheet(cohort).columns if c.key != "row_number"]
    return template_response(
        "format-nilai",
        [column.printed for column in columns],
        [str(column.note) for column in columns],
        text_columns={index for index, column in enumerate(columns) if column.key == "nip"},
        title=_("Scores of %(cohort)s") % {"cohort": cohort.name},
    )
