"""Carrying out an agreed plan: progress reports, the mentor's review, the evidence; and its catalogue entry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import posted_text
from core.lifecycle import Publication
from core.responses import private_file_response

from .. import catalogue, progress, services
from ..access import own_plan, staff_plan, visible_plan
from ..forms import ProgressReportForm
from ..models import ActionPlan, Evidence, Milestone, ProgressReport

State = ActionPlan.State


def report_form(milestone, data=None, files=None) -> ProgressReportForm:
    # One form per milestone on the page: the ids carry the milestone, the names stay those the view reads.
    return ProgressReportForm(data, files, auto_id=f"id_m{milestone.pk}_%s")


def _progress_page(request, plan, *, refused=None, status=200):
    """Each milestone with its reports and its report form; a refused report keeps its form, open and filled in."""
    milestones = plan.milestones.prefetch_related("reports__evidence")
    rows = progress.milestone_progress(milestones)
    is_mentor = plan.held_by(request.user, "mentor")
    for row in rows:
        for item in row.milestone.reports.all():
            item.moves = progress.LIFECYCLE.allowed(item, request.user, roles={"mentor"} if is_mentor else ())
        row.refused = refused is not None and refused[0] == row.milestone.pk
        row.form = refused[1] if row.refused else report_form(row.milestone)
        row.chosen_file = refused[2] if row.refused else ""
    context = {
        "plan": plan,
        "rows": rows,
        "percent": progress.percent_done(rows),
        "is_owner": plan.held_by(request.user, "owner"),
        "can_report": plan.state in progress.REPORTABLE,
        "catalogue_moves": catalogue.allowed_moves(plan, request.user),
    }
    return render(request, "innovations/progress.html", context, status=status)


@login_required
def plan_progress(request, pk):
    """Each milestone with its reports; the participant reports, the mentor verifies."""
    return _progress_page(request, visible_plan(request, pk))


@require_POST
@login_required
def report(request, pk, milestone_pk):
    """A report on one milestone. Refused, the page comes back with the form open, the text kept and the chosen
    file named, so nothing typed is lost."""
    milestone = get_object_or_404(Milestone, pk=milestone_pk, plan=own_plan(request, pk))
    form = report_form(milestone, request.POST, request.FILES)
    if form.is_valid():
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
            form.add_error(None, error)
        else:
            messages.success(request, _("Your report is sent to your mentor."))
            return redirect("innovations:progress", pk=pk)
    chosen = request.FILES.get("evidence")
    messages.error(request, _("Your report is not sent yet: correct what is marked below and send it again."))
    return _progress_page(
        request, visible_plan(request, pk), refused=(milestone.pk, form, chosen.name if chosen else ""), status=422
    )


@require_POST
@login_required
def review(request, report_pk):
    report = get_object_or_404(
        ProgressReport.objects.held_as("mentor", request.user).select_related("milestone"), pk=report_pk
    )
    verified = request.POST.get("decision") == "verify"
    try:
        progress.review_report(report, by=request.user, verified=verified, note=posted_text(request, "note"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is verified.") if verified else _("The report is returned."))
    return redirect("innovations:progress", pk=report.milestone.plan_id)


def stored_file(request, row):
    """An attachment's or an evidence's file, to those who may see its plan: a download. A picture is shown in the
    browser instead, full size with `?preview=1` and as its thumbnail with `?thumbnail=1`, under a policy that lets
    it be nothing but an image (core.responses)."""
    if request.GET.get("thumbnail") == "1" and row.is_picture:
        try:
            small = services.thumbnail_of(row)
        except ValidationError:
            raise Http404 from None  # a damaged picture has no thumbnail; its name still links to the file
        return private_file_response(small, row.name, "image/jpeg", preview=True)
    return private_file_response(row.file, row.name, row.content_type, preview=request.GET.get("preview") == "1")


@login_required
def evidence(request, evidence_pk):
    item = get_object_or_404(Evidence.objects.select_related("report__milestone"), pk=evidence_pk)
    visible_plan(request, item.report.milestone.plan_id)
    return stored_file(request, item)


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
