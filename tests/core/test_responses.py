"""Downloads are named safely, with the extension of the type their content was checked to be."""

import pytest

from core.responses import download_response, pdf_response, safe_filename


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("foto.png", "image/png", "foto.png"),
        ("laporan.html", "application/pdf", "laporan.pdf"),
        ("setup.exe", "image/jpeg", "setup.jpg"),
        ("Surat Tugas (final).v2.docx", "application/pdf", "Surat Tugas (final) v2.pdf"),
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("C:\\Users\\rina\\scan.pdf", "application/pdf", "scan.pdf"),
        (".htaccess", "application/pdf", "berkas.pdf"),
        ("Laporan\u202egnp.exe", "image/png", "Laporan gnp.png"),
        ("a<b>:c|d?.pdf", "application/pdf", "a b c d.pdf"),
        ("Kantor Lurah Sei Sikambing B.pdf", "application/pdf", "Kantor Lurah Sei Sikambing B.pdf"),
        ("", "application/zip", "berkas.zip"),
        ("data.bin", "application/x-unknown", "data.bin"),
    ],
)
def test_safe_filename_keeps_the_name_and_takes_the_extension_of_the_type(name, content_type, expected):
    assert safe_filename(name, content_type) == expected


def test_safe_filename_is_never_longer_than_a_hundred_characters_and_an_extension():
    assert safe_filename("x" * 500 + ".pdf", "application/pdf") == "x" * 100 + ".pdf"


def test_documents_download_under_safe_names():
    assert pdf_response(b"%PDF", "berita-acara-angkatan-1.pdf")["Content-Disposition"] == (
        'attachment; filename="berita-acara-angkatan-1.pdf"'
    )
    assert download_response(b"PK", "kesepakatan/../x.zip", "application/zip")["Content-Disposition"] == (
        'attachment; filename="x.zip"'
    )
