"""Implementation: progress reports and their review, the public catalogue, and the staff dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participants.exports import spreadsheet_response
from participants.models import Cohort
from participants.staff_views import cohort_for_staff

from . import catalogue, dashboard, progress
from .forms import ProgressReportForm
from .models import ActionPlan, Evidence, Milestone, ProgressReport
from .views import _visible_plan, private_file_response

State = ActionPlan.State


@login_required
def plan_progress(request, pk):
    """Each milestone with its reports; the participant reports, the mentor verifies."""
    plan = _visible_plan(request, pk)
    milestones = plan.milestones.prefetch_related("reports__evidence", "reports__reviewed_by")
    rows = progress.milestone_progress(milestones)
    context = {
        "plan": plan,
        "rows": rows,
        "percent": progress.percent_done(rows),
        "is_owner": plan.participant.user_id == request.user.pk,
        "is_mentor": bool(plan.participant.mentor and plan.participant.mentor.user_id == request.user.pk),
        "form": ProgressReportForm(),
        "can_report": plan.state in progress.REPORTABLE,
        "is_staff": plan.state in catalogue.PUBLISHABLE
        and Cohort.objects.run_by(request.user).filter(pk=plan.participant.cohort_id).exists(),
    }
    return render(request, "innovations/progress.html", context)


@require_POST
@login_required
def report(request, pk, milestone_pk):
    milestone = get_object_or_404(Milestone, pk=milestone_pk, plan_id=pk, plan__participant__user=request.user)
    form = ProgressReportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("innovations:progress", pk=pk)
    data = form.cleaned_data
    try:
        progress.report_progress(
            milestone,
            by=request.user,
            status=data["status"],
            percent=data["percent"],
            narrative=data["narrative"],
            links=data["links"],
            files=[data["evidence"]] if data["evidence"] else [],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your report is sent to your mentor."))
    return redirect("innovations:progress", pk=pk)


@require_POST
@login_required
def review(request, report_pk):
    report = get_object_or_404(
        ProgressReport.objects.select_related("milestone"),
        pk=report_pk,
        milestone__plan__participant__mentor__user=request.user,
    )
    verified = request.POST.get("decision") == "verify"
    try:
        progress.review_report(report, by=request.user, verified=verified, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is verified.") if verified else _("The report is returned."))
    return redirect("innovations:progress", pk=report.milestone.plan_id)


@login_required
def evidence(request, evidence_pk):
    item = get_object_or_404(Evidence.objects.select_related("report__milestone"), pk=evidence_pk)
    _visible_plan(request, item.report.milestone.plan_id)
    return private_file_response(item.file, item.name, item.content_type)


@require_POST
@login_required
def publish(request, pk):
    """Staff put an agreed or completed plan in the public catalogue, or take it out."""
    plan = get_object_or_404(ActionPlan, pk=pk, participant__cohort__in=Cohort.objects.run_by(request.user))
    if request.POST.get("publish") == "0":
        ActionPlan.objects.filter(pk=plan.pk).update(published_at=None)
        messages.success(request, _("The plan is no longer in the public catalogue."))
    elif plan.state not in catalogue.PUBLISHABLE:
        messages.error(request, _("Only agreed or completed plans can be published."))
    else:
        ActionPlan.objects.filter(pk=plan.pk, published_at__isnull=True).update(published_at=timezone.now())
        messages.success(request, _("The plan is in the public catalogue."))
    return redirect("innovations:progress", pk=pk)


# Public catalogue ---------------------------------------------------------------------------------


def catalogue_list(request):
    form = catalogue.CatalogueFilter(request.GET or None)
    plans = catalogue.search(form.cleaned_data if form.is_valid() else {})
    page = Paginator(plans, 20).get_page(request.GET.get("page"))
    return render(request, "innovations/catalogue_list.html", {"form": form, "page": page})


def catalogue_detail(request, pk):
    plan = get_object_or_404(catalogue.published(), pk=pk)
    rows = progress.milestone_progress(plan.milestones.prefetch_related("reports"))
    return render(
        request,
        "innovations/catalogue_detail.html",
        {
            "plan": plan,
            "achieved": [row.milestone for row in rows if row.achieved],
            "similar": catalogue.similar_in_catalogue(plan),
        },
    )


# Staff dashboard ---------------------------------------------------------------------------------


@login_required
def cohort_dashboard(request, slug):
    cohort = cohort_for_staff(request, slug)
    figures = dashboard.figures(cohort)
    if request.GET.get("format") == "xlsx":
        return spreadsheet_response(
            f"dasbor-{cohort.slug}", [_("Figure"), _("Group"), _("Value")], dashboard.as_rows(figures), "xlsx"
        )
    return render(request, "innovations/dashboard.html", {"cohort": cohort, "figures": figures})
