"""The roster import, in three steps: upload, preview, confirm."""

import logging
import re
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import page_of

from ..access import cohort_for_staff
from ..forms import RosterUploadForm
from ..importer import ImportFileError, import_roster, read_roster

logger = logging.getLogger(__name__)
UPLOAD_TOKEN = re.compile(r"^[0-9a-f]{32}$")
UPLOAD_LIFETIME = 24 * 3600


def _upload_path(cohort, token) -> Path:
    if not UPLOAD_TOKEN.match(token):
        raise Http404
    return Path(settings.MEDIA_ROOT) / "imports" / str(cohort.pk) / f"{token}.upload"


@login_required
def roster_upload(request, slug):
    """Step 1: the file is kept aside, outside the database, until staff confirm the preview."""
    cohort = cohort_for_staff(request, slug)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            read_roster(cohort, data)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = uuid.uuid4().hex
            path = _upload_path(cohort, token)
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob("*.upload"):
                if old.stat().st_mtime < time.time() - UPLOAD_LIFETIME:
                    old.unlink(missing_ok=True)
            path.write_bytes(data)
            return redirect("participants:roster_preview", slug=cohort.slug, token=token)
    return render(request, "participants/roster_upload.html", {"cohort": cohort, "form": form})


@login_required
def roster_preview(request, slug, token):
    """Step 2: every row as new, updated, unchanged or error. Nothing is written."""
    cohort = cohort_for_staff(request, slug)
    path = _upload_path(cohort, token)
    if not path.exists():
        messages.info(request, _("This import was already confirmed or has expired. Upload the file again."))
        return redirect("participants:roster_upload", slug=cohort.slug)
    try:
        preview = read_roster(cohort, path.read_bytes())
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("participants:roster_upload", slug=cohort.slug)
    status = request.GET.get("status")
    rows = [row for row in preview.rows if row.status == status] if status else preview.rows
    context = {
        "cohort": cohort,
        "preview": preview,
        "token": token,
        "status": status,
        "page": page_of(request, rows, 200),
    }
    return render(request, "participants/roster_preview.html", context)


@require_POST
@login_required
def roster_confirm(request, slug, token):
    """Step 3: the valid rows are written in one transaction; the file is then forgotten."""
    cohort = cohort_for_staff(request, slug)
    path = _upload_path(cohort, token)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        messages.info(request, _("This import was already confirmed or has expired. Upload the file again."))
        return redirect("portal:participant_list", slug=cohort.slug)
    try:
        preview = import_roster(cohort, data, by=request.user)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("participants:roster_upload", slug=cohort.slug)
    except IntegrityError:
        messages.error(request, _("Someone changed this roster at the same moment. Check the preview again."))
        return redirect("participants:roster_preview", slug=cohort.slug, token=token)
    except DatabaseError:
        # The import is one transaction: it was rolled back whole, and the file is kept to try again.
        logger.exception("Roster import for %s failed", cohort.slug)
        messages.error(
            request,
            _(
                "The roster could not be saved, so nothing was imported. Try again in a moment; if it fails again, "
                "tell the administrator."
            ),
        )
        return redirect("participants:roster_preview", slug=cohort.slug, token=token)
    path.unlink(missing_ok=True)
    messages.success(request, _("Roster imported: %(summary)s.") % {"summary": preview.summary})
    return redirect("portal:participant_list", slug=cohort.slug)
