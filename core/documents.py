"""HTML documents to A4 PDF with WeasyPrint, styled from static/css/document.css, never fetching from the network."""

import datetime

from django.conf import settings
from lokal import terbilang

STYLESHEET = settings.BASE_DIR / "static" / "css" / "document.css"
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


def html_to_pdf(html: str) -> bytes:
    """Render a document. Images come inline as data: URLs; any other address in it is refused,
    so no text that reaches a document can make the server fetch something."""
    # WeasyPrint takes most of a second to import: only the processes that render a document pay for it.
    from weasyprint import CSS, HTML  # noqa: PLC0415
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])


def date_in_words(day: datetime.date) -> str:
    """The day as a berita acara writes it, always in Indonesian:
    "Senin tanggal dua puluh satu bulan Agustus tahun dua ribu tujuh belas"."""
    return (
        f"{DAYS[day.weekday()]} tanggal {terbilang(day.day)} bulan {MONTHS[day.month - 1]} tahun {terbilang(day.year)}"
    )
