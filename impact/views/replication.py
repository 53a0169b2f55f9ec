"""Replications of a published innovation: a unit records one by hand, or a participant starts a new plan from the
catalogue ("replicate this"), linked to its source."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.lifecycle import Publication
from innovations import catalogue
from innovations.models import ActionPlan
from participants.organisations import region_from_code

from .. import replication
from ..forms import ReplicateForm, ReplicationForm


def _source(request, pk) -> ActionPlan:
    """The innovation, while it is in the catalogue. A form sent after it left the catalogue is answered in words by
    the service, not with a missing page; one never published stays unknown."""
    if request.method == "POST":
        return get_object_or_404(ActionPlan.objects.exclude(catalogue_state=Publication.UNPUBLISHED), pk=pk)
    return get_object_or_404(catalogue.published(), pk=pk)


@login_required
def replication_add(request, pk):
    """Anyone signed in records that their unit replicated a published innovation."""
    source = _source(request, pk)
    form = ReplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            replication.record_replication(
                source,
                by=request.user,
                organisation=data["organisation"],
                region=region_from_code(data["region"]) if data["region"] else None,
                unit=data["unit"],
                adapted=data["adapted"],
                contact_name=data["contact_name"],
                contact=data["contact"],
                replicated_on=data["replicated_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: the replication is recorded on the innovation's page."))
            return redirect("innovations:catalogue_detail", pk=source.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "impact/replication_form.html", {"plan": source, "form": form}, status=status)


@login_required
def replicate(request, pk):
    """ "Replicate this": a new plan in one of the person's cohorts, started from the innovation's words and linked
    to it both ways."""
    source = _source(request, pk)
    free = replication.free_participations(request.user)
    form = ReplicateForm(request.POST or None, participations=free)
    if request.method == "POST" and form.is_valid():
        try:
            plan = replication.replicate(
                source,
                participation=form.cleaned_data["participation"],
                by=request.user,
                adapted=form.cleaned_data["adapted"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your plan starts from “%(title)s”: adapt it to your unit.") % {"title": source.title}
            )
            return redirect("innovations:issues", pk=plan.pk)
    status = 422 if request.method == "POST" else 200
    context = {"plan": source, "form": form, "possible": free.exists()}
    return render(request, "impact/replicate.html", context, status=status)
