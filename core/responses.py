"""Downloads: private files and rendered documents, always as attachments the browser will not sniff, under names
that are safe on any computer and whose extension says what the file really is."""

import re
import unicodedata
from pathlib import PurePosixPath
from typing import Any, cast

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

# The extension each checked content type is saved with: a PDF uploaded as "surat.exe" downloads as "surat.pdf".
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
    "application/zip": "zip",
    "text/calendar": "ics",
    "text/csv": "csv",
}
_UNSAFE = re.compile(r"[^\w.\- ()]+")
_RUNS = re.compile(r"\s+")


def safe_filename(name: str, content_type: str, *, default: str = "berkas") -> str:
    """`name` made safe to save anywhere, with the extension of `content_type` in place of whatever it had.

    Folders, control and reserved characters go, as do leading dots (hidden files); letters of any script stay.
    """
    extension = EXTENSIONS.get(content_type.split(";")[0].strip().lower(), "bin")
    stem = PurePosixPath(unicodedata.normalize("NFC", name or "").replace("\\", "/")).name
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = _RUNS.sub(" ", _UNSAFE.sub(" ", stem.replace(".", " "))).strip(" .-")[:100].strip()
    return f"{stem or default}.{extension}"


def _nosniff(response):
    response["X-Content-Type-Options"] = "nosniff"
    return response


# The checked types a browser may show inside a page: pictures, never a document or anything it could run.
PREVIEWABLE = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


class Previewable:
    """A stored upload (a model with its checked `content_type`) that pages show inline when it is a picture."""

    content_type: Any

    @property
    def is_picture(self) -> bool:
        return self.content_type in PREVIEWABLE


def private_file_response(file, name: str, content_type: str, *, preview: bool = False) -> FileResponse:
    """An uploaded file, as a download named for its type and never sniffed into HTML by the browser.

    With `preview`, a picture is shown inline instead (for an <img> on a page that only its readers open), under a
    policy that lets it be nothing but an image.
    """
    inline = preview and content_type in PREVIEWABLE
    filename = safe_filename(name, content_type)
    response = FileResponse(file.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type)
    if inline:
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
        response["Cache-Control"] = "private, max-age=3600"
    return _nosniff(response)


def download_response(content: bytes, name: str, content_type: str) -> HttpResponse:
    """Bytes made here (a PDF, a spreadsheet, a ZIP, a calendar) as a download named `name` for its type."""
    response = HttpResponse(content, content_type=content_type)
    # As an attachment the header is always made (only an inline response without a name has none).
    response["Content-Disposition"] = cast(str, content_disposition_header(True, safe_filename(name, content_type)))
    return _nosniff(response)


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    return download_response(pdf, filename, "application/pdf")
