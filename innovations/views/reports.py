"""The report stage's report: the participant writes and submits it on the work's Report tab; the coach and the mentor
review it (what changed since the last submission), return it with notes, and the stage's approver approves it.
Where the cohort's programme has no report stage, every page answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.editing import EditConflict
from core.forms import posted_text

from .. import reports
from ..access import own_plan, plan_as, visible_plan
from ..models import ReportEvidence, WorkReport
from ..report_forms import WorkReportForm
from .progress import stored_file

REVIEWERS = ["coach", "mentor"]


def _with_stage(plan):
    if not reports.has_report_stage(plan):
        raise Http404
    return plan


def _form(plan, report, data=None, files=None) -> WorkReportForm:
    spec = plan.participant.cohort.programme_spec
    milestones = spec.list_spec("milestones")
    values = spec.values if milestones is not None and milestones.values else ()
    return WorkReportForm(data, files, rows=reports.rows_of(plan, report), values=values, report=report)


def _report_page(request, plan, *, form=None, status=200):
    report = reports.report_of(plan)
    is_owner = plan.held_by(request.user, "owner")
    writable = plan.state in reports.WRITABLE_PLANS
    if form is None and is_owner and writable and (report is None or report.is_editable):
        form = _form(plan, report)
    context = {
        "plan": plan,
        "report": report,
        "rows": reports.rows_of(plan, report),
        "form": form,
        "is_owner": is_owner,
        "writable": writable,
        "moves": reports.allowed_moves(report, request.user) if report else {},
        "is_reviewer": plan.held_by(request.user, "coach") or plan.held_by(request.user, "mentor"),
        "missing": reports.missing(report) if report and is_owner and report.is_editable else [],
        **_sheet(plan, report),
    }
    return render(request, "innovations/work_report.html", context, status=status)


def _sheet(plan, report) -> dict:
    """The report's lembar pengesahan (seminars.report_sheets) once the report is examined: its title, whether it is
    prepared and in what state, and its page."""
    if report is None or report.state not in reports.SHEET_STATES:
        return {}
    stage = plan.participant.cohort.programme_spec.stage("report")
    sign_off = stage.sign_off if stage else None
    return {
        "sheet": plan.sheets.filter(stage="report").first(),  # the report stage's sheet (seminars.models.Agreement)
        "sheet_title": sign_off.title if sign_off else "",
        "sheet_url": reverse("seminars:report_sheet", args=[plan.pk]),
    }


@login_required
def work_report(request, pk):
    """The plan's report, to those who may read the plan; its participant writes it here."""
    return _report_page(request, _with_stage(visible_plan(request, pk)))


@require_POST
@login_required
def work_report_save(request, pk):
    """Save the report (and, with the submit button, send it to the reviewers). Refused, the page comes back with
    everything typed kept; a save from an older tab is refused with the conflict's words (409)."""
    plan = _with_stage(own_plan(request, pk))
    report = reports.report_of(plan)
    form = _form(plan, report, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Your report is not saved yet: correct what is marked below."))
        return _report_page(request, plan, form=form, status=422)
    data = form.cleaned_data
    try:
        report = reports.save_report(
            plan,
            by=request.user,
            version=data["version"],
            summary=data["summary"],
            effect=data["effect"],
            entries=form.entries,
            uploads=form.uploads,
        )
    except EditConflict:
        messages.error(
            request,
            _("Your report was changed in another tab or window since this page was opened: nothing was saved."),
        )
        return _report_page(request, plan, form=form, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _report_page(request, plan, form=form, status=422)
    if "submit" not in request.POST:
        messages.success(request, _("Your report is saved."))
        return redirect("innovations:work_report", pk=plan.pk)
    try:
        reports.submit_report(report, by=request.user, version=report.version)
    except ValidationError as error:
        messages.error(request, _("Your report is saved but not submitted yet:") + " " + " ".join(error.messages))
    else:
        messages.success(request, _("Your report is submitted to your coach and mentor."))
    return redirect("innovations:work_report", pk=plan.pk)


@login_required
def work_report_review(request, pk):
    """The coach's or mentor's review: the report as submitted, what changed since the last submission, and the
    moves they may make (approve, return with notes)."""
    plan = _with_stage(plan_as(request, pk, REVIEWERS))
    report = get_object_or_404(WorkReport, plan=plan)
    report.plan = plan  # with its people, as the moves and the labels read them
    rows, since = reports.changes(report)
    context = {
        "plan": plan,
        "report": report,
        "rows": rows,
        "since": since,
        "moves": reports.allowed_moves(report, request.user),
    }
    return render(request, "innovations/work_report_review.html", context)


@require_POST
@login_required
def work_report_move(request, pk, action):
    """A reviewer approves the report or returns it with notes."""
    plan = _with_stage(plan_as(request, pk, REVIEWERS))
    report = get_object_or_404(WorkReport, plan=plan)
    target = reports.allowed_moves(report, request.user).get(action)
    if target is None:
        messages.error(request, _("This change to the report is not possible now."))
        return redirect("innovations:work_report_review", pk=plan.pk)
    try:
        reports.transition(report, to=target, by=request.user, note=posted_text(request, "note"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("innovations:work_report_review", pk=plan.pk)
    messages.success(
        request, _("The report is approved.") if action == "approve" else _("The report is returned with your notes.")
    )
    return redirect("innovations:work_report", pk=plan.pk)


@require_POST
@login_required
def work_report_evidence_delete(request, pk, evidence_pk):
    """The participant removes a file or photo from their report while it is a draft or returned."""
    plan = _with_stage(own_plan(request, pk))
    item = get_object_or_404(
        ReportEvidence.objects.select_related("entry__report"), pk=evidence_pk, entry__report__plan=plan
    )
    try:
        reports.remove_evidence(item, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The file is removed from your report."))
    return redirect("innovations:work_report", pk=plan.pk)


@login_required
def work_report_evidence(request, evidence_pk):
    item = get_object_or_404(ReportEvidence.objects.select_related("entry__report"), pk=evidence_pk)
    _with_stage(visible_plan(request, item.entry.report.plan_id))
    return stored_file(request, item)
