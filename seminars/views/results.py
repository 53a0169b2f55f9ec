"""The seminar's results: the live recap, its spreadsheet and minutes, publishing, and each participant's own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import issuing
from core.forms import posted_id, posted_text
from core.lifecycle import Publication
from core.models import IssuedDocument
from core.spreadsheets import Code, spreadsheet_response
from participants.jobs import request_job
from participants.models import Job
from participants.organisations import require_head
from participants.rules import person_path
from participants.views.jobs import job_requested

from .. import results
from ..access import seminar_for_member, seminar_for_staff, stages_of
from ..forms import ReopenForm
from ..models import ScoreSheet, Seminar


def _examiners_and_scores(row, width: int) -> list:
    cells = [
        cell for examiner, total in zip(row.panel, row.totals, strict=True) for cell in (examiner.user.full_name, total)
    ]
    return cells + [None] * (2 * width - len(cells))


@login_required
def recap(request, slug, stage=Seminar.Stage.DESIGN):
    """The live recap for staff; also as XLSX."""
    seminar = seminar_for_staff(request, slug, stage)
    rows = results.seminar_results(seminar)
    if request.GET.get("format") == "xlsx":
        width = max((len(row.panel) for row in rows), default=0)
        headers = [_("NDH"), _("Name"), _("NIP"), _("Cluster"), _("Title")]
        # Each examiner of the plan's panel by name, beside their score: panels differ from room to room.
        for n in range(1, width + 1):
            headers += [_("Examiner %(number)d") % {"number": n}, _("Score %(number)d") % {"number": n}]
        headers += [_("Final score"), _("Predicate"), _("Rank in cluster"), _("Rank overall")]
        return spreadsheet_response(
            f"rekap-{seminar.cohort.slug}" + ("" if seminar.stage == Seminar.Stage.DESIGN else f"-{seminar.stage}"),
            headers,
            (
                [
                    row.plan.participant.roll_number,
                    row.plan.participant.user.full_name,
                    Code(row.plan.participant.user.nip, row.plan.participant.user.nip_display)
                    if row.plan.participant.user.nip
                    else None,
                    row.plan.cluster.name if row.plan.cluster else None,
                    row.plan.title,
                    *_examiners_and_scores(row, width),
                    row.final,
                    row.band or None,
                    row.rank_in_cluster,
                    row.rank_overall,
                ]
                for row in rows
            ),
            "xlsx",
            title=_("Seminar results of %(cohort)s") % {"cohort": seminar.cohort.name},
        )
    sheets = ScoreSheet.objects.filter(seminar=seminar, state=ScoreSheet.State.SUBMITTED).select_related(
        person_path("examiner", "examiner"), "plan"
    )
    context = {
        "cohort": seminar.cohort,
        "seminar": seminar,
        "stage": seminar.stage,
        "stages": stages_of(seminar.cohort),
        "rows": rows,
        "complete": sum(1 for row in rows if row.complete),
        "sheets": sheets,
        "reopen_form": ReopenForm(),
        "results_moves": results.LIFECYCLE.allowed(seminar, request.user, roles={"staff"}),
        "warnings": results.publication_warnings(rows, seminar),
        "minutes": issuing.revisions(IssuedDocument.Kind.MINUTES, seminar).select_related("replaces"),
    }
    return render(request, "seminars/results.html", context)


@require_POST
@login_required
def results_pdf(request, slug, stage=Seminar.Stage.DESIGN):
    """Ask for the recap as an official minute (berita acara), A4, for signing: the worker renders it."""
    seminar = seminar_for_staff(request, slug, stage)
    try:
        # The head acknowledges the minutes: refused at once, not after a wait in the queue. The job checks again.
        require_head(seminar.cohort.organisation, document=_("minutes"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("seminars:results", slug=slug, stage=stage)
    # The minutes of published results are their issued revision (or an earlier one staff ask for by its id); the
    # minutes of results not published are a draft without a number.
    params = {"seminar": seminar.pk}
    asked = issuing.revisions(IssuedDocument.Kind.MINUTES, seminar).filter(pk=posted_id(request, "document")).first()
    with transaction.atomic():
        if asked is None and seminar.results_are_published:
            asked, _created = results.issue_minutes(seminar, by=request.user)
        if asked is not None:
            params["document"] = asked.pk
        job, created = request_job(Job.Kind.MINUTES, cohort=seminar.cohort, by=request.user, params=params)
    return job_requested(request, job, created)


@require_POST
@login_required
def results_publish(request, slug, stage=Seminar.Stage.DESIGN):
    """Publish the results, or withdraw them with a reason (the form says which: `action`)."""
    seminar = seminar_for_staff(request, slug, stage)
    target = results.LIFECYCLE.allowed(seminar, request.user).get(request.POST.get("action", "publish"))
    if target is None:
        messages.error(request, _("The results cannot change that way now."))
        return redirect("seminars:results", slug=slug, stage=stage)
    note = posted_text(request, "note", max_length=500)
    if target == Publication.PUBLISHED and request.POST.get("confirmed") != "yes":
        # Plans flagged for moderation or sheets still missing: the page lists them and asks again.
        warnings = results.publication_warnings(results.seminar_results(seminar), seminar)
        if warnings:
            context = {"cohort": seminar.cohort, "seminar": seminar, "stage": stage, "warnings": warnings}
            return render(request, "seminars/results_publish_confirm.html", context)
    try:
        results.transition(seminar, to=target, by=request.user, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if target == Publication.PUBLISHED:
            message = _("The results are published: each participant now sees their own score and notes.")
        else:
            message = _("The results are withdrawn; the participants are told.")
        messages.success(request, message)
    return redirect("seminars:results", slug=slug, stage=stage)


@login_required
def my_result(request, slug, stage=Seminar.Stage.DESIGN):
    """A participant's own score, band and the examiners' notes, once staff have published the results."""
    seminar = seminar_for_member(request, slug, stage)
    participant = get_object_or_404(seminar.cohort.participants.held_as("owner", request.user))
    row = None
    if seminar.results_are_published:
        row = next((r for r in results.seminar_results(seminar) if r.plan.participant_id == participant.pk), None)
    return render(request, "seminars/my_result.html", {"cohort": seminar.cohort, "seminar": seminar, "row": row})
