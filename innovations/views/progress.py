"""Carrying out an agreed plan: progress reports, the mentor's review, the evidence; and its catalogue entry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import posted_text
from core.lifecycle import Publication
from core.responses import private_file_response

from .. import catalogue, progress
from ..access import staff_plan, visible_plan
from ..forms import ProgressReportForm
from ..models import ActionPlan, Evidence, Milestone, ProgressReport

State = ActionPlan.State


@login_required
def plan_progress(request, pk):
    """Each milestone with its reports; the participant reports, the mentor verifies."""
    plan = visible_plan(request, pk)
    milestones = plan.milestones.prefetch_related("reports__evidence")
    rows = progress.milestone_progress(milestones)
    is_mentor = bool(plan.participant.mentor and plan.participant.mentor.user_id == request.user.pk)
    for row in rows:
        for report in row.milestone.reports.all():
            report.moves = progress.LIFECYCLE.allowed(report, request.user, roles={"mentor"} if is_mentor else ())
    context = {
        "plan": plan,
        "rows": rows,
        "percent": progress.percent_done(rows),
        "is_owner": plan.participant.user_id == request.user.pk,
        "form": ProgressReportForm(),
        "can_report": plan.state in progress.REPORTABLE,
        "catalogue_moves": catalogue.allowed_moves(plan, request.user),
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
        progress.review_report(report, by=request.user, verified=verified, note=posted_text(request, "note"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is verified.") if verified else _("The report is returned."))
    return redirect("innovations:progress", pk=report.milestone.plan_id)


@login_required
def evidence(request, evidence_pk):
    item = get_object_or_404(Evidence.objects.select_related("report__milestone"), pk=evidence_pk)
    visible_plan(request, item.report.milestone.plan_id)
    return private_file_response(item.file, item.name, item.content_type)


@require_POST
@login_required
def publish(request, pk):
    """Staff put an agreed or completed plan in the public catalogue, or take it out with a reason."""
    plan = staff_plan(request, pk)
    target = catalogue.allowed_moves(plan, request.user).get(request.POST.get("action", "publish"))
    if target is None:
        messages.error(request, _("This change to the catalogue is not possible now."))
        return redirect("innovations:progress", pk=pk)
    try:
        catalogue.transition(plan, to=target, by=request.user, note=posted_text(request, "note", max_length=500))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        published = target == Publication.PUBLISHED
        messages.success(
            request,
            _("The plan is in the public catalogue.")
            if published
            else _("The plan is no longer in the public catalogue."),
        )
    return redirect("innovations:progress", pk=pk)
