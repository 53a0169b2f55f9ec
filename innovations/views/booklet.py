"""The cohort's booklet: every approved plan, by cluster, as one printed PDF for the cohort's staff."""

from django.contrib.auth.decorators import login_required
from django.template.loader import render_to_string

from core.documents import html_to_pdf
from core.responses import pdf_response
from participants.access import cohort_for_staff

from ..access import PLAN_RELATED
from ..models import ActionPlan
from ..snapshots import section_labels


@login_required
def booklet(request, slug):
    """Staff's printed book of the cohort's approved plans, by cluster: a cover, a table of contents and one
    chapter per plan. Drafts, plans under review and withdrawn plans stay out."""
    cohort = cohort_for_staff(request, slug)
    labels = section_labels()
    plans = (
        ActionPlan.objects.filter(participant__cohort=cohort, state__in=ActionPlan.State.APPROVED_OR_LATER)
        .select_related(*PLAN_RELATED)
        .prefetch_related("stakeholders", "risks", "milestones")
        .order_by("cluster__order", "cluster__name", "participant__roll_number", "pk")
    )
    chapters = [
        {
            "plan": plan,
            "sections": [{"label": labels[key], "text": getattr(plan, key)} for key in ActionPlan.SECTIONS],
        }
        for plan in plans
    ]
    html = render_to_string("innovations/cohort_booklet.html", {"cohort": cohort, "chapters": chapters})
    return pdf_response(html_to_pdf(html), f"buku-rencana-aksi-{cohort.slug}.pdf")
