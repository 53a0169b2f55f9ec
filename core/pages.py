"""Paging and the spreadsheet switch shared by every list page."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def page_of(request, items, size: int = PAGE_SIZE) -> Page:
    """The page of `items` that the request's ?page= asks for; a bad number gives the nearest page."""
    return Paginator(items, size).get_page(request.GET.get("page"))


def export_format(request) -> str | None:
    """ "xlsx" or "csv" when the list is asked for as a spreadsheet (?format=), else None."""
    fmt = request.GET.get("format")
    return fmt if fmt in ("xlsx", "csv") else None
