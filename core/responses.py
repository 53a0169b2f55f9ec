"""Downloads: private files and rendered documents, always as attachments the browser will not sniff, under names
that are safe on any computer and whose extension says what the file really is."""

import re
import unicodedata
from pathlib import PurePosixPath

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


def private_file_response(file, name: str, content_type: str) -> FileResponse:
    """An uploaded file, always as a download and never sniffed into HTML by the browser, named for its type."""
    filename = safe_filename(name, content_type)
    return _nosniff(FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type))


def download_response(content: bytes, name: str, content_type: str) -> HttpResponse:
    """Bytes made here (a PDF, a spreadsheet, a ZIP, a calendar) as a download named `name` for its type."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(name, content_type))
    return _nosniff(response)


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    return download_response(pdf, filename, "application/pdf")
