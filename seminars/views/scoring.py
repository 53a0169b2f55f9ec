"""Scoring at the seminar: an examiner's panel, the score sheet, and staff reopening a sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.editing import EditConflict
from core.forms import labelled_errors
from participants.models import Examiner
from participants.rules import person_path

from .. import scoring
from ..access import seminar_for_member, seminar_for_staff, sheet_for_examiner
from ..agreements import PAGES, labels_of, title_of
from ..forms import ReopenForm, ScoreForm
from ..models import Agreement, ScoreSheet, Seminar, Signature, Slot

CONFLICT = gettext_lazy(
    "These scores were saved from another tab or device after you opened this page, so yours were not saved. "
    "Your scores are still below: note them, then reload the page to see the newer ones."
)


@login_required
def panel(request, slug, stage=Seminar.Stage.DESIGN):
    """An examiner's exposés, in schedule order, with the state of their score sheets."""
    seminar = seminar_for_member(request, slug, stage)
    examiner = get_object_or_404(Examiner.objects.held_as("examiner", request.user), cohort=seminar.cohort)
    slots = list(
        seminar.slots.filter(room__panel__examiners=examiner)
        .select_related(person_path("owner", "plan__participant"), "plan__cluster", "room")
        .order_by("starts_at")
    )
    sheets = {
        s.plan_id: s
        for s in ScoreSheet.objects.filter(seminar=seminar, examiner=examiner, plan__in=[s.plan for s in slots])
    }
    # The sheets of this seminar's stage prepared for these plans (the design's agreements, the report's lembar
    # pengesahan), and which of them name this examiner and wait for their signature.
    signed = Signature.objects.filter(agreement=OuterRef("pk"), role=Signature.Role.EXAMINER)
    prepared = (
        Agreement.objects.filter(plan__in=[s.plan for s in slots], stage=seminar.stage)
        .annotate(examiner_signed=Exists(signed))
        .values_list("plan", "examiner", "state", "examiner_signed")
    )
    to_sign = {
        plan
        for plan, signer, state, done in prepared
        if signer == examiner.pk and state != Agreement.State.SEALED and not done
    }
    has_agreement = {plan for plan, *_rest in prepared}
    rows = [(slot, sheets.get(slot.plan_id), slot.plan_id in to_sign, slot.plan_id in has_agreement) for slot in slots]
    context = {
        "cohort": seminar.cohort,
        "seminar": seminar,
        "rows": rows,
        # The sheet of this seminar's stage: its page, its name, and the words of the badge that asks to sign it.
        "sheet_page": PAGES[seminar.stage]["page"],
        "sheet_title": title_of(seminar.cohort, seminar.stage),
        "sign_label": labels_of(seminar.cohort, "", seminar.stage)["sign"],
    }
    return render(request, "seminars/panel.html", context)


@login_required
def score(request, slug, plan_pk, stage=Seminar.Stage.DESIGN):
    seminar, slot, sheet = sheet_for_examiner(request, slug, plan_pk, stage)
    rubric = scoring.ensure_rubric(seminar.cohort, seminar.stage)
    criteria = rubric.criteria.all()
    form = ScoreForm(request.POST or None, criteria=criteria, sheet=sheet)
    conflict = False
    if request.method == "POST" and sheet.is_editable and form.is_valid():
        action = scoring.submit_sheet if request.POST.get("action") == "submit" else scoring.save_sheet
        data = form.cleaned_data
        try:
            sheet = action(
                sheet,
                values=form.values(),
                note=data["note"],
                by=request.user,
                version=data["version"],
                tab=data["tab"],
            )
        except EditConflict:
            conflict = True
            form.add_error(None, CONFLICT)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.headers.get("HX-Request"):
                return render(request, "seminars/_saved.html", {"sheet": sheet, "saved": True})
            if sheet.is_submitted:
                messages.success(request, _("Your scores for %(title)s are submitted.") % {"title": slot.plan.title})
                return redirect("seminars:panel", slug=slug, stage=stage)
            messages.success(request, _("Draft saved."))
            return redirect("seminars:score", slug=slug, stage=stage, plan_pk=plan_pk)
    elif request.method == "POST" and not sheet.is_editable:
        form.add_error(None, _("This score sheet is submitted and locked. Ask the organiser to reopen it."))
    if request.headers.get("HX-Request") and request.method == "POST":
        context = {"sheet": sheet, "errors": [] if conflict else labelled_errors(form), "conflict": conflict}
        return render(request, "seminars/_saved.html", context, status=409 if conflict else 422)
    # Blind scoring: the other examiners' sheets stay hidden until one's own is submitted.
    others = (
        ScoreSheet.objects.filter(seminar=seminar, plan=slot.plan, state=ScoreSheet.State.SUBMITTED)
        .exclude(pk=sheet.pk)
        .select_related(person_path("examiner", "examiner"))
        if sheet.is_submitted
        else []
    )
    # The next exposé on this panel, for a long day of scoring one after the other.
    following = (
        Slot.objects.filter(seminar=seminar, room=slot.room, starts_at__gt=slot.starts_at)
        .select_related(person_path("owner", "plan__participant"))
        .order_by("starts_at")
        .first()
    )
    context = {
        "cohort": seminar.cohort,
        "seminar": seminar,
        "slot": slot,
        "plan": slot.plan,
        "sheet": sheet,
        "form": form,
        "others": others,
        "following": following,
        "bands": [[str(band.above) if band.above is not None else None, band.label] for band in rubric.bands.all()],
        "not_open": scoring.scoring_not_open(seminar),
    }
    return render(request, "seminars/score.html", context, status=409 if conflict else 200)


@require_POST
@login_required
def sheet_reopen(request, slug, pk, stage=Seminar.Stage.DESIGN):
    seminar = seminar_for_staff(request, slug, stage)
    sheet = get_object_or_404(
        ScoreSheet.objects.select_related("plan", person_path("examiner", "examiner")),
        pk=pk,
        seminar=seminar,
    )
    form = ReopenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the reason for reopening the score sheet."))
        scoring.reopen_sheet(sheet, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(examiner)s can change their scores for %(title)s again.")
            % {"examiner": sheet.examiner.user.full_name, "title": sheet.plan.title},
        )
    return redirect("seminars:results", slug=slug, stage=stage)
