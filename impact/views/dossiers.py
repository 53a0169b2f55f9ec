"""Dossiers: choosing an innovation to go forward, its assembled dossier with its checks and copy-ready text, its
exports (made by the worker), its moves; and the organisation bureau's list of its region's innovations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import posted_text
from core.pages import page_of
from innovations.models import ActionPlan
from innovations.records import InnovationRecord, Stage
from participants.jobs import request_job
from participants.models import Job
from participants.organisations import require_head
from participants.rules import person_path
from participants.views.jobs import job_requested

from .. import dossiers
from ..access import CURATORS, bureaus_of, curated_dossier, organisation_of, record_plan
from ..models import Dossier
from ..record import RECORDABLE

EXPORTS = {"pdf": Job.Kind.DOSSIER_PDF, "zip": Job.Kind.DOSSIER_ZIP}


@require_POST
@login_required
def dossier_choose(request, pk, form):
    """The cohort's staff or the region's organisation bureau choose an innovation to go forward with one form."""
    if form not in Dossier.Form.values:
        raise Http404
    plan = record_plan(request, pk, CURATORS)
    dossier, created = dossiers.choose(plan, form, by=request.user, organisation=organisation_of(request, plan))
    if created:
        messages.success(request, _("The innovation goes forward: its dossier is assembled below."))
    return redirect("impact:dossier", pk=dossier.pk)


@login_required
def dossier(request, pk):
    """The dossier as the record holds it: its checks, its parts with their weights and word counts, the text to
    copy into the form's own site, its evidence, and its exports."""
    found = curated_dossier(request, pk)
    assembled = dossiers.assemble(found.plan, dossiers.guideline_of(found))
    context = {
        "dossier": found,
        "assembled": assembled,
        "copy": dossiers.copy_text(assembled),
        "buttons": dossiers.buttons(found, request.user),
        "exports": [("pdf", _("PDF on the letterhead")), ("zip", _("Evidence (ZIP)"))],
    }
    return render(request, "impact/dossier.html", context)


@require_POST
@login_required
def dossier_export(request, pk, kind):
    """Ask the worker for the PDF or the ZIP of evidence, once the dossier passes its checks (and, for the PDF, its
    organisation names the head who acknowledges it); otherwise say what is missing, and nothing is made."""
    found = curated_dossier(request, pk)
    if kind not in EXPORTS:
        raise Http404
    assembled = dossiers.assemble(found.plan, dossiers.guideline_of(found))
    try:
        if not assembled.passes:
            raise dossiers.refusal(assembled)
        if kind == "pdf":
            require_head(found.organisation, document=_("dossier"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("impact:dossier", pk=pk)
    job, created = request_job(
        EXPORTS[kind],
        cohort=found.plan.participant.cohort,
        by=request.user,
        params={"dossier": found.pk},
        total=1,
        data={"kind": EXPORTS[kind], "dossier": str(found)},
    )
    return job_requested(request, job, created)


@require_POST
@login_required
def dossier_move(request, pk, action):
    found = curated_dossier(request, pk)
    target = dossiers.LIFECYCLE.allowed(found, request.user).get(action)
    if target is None:
        messages.error(request, _("This change is not possible now."))
        return redirect("impact:dossier", pk=pk)
    try:
        dossiers.transition(found, to=target, by=request.user, note=posted_text(request, "note", max_length=500))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The dossier is now: %(state)s.") % {"state": Dossier.State(target).label})
    return redirect("impact:dossier", pk=pk)


@login_required
def region(request):
    """The organisation bureau's page: every innovation of its region, its stage, its record's state and the
    dossiers it goes forward with; filtered by stage."""
    bureaus = list(bureaus_of(request))
    if not bureaus:
        raise Http404
    plans = (
        ActionPlan.objects.held_as("bureau", request.user)
        .filter(state__in=RECORDABLE)
        .select_related(person_path("owner", "participant"), "participant__cohort", "participant__kecamatan", "record")
        .prefetch_related("dossiers")
        .order_by("-participant__cohort__start_date", "participant__cohort", "participant__roll_number", "pk")
    )
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        plans = plans.filter(record__stage=stage)
    page = page_of(request, plans, 50)
    rows = []
    for plan in page:
        chosen = {dossier.form: dossier for dossier in plan.dossiers.all()}
        rows.append((plan, [(form, label, chosen.get(form)) for form, label in Dossier.Form.choices]))
    context = {
        "bureaus": bureaus,
        "page": page,
        "rows": rows,
        "stages": Stage.choices,
        "stage": stage,
        "record_tones": InnovationRecord.State.TONES,
        "dossier_tones": Dossier.State.TONES,
    }
    return render(request, "impact/region.html", context)
