"""The cohort's dashboard for its staff: the funnel, clusters, kecamatan, scores and milestones."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.spreadsheets import spreadsheet_response
from participants.access import cohort_for_staff

from .. import dashboard


@login_required
def cohort_dashboard(request, slug):
    cohort = cohort_for_staff(request, slug)
    figures = dashboard.figures(cohort)
    if request.GET.get("format") == "xlsx":
        return spreadsheet_response(
            f"dasbor-{cohort.slug}",
            [_("Figure"), _("Group"), _("Value")],
            dashboard.as_rows(figures),
            "xlsx",
            title=_("Dashboard of %(cohort)s") % {"cohort": cohort.name},
        )
    return render(request, "portal/dashboard.html", {"cohort": cohort, "figures": figures})
