"""Downloads: private files and rendered documents, always as attachments the browser will not sniff."""

from django.http import FileResponse, HttpResponse


def private_file_response(file, name: str, content_type: str) -> FileResponse:
    """An uploaded file, always as a download and never sniffed into HTML by the browser."""
    response = FileResponse(file.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
