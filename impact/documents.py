"""A dossier's exports, made by the worker (impact.jobs): the PDF on the letterhead of the organisation that
prepares it, and the ZIP of its evidence with its text per section. Each is refused, with nothing made, while the
dossier does not pass its form's checks."""

import zipfile

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.documents import html_to_pdf
from participants.organisations import letterhead, require_head

from .dossiers import Assembled, assemble, copy_text, guideline_of, refusal
from .models import Dossier


def checked(dossier: Dossier) -> Assembled:
    """The dossier assembled now, or the refusal that names what is missing."""
    assembled = assemble(dossier.plan, guideline_of(dossier))
    if not assembled.passes:
        raise refusal(assembled)
    return assembled


def filename(dossier: Dossier, extension: str) -> str:
    return f"{dossier.form}-{slugify(dossier.plan.title)[:60] or dossier.plan_id}.{extension}"


def dossier_pdf(dossier: Dossier) -> bytes:
    """The dossier as a document: the letterhead of the organisation that prepares it, the innovation's identity,
    its parts with their weights, its indicators and evaluations, the list of evidence (named as in the ZIP), and
    the head's acknowledgement. Raises ValidationError when a check fails or the organisation names no head."""
    with translation.override("id"):
        assembled = checked(dossier)
        organisation = dossier.organisation
        require_head(organisation, document=_("dossier"))
        context = {
            **letterhead(organisation),
            "dossier": dossier,
            "assembled": assembled,
            "plan": dossier.plan,
            "today": timezone.localdate(),
        }
        return html_to_pdf(render_to_string("impact/dossier_document.html", context))


def write_evidence_zip(dossier: Dossier, file) -> int:
    """Write the dossier's evidence files and its text per section into `file`; returns how many files it holds."""
    with translation.override("id"):
        assembled = checked(dossier)
        with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive:
            text = "\n\n".join(f"{label}\n{'=' * len(label)}\n{body}" for label, body in copy_text(assembled))
            archive.writestr(_("dossier-text.txt"), text + "\n")
            for item in assembled.evidence:
                with item.file.open("rb") as evidence:
                    archive.writestr(item.name, evidence.read())
    return len(assembled.evidence) + 1
