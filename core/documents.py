"""HTML documents to A4 PDF with WeasyPrint, styled from static/css/document.css, never fetching from the network."""

from django.conf import settings

STYLESHEET = settings.BASE_DIR / "static" / "css" / "document.css"


def html_to_pdf(html: str) -> bytes:
    """Render a document. Images come inline as data: URLs; any other address in it is refused,
    so no text that reaches a document can make the server fetch something."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
