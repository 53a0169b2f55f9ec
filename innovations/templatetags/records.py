"""How an innovation's record writes its numbers (innovations.records.amount)."""

from django import template

from ..records import amount as amount_of

register = template.Library()


@register.filter
def amount(value) -> str:
    """`{{ measurement.value|amount }}`: 0,5 rather than 0.50."""
    return amount_of(value) if value is not None else ""
