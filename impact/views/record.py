"""An innovation's record: its page (participant, mentor, the cohort's staff, the region's organisation bureau), the
participant's edits, the mentor's confirmation, its files, and the staff's list across their cohorts."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.editing import EditConflict
from core.forms import posted_id, posted_text
from core.pages import page_of
from core.responses import private_file_response
from innovations.models import ActionPlan
from innovations.records import Evaluation, Indicator, InnovationRecord, Measurement, Stage
from participants.models import Cohort
from participants.rules import person_path

from .. import followups
from .. import record as records
from ..access import CURATORS, record_plan
from ..forms import EvaluationForm, IndicatorForm, MeasurementForm, RecordForm
from ..models import Dossier


def _record_page(request, plan, *, refused: dict | None = None, status: int = 200):
    """The record with its indicators, measures, evaluations, dossiers and follow-up answers; a refused form comes
    back filled in (`refused`: {"indicator": form} or {"measurement": (indicator pk, form)} or {"evaluation": form})."""
    refused = refused or {}
    record = records.record_of(plan)
    indicators = list(record.indicators.prefetch_related("measurements")) if record.pk else []
    failed = refused.get("measurement")
    for indicator in indicators:
        mine = failed is not None and failed[0] == indicator.pk
        # For the template: each indicator's measurement form, and whether it is the refused one. (The index ignore:
        # `mine` holds only when `failed` is given.)
        indicator.form = failed[1] if mine else MeasurementForm(indicator=indicator, prefix=f"m{indicator.pk}")  # type: ignore[attr-defined, index]
        indicator.refused = mine  # type: ignore[attr-defined]
    dossiers = list(plan.dossiers.select_related("organisation"))
    is_owner = plan.held_by(request.user, "owner")
    is_mentor = plan.held_by(request.user, "mentor")
    context = {
        "plan": plan,
        "record": record,
        "indicators": indicators,
        "evaluations": list(record.evaluations.all()) if record.pk else [],
        "moves": records.allowed_moves(record, request.user) if record.pk else {},
        "is_owner": is_owner,
        "is_mentor": is_mentor,
        # The organisation bureau reads the record, not the cohort's pages of the plan.
        "reads_plan": is_owner or is_mentor or plan.held_by(request.user, "staff"),
        "indicator_form": refused.get("indicator") or IndicatorForm(prefix="indicator"),
        "evaluation_form": refused.get("evaluation") or EvaluationForm(prefix="evaluation"),
        "refused": refused,
        "dossiers": dossiers,
        "can_curate": any(plan.held_by(request.user, role) for role in CURATORS),
        # The forms it may still be chosen for: each innovation goes forward once with each.
        "forms": [(form, label) for form, label in Dossier.Form.choices if form not in {d.form for d in dossiers}],
        "follow_ups": followups.answered_for(plan),
        "texts": [
            (cast(models.Field, InnovationRecord._meta.get_field(name)).verbose_name, getattr(record, name))
            for name in InnovationRecord.TEXTS
        ],
    }
    return render(request, "impact/record.html", context, status=status)


@login_required
def record(request, pk):
    return _record_page(request, record_plan(request, pk))


@login_required
def record_edit(request, pk):
    """The participant's page for the profile, the texts the dossiers ask for, and the decree."""
    plan = record_plan(request, pk, "owner")
    current = records.record_of(plan)
    form = RecordForm(request.POST or None, request.FILES or None, instance=current)
    conflict = False
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in RecordForm.Meta.fields}
        try:
            records.save_profile(
                plan,
                by=request.user,
                fields=fields,
                version=form.cleaned_data["version"],
                decree=form.cleaned_data["decree_file"],
            )
        except EditConflict:
            conflict = True
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The record is saved. Send it to your mentor when it is ready."))
            return redirect("impact:record", pk=plan.pk)
    status = 200 if request.method == "GET" else 409 if conflict else 422
    if status == 422:
        messages.error(request, _("The record is not saved yet: correct what is marked below."))
    context = {"plan": plan, "form": form, "conflict": conflict, "stages": Stage}
    return render(request, "impact/record_form.html", context, status=status)


def _owner_post(request, pk, build, act, success: str, key: str):
    """One of the participant's additions to the record: a valid form is kept by `act`; a refused one brings the
    record's page back, its form open and filled in, and nothing is kept."""
    plan = record_plan(request, pk, "owner")
    form = build(plan)
    if form.is_valid():
        try:
            act(plan, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect("impact:record", pk=plan.pk)
    messages.error(request, _("Nothing is kept yet: correct what is marked below and send it again."))
    refused = {key: (form.indicator.pk, form) if key == "measurement" else form}
    return _record_page(request, plan, refused=refused, status=422)


@require_POST
@login_required
def indicator_add(request, pk):
    return _owner_post(
        request,
        pk,
        lambda plan: IndicatorForm(request.POST, prefix="indicator"),
        lambda plan, data: records.add_indicator(plan, by=request.user, **data),
        _("The indicator is added. Add its measured values with their evidence."),
        "indicator",
    )


@require_POST
@login_required
def measurement_add(request, pk, indicator_pk):
    def build(plan):
        indicator = get_object_or_404(Indicator, pk=indicator_pk, record__plan=plan)
        return MeasurementForm(request.POST, request.FILES, indicator=indicator, prefix=f"m{indicator.pk}")

    return _owner_post(
        request,
        pk,
        build,
        lambda plan, data: records.add_measurement(
            Indicator.objects.select_related("record__plan").get(pk=indicator_pk), by=request.user, **data
        ),
        _("The measured value is added. Send the record to your mentor to confirm it."),
        "measurement",
    )


@require_POST
@login_required
def evaluation_add(request, pk):
    return _owner_post(
        request,
        pk,
        lambda plan: EvaluationForm(request.POST, request.FILES, prefix="evaluation"),
        lambda plan, data: records.add_evaluation(plan, by=request.user, **data),
        _("The evaluation is added. Send the record to your mentor to confirm it."),
        "evaluation",
    )


@require_POST
@login_required
def record_move(request, pk, action):
    """Send the record to the mentor (its owner), or confirm or return it (the mentor, as they read it)."""
    plan = record_plan(request, pk)
    current = InnovationRecord.objects.filter(plan=plan).select_related("plan__participant").first()
    target = records.allowed_moves(current, request.user).get(action) if current else None
    if target is None:
        messages.error(request, _("This change is not possible now."))
        return redirect("impact:record", pk=pk)
    try:
        records.transition(
            current,
            to=target,
            by=request.user,
            note=posted_text(request, "note", max_length=1000),
            version=posted_id(request, "version"),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = {
            "submit": _("The record is sent to your mentor."),
            "confirm": _("The record is confirmed: what it says now is public in the catalogue."),
            "return": _("The record is returned to the participant with your note."),
        }
        messages.success(request, done[action])
    return redirect("impact:record", pk=pk)


# Each file of a record, by what holds it: the decree on the record, the evidence of a measure, an evaluation's report.
FILES = {
    "decree": (InnovationRecord, "plan", "decree", "decree_name", "decree_type"),
    "measurement": (Measurement, "indicator__record__plan", "file", "file_name", "content_type"),
    "evaluation": (Evaluation, "record__plan", "file", "file_name", "content_type"),
}


@login_required
def record_file(request, pk, kind, file_pk):
    """A file of the record, to those who may read the record; never public media."""
    if kind not in FILES:
        raise Http404
    plan = record_plan(request, pk)
    model, path, field, name, content_type = FILES[kind]
    item = get_object_or_404(model, pk=file_pk, **{path: plan})
    stored = getattr(item, field)
    if not stored:
        raise Http404
    preview = request.GET.get("preview") == "1"
    return private_file_response(stored, getattr(item, name), getattr(item, content_type), preview=preview)


@login_required
def records_list(request):
    """The innovations of every cohort the person organises, with their stage and record, newest cohort first."""
    cohorts = Cohort.objects.run_by(request.user)
    if not cohorts.exists():
        raise Http404
    plans = (
        ActionPlan.objects.held_as("staff", request.user)
        .filter(state__in=records.RECORDABLE)
        .select_related(person_path("owner", "participant"), "participant__cohort", "record")
        .order_by("-participant__cohort__start_date", "participant__cohort", "participant__roll_number", "pk")
    )
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        plans = plans.filter(record__stage=stage)
    page = page_of(request, plans, 50)
    context = {"page": page, "stages": Stage.choices, "stage": stage, "tones": InnovationRecord.State.TONES}
    return render(request, "impact/records.html", context)
