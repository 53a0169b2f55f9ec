"""Which moves a plan offers to someone whose role on it a list already knows, without a query per row."""

from django import template

from participants.rules import implied

from ..workflow import allowed_moves

register = template.Library()


@register.filter
def moves_as(plan, role: str) -> dict[str, str]:
    """`{% with moves=plan|moves_as:"mentor" %}{% if moves.approve %}…`: the moves the role may make now, with the
    approvals the cohort's programme gives that role (the plan's participant and cohort loaded with it)."""
    return allowed_moves(plan, None, roles=implied(role, plan.participant.cohort))


@register.filter
def organised_by(plan, user) -> bool:
    """`{% if plan|organised_by:user %}`: the person runs the plan's cohort (its breadcrumb then leads back to it)."""
    return user.is_authenticated and user.is_staff and plan.held_by(user, "staff")


@register.filter
def reviewed_by(plan, user) -> bool:
    """`{% if plan|reviewed_by:user %}`: the person approves the plan's design (its mentor, or its coach where the
    programme says so): the plan shows them its review tab."""
    return user.is_authenticated and plan.held_by(user, "design_approver")
