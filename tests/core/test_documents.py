"""One renderer for every PDF: the project's stylesheet, and no address fetched but inline data."""

import base64
import io
from typing import cast

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from core.documents import html_to_pdf


def png(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGB", (8, 8), "red").save(path)
    return path


def images(pdf: bytes) -> int:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    resources = cast(DictionaryObject, page["/Resources"])  # a page's resources are a dictionary
    return len(resources.get("/XObject", {}))


def test_a_document_shows_inline_images(tmp_path):
    inline = "data:image/png;base64," + base64.b64encode(png(tmp_path).read_bytes()).decode()

    assert images(html_to_pdf(f'<p>Kop</p><img src="{inline}">')) == 1


def test_a_document_fetches_no_file_and_no_address(tmp_path):
    html = (
        f'<link rel="stylesheet" href="http://127.0.0.1:9/x.css"><img src="file://{png(tmp_path)}">'
        '<img src="http://127.0.0.1:9/x.png"><p>Isi</p>'
    )

    pdf = html_to_pdf(html)

    assert images(pdf) == 0
    assert "Isi" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
