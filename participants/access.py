"""Who may open a cohort's pages: each helper returns the cohort or raises Http404, never a 403."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from core import roles

from .models import Cohort, Job, Organisation


def cohort_for_staff(request, slug) -> Cohort:
    """The cohort if the signed-in person organises it (`Cohort.objects.run_by`); a 404 for everyone else."""
    return get_object_or_404(Cohort.objects.run_by(request.user).select_related("organisation", "region"), slug=slug)


def organisation_for_staff(request, pk) -> Organisation:
    """The organisation for its own staff and for superusers; a 404 for everyone else."""
    return get_object_or_404(Organisation.objects.run_by(request.user).select_related("region"), pk=pk)


def require_superuser(request) -> None:
    """Only superusers create organisations and choose their staff; anyone else gets a 404."""
    if not request.user.is_superuser:
        raise Http404


def visible_jobs(request):
    """The jobs a person may follow: their own requests, and every job of the cohorts they organise."""
    return Job.objects.filter(roles.visible(request.user, Job.ROUTE))


def own_jobs(request):
    """The jobs the signed-in person asked for themselves."""
    return Job.objects.filter(roles.rows("requester", request.user, Job.ROUTE))
