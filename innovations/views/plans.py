"""The plan's own pages: writing it, its issues and attachments, submitting, its history and its print."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.editing import EditConflict
from core.forms import TAMPERED, labelled_errors, posted_text
from core.responses import pdf_response

from .. import approvers, consultations, documents, reports, sections, services, workflow
from ..access import own_participation, own_plan, visible_plan
from ..forms import LIST_FORMSETS, AttachmentForm, CandidateIssueForm, PlanForm
from ..models import ActionPlan, Attachment, CandidateIssue, ranked_issues
from ..selectors import latest_notes, plan_context, plan_history, similar_plans
from ..snapshots import compare
from .progress import stored_file


def act(request, plan, action, success, **kwargs) -> bool:
    """Call one workflow verb for the signed-in person and say how it went."""
    try:
        action(plan, by=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


# The participant's pages ------------------------------------------------------------------------


@require_POST
@login_required
def start(request, participant_pk):
    # A participant staff withdrew from the cohort starts nothing until they are restored.
    participant = own_participation(request, participant_pk)
    plan = services.start_plan(participant)
    return redirect("innovations:issues", pk=plan.pk)


@login_required
def detail(request, pk):
    plan = visible_plan(request, pk)
    context = plan_context(plan)
    context["is_owner"] = plan.held_by(request.user, "owner")
    context["moves"] = moves = workflow.allowed_moves(plan, request.user)
    context["buttons"] = workflow.LIFECYCLE.buttons(plan, moves, own_pages=workflow.OWN_PAGES)
    context["attachment_form"] = AttachmentForm()
    context["consultations"] = consultations.log_of(plan)
    context["words"] = approvers.words_for(plan)
    if plan.has_report_stage:
        context["work_report"] = reports.report_of(plan)
    return render(request, "innovations/plan_detail.html", context)


def _formsets(plan, data=None):
    spec = plan.participant.cohort.programme_spec
    headings = sections.labels(spec)
    formsets = []
    for prefix in sections.lists_of(spec):
        formset = LIST_FORMSETS[prefix](data, instance=plan, prefix=prefix)
        formset.heading = headings[prefix]  # the programme's name for the list ("Kegiatan aktualisasi", …)
        formset.add_label = sections.LISTS[prefix].add
        formsets.append(formset)
    return formsets


@login_required
def edit(request, pk):
    plan = own_plan(request, pk)
    if not plan.is_editable:
        messages.info(request, approvers.words_for(plan).locked)
        return redirect(plan)
    form = PlanForm(request.POST or None, instance=plan)
    formsets = _formsets(plan, request.POST or None)
    conflict = False
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets):
        fields = {name: form.cleaned_data[name] for name in ["title", "cluster"]}
        try:
            services.save_plan(
                plan,
                fields=fields,
                written=form.written(),
                version=form.cleaned_data["version"],
                by=request.user,
                formsets=formsets,
            )
        except EditConflict:
            conflict = True
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(plan)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect(plan)
    note, section_notes = latest_notes(plan)
    context = {
        "plan": plan,
        "form": form,
        "formsets": formsets,
        "conflict": conflict,
        "revision_note": note,
        "words": approvers.words_for(plan),
        "section_notes": section_notes,
        "similar": similar_plans(plan),
    }
    return render(request, "innovations/plan_form.html", context, status=409 if conflict else 200)


def _row_errors(formsets) -> list[str]:
    """Each incomplete row of the plan's lists, named by its list and its number in it."""
    problems = []
    for formset in formsets:
        name = sections.LISTS[formset.prefix].row
        for number, row_form in enumerate(formset.forms, start=1):
            if row_form.errors and not formset._should_delete_form(row_form):
                problems += [f"{name} {number}: {error}" for error in labelled_errors(row_form)]
        problems += list(formset.non_form_errors())
    return problems


@require_POST
@login_required
def autosave(request, pk):
    """The edit form, saved in the background while typing: the text, and every list whose rows are complete.

    The answer says the truth: a refused save (409, another tab; 422, something invalid) is never shown as saved.
    A list with an unfinished row waits, and the answer names that row; the rest is saved. A row whose hidden id or
    plan was forged (or names a row another tab deleted) refuses the whole save: nothing is written.
    """
    plan = own_plan(request, pk)
    form = PlanForm(request.POST, instance=plan)
    if not form.is_valid():
        return render(request, "innovations/_autosave.html", {"errors": labelled_errors(form)}, status=422)
    formsets = _formsets(plan, request.POST)
    complete = [formset for formset in formsets if formset.is_valid()]
    if any(error.code == "tampered" for formset in formsets for error in formset.non_form_errors().as_data()):
        # A row named by a forged or outdated id is no unfinished row: the whole save is refused, nothing written.
        return render(request, "innovations/_autosave.html", {"errors": [TAMPERED]}, status=422)
    fields = {name: form.cleaned_data[name] for name in ["title", "cluster"]}
    try:
        plan = services.save_plan(
            plan,
            fields=fields,
            written=form.written(),
            version=form.cleaned_data["version"],
            by=request.user,
            tab=form.cleaned_data["tab"],
            formsets=complete,
        )
    except EditConflict:
        current = ActionPlan.objects.filter(pk=plan.pk).values_list("version", flat=True).first()
        return render(request, "innovations/_autosave.html", {"conflict": True, "current": current}, status=409)
    except ValidationError as error:
        return render(request, "innovations/_autosave.html", {"refused": " ".join(error.messages)}, status=409)
    context = {
        "saved_at": timezone.localtime(plan.updated_at),
        "version": plan.version,
        "saved_rows": [row for formset in complete for row in formset.saved_rows],
        "row_errors": _row_errors(f for f in formsets if f not in complete),
    }
    return render(request, "innovations/_autosave.html", context, status=422 if context["row_errors"] else 200)


@login_required
def row(request, pk, kind):
    """One empty row of a list (stakeholders, team, risks, milestones) for htmx to add to the form."""
    plan = own_plan(request, pk)
    if kind not in sections.lists_of(plan.participant.cohort.programme_spec):
        raise Http404
    try:
        index = int(request.GET.get(f"{kind}-TOTAL_FORMS", "0"))
    except ValueError:
        raise Http404 from None
    formset = LIST_FORMSETS[kind](instance=plan, prefix=kind)
    form = formset.form(prefix=f"{kind}-{index}", empty_permitted=True, use_required_attribute=False)
    formset.add_fields(form, None)
    # The response also raises the formset's TOTAL_FORMS (an out-of-band swap), so the new row is saved.
    return render(request, "innovations/_row.html", {"form": form, "kind": kind, "total_forms": index + 1})


@login_required
def issues(request, pk):
    """Issue selection: list candidate issues, screen them by APKL, score them by USG, choose one."""
    plan = own_plan(request, pk)
    form = CandidateIssueForm(request.POST or None)
    if request.method == "POST":
        if not plan.is_editable:
            messages.error(request, approvers.words_for(plan).locked)
            return redirect("innovations:issues", pk=pk)
        if form.is_valid():
            issue = form.save(commit=False)
            issue.plan = plan
            issue.save()
            messages.success(request, _("The issue is added."))
            return redirect("innovations:issues", pk=pk)
    ranked = ranked_issues(plan.issues.all())
    return render(request, "innovations/issues.html", {"plan": plan, "form": form, "issues": ranked})


@login_required
def issue_edit(request, pk, issue_pk):
    plan = own_plan(request, pk)
    issue = get_object_or_404(CandidateIssue, pk=issue_pk, plan=plan)
    form = CandidateIssueForm(request.POST or None, instance=issue)
    if request.method == "POST" and plan.is_editable and form.is_valid():
        form.save()
        return redirect("innovations:issues", pk=pk)
    return render(request, "innovations/issue_form.html", {"plan": plan, "form": form, "issue": issue})


@require_POST
@login_required
def issue_choose(request, pk, issue_pk):
    plan = own_plan(request, pk)
    issue = get_object_or_404(CandidateIssue, pk=issue_pk, plan=plan)
    try:
        services.choose_core_issue(plan, issue, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(issue)s” is the core issue of your plan.") % {"issue": issue.description})
    return redirect("innovations:issues", pk=pk)


@require_POST
@login_required
def attachment_add(request, pk):
    plan = own_plan(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(plan, form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The attachment is added."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(plan)


@login_required
def attachment_download(request, pk, attachment_pk):
    plan = visible_plan(request, pk)
    return stored_file(request, get_object_or_404(Attachment, pk=attachment_pk, plan=plan))


@require_POST
@login_required
def attachment_delete(request, pk, attachment_pk):
    plan = own_plan(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, plan=plan)
    if not plan.is_editable:
        messages.error(request, approvers.words_for(plan).locked)
    else:
        attachment.file.delete(save=False)
        attachment.thumbnail.delete(save=False)
        attachment.delete()
        messages.success(request, _("The attachment is removed."))
    return redirect(plan)


@require_POST
@login_required
def submit(request, pk):
    plan = own_plan(request, pk)
    act(request, plan, workflow.submit_plan, str(approvers.words_for(plan).submitted))
    return redirect(plan)


@require_POST
@login_required
def withdraw(request, pk):
    plan = visible_plan(request, pk)
    note = posted_text(request, "note")
    if not plan.held_by(request.user, "owner") and not note.strip():
        # The owner may change their mind in silence; anyone else tells them why.
        messages.error(request, _("Say why the plan is withdrawn: write a reason."))
    else:
        act(request, plan, workflow.withdraw_plan, _("The plan is withdrawn."), note=note)
    return redirect(plan)


@require_POST
@login_required
def move(request, pk, action):
    """Any move of the plan's table without a page of its own (workflow.OWN_PAGES)."""
    plan = visible_plan(request, pk)
    act(request, plan, workflow.move_plan, _("Done."), name=action, note=posted_text(request, "note"))
    return redirect(plan)


@require_POST
@login_required
def restore(request, pk):
    plan = visible_plan(request, pk)
    act(request, plan, workflow.restore_plan, _("The plan is restored to the state it was withdrawn from."))
    return redirect(plan)


# Everyone who may read the plan -----------------------------------------------------------------


@login_required
def history(request, pk):
    plan = visible_plan(request, pk)
    return render(request, "innovations/history.html", {"plan": plan, "timeline": plan_history(plan)})


@login_required
def version_compare(request, pk, number):
    plan = visible_plan(request, pk)
    version = get_object_or_404(plan.versions, number=number)
    previous = plan.versions.filter(number=number - 1).first()
    rows = compare(
        previous.content if previous else None, version.content, sections.labels(plan.participant.cohort.programme_spec)
    )
    return render(
        request, "innovations/version.html", {"plan": plan, "version": version, "rows": rows, "previous": previous}
    )


@login_required
def print_view(request, pk):
    plan = visible_plan(request, pk)
    return render(request, "innovations/plan_print.html", documents.print_context(plan))


@login_required
def pdf(request, pk):
    plan = visible_plan(request, pk)
    return pdf_response(documents.plan_pdf(plan), f"rencana-aksi-{plan.pk}.pdf")
