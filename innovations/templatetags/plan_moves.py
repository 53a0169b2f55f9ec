"""Which moves a plan offers to someone whose role on it a list already knows, without a query per row."""

from django import template

from ..workflow import allowed_moves

register = template.Library()


@register.filter
def moves_as(plan, role: str) -> dict[str, str]:
    """`{% with moves=plan|moves_as:"mentor" %}{% if moves.approve %}…`: the moves the role may make now."""
    return allowed_moves(plan, None, roles={role})
