"""The consultations of a plan: the log, the participant's record and correction, the coach's or mentor's
confirmation or return, the attachment and the printed log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import posted_text
from core.responses import pdf_response

from .. import consultations, documents
from ..access import own_plan, visible_plan
from ..forms import ConsultationForm
from ..models import Consultation
from .progress import stored_file


def _log_page(request, plan, *, form=None, status=200):
    rows = list(consultations.log_of(plan))
    for row in rows:
        # Each row's roles are told by its loaded plan (log_of), so this runs no query per row.
        row.moves = consultations.allowed_moves(row, request.user)
    is_owner = plan.held_by(request.user, "owner")
    context = {
        "plan": plan,
        "rows": rows,
        "is_owner": is_owner,
        "form": form or (ConsultationForm(participant=plan.participant) if is_owner else None),
        "shortfall": consultations.shortfall(plan),
    }
    return render(request, "innovations/consultations.html", context, status=status)


@login_required
def consultation_log(request, pk):
    """The plan's consultations, to those who may read the plan; the participant records one here."""
    return _log_page(request, visible_plan(request, pk))


@require_POST
@login_required
def consultation_add(request, pk):
    plan = own_plan(request, pk)
    form = ConsultationForm(request.POST, request.FILES, participant=plan.participant)
    if form.is_valid():
        try:
            consultations.record_consultation(
                plan, by=request.user, values=form.values, upload=form.cleaned_data["attachment"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The consultation is recorded and sent for confirmation."))
            return redirect("innovations:consultations", pk=plan.pk)
    messages.error(request, _("The consultation is not recorded yet: correct what is marked below."))
    return _log_page(request, plan, form=form, status=422)


def _own_consultation(request, pk):
    return get_object_or_404(
        Consultation.objects.held_as("owner", request.user).select_related("plan__participant"), pk=pk
    )


@login_required
def consultation_edit(request, consultation_pk):
    """The participant corrects a returned consultation and sends it again."""
    consultation = _own_consultation(request, consultation_pk)
    plan = visible_plan(request, consultation.plan_id)
    if "record" not in consultations.allowed_moves(consultation, request.user):
        messages.info(request, _("Only a returned consultation can be corrected."))
        return redirect("innovations:consultations", pk=plan.pk)
    form = ConsultationForm(
        request.POST or None, request.FILES or None, instance=consultation, participant=plan.participant
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultations.correct_consultation(
                consultation, by=request.user, values=form.values, upload=form.cleaned_data["attachment"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The consultation is corrected and sent again."))
            return redirect("innovations:consultations", pk=plan.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "innovations/consultation_form.html", {"plan": plan, "form": form, "row": consultation}, status=status
    )


@require_POST
@login_required
def consultation_move(request, consultation_pk, action):
    """The coach or mentor the participant met confirms the consultation, or returns it with a note."""
    consultation = get_object_or_404(Consultation.objects.held_as("consulted", request.user), pk=consultation_pk)
    target = consultations.allowed_moves(consultation, request.user).get(action)
    if target is None:
        messages.error(request, _("This change to the consultation is not possible now."))
        return redirect("innovations:consultations", pk=consultation.plan_id)
    try:
        consultations.transition(consultation, to=target, by=request.user, note=posted_text(request, "note"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The consultation is confirmed.") if action == "confirm" else _("The consultation is returned."),
        )
    return redirect("innovations:consultations", pk=consultation.plan_id)


@login_required
def consultation_file(request, consultation_pk):
    consultation = get_object_or_404(Consultation.objects.exclude(file=""), pk=consultation_pk)
    visible_plan(request, consultation.plan_id)
    return stored_file(request, consultation)


@login_required
def consultations_pdf(request, pk):
    """The printed log (form pengendalian) of one plan: rendered in the request, as a single plan's PDF is."""
    plan = visible_plan(request, pk)
    return pdf_response(documents.consultations_pdf(plan), f"konsultasi-{plan.pk}.pdf")
