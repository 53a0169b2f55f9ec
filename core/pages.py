"""Paging, sorting and the spreadsheet switch shared by every list page."""

import django_filters
from django.core.paginator import Page, Paginator
from django.forms.utils import pretty_name
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

PAGE_SIZE = 50


def page_of(request, items, size: int = PAGE_SIZE) -> Page:
    """The page of `items` that the request's ?page= asks for; a bad number gives the nearest page."""
    return Paginator(items, size).get_page(request.GET.get("page"))


def export_format(request) -> str | None:
    """ "xlsx" or "csv" when the list is asked for as a spreadsheet (?format=), else None."""
    fmt = request.GET.get("format")
    return fmt if fmt in ("xlsx", "csv") else None


class SortFilter(django_filters.OrderingFilter):
    """django-filter's sort choices, with the descending ones labelled in the project's words: django-filter has no
    Indonesian catalogue, so its own "(descending)" stayed English on Indonesian pages."""

    descending_fmt = gettext_lazy("%s (descending)")

    def build_choices(self, fields, labels):
        # django-filter formats the descending labels once, when the filter set's class is made, in whatever
        # language is active then; these stay lazy, so each page shows them in its reader's language.
        ascending = [(param, labels.get(field, pretty_name(param))) for field, param in fields.items()]
        return [
            choice
            for param, label in ascending
            for choice in ((param, label), (f"-{param}", labels.get(f"-{param}", _descending(label))))
        ]


_descending = lazy(lambda label: gettext("%s (descending)") % label, str)
