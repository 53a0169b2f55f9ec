"""Organisations: superusers create them and choose their staff; each organisation's staff keep its identity."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.editing import EditConflict
from core.pages import page_of
from core.responses import pdf_response
from participants import organisations as services
from participants.access import organisation_for_staff, require_superuser
from participants.audit import events_of
from participants.models import Cohort, Organisation, User

from ..forms import OrganisationForm, StaffMemberForm
from .people import saved_meanwhile


@login_required
def organisation_list(request):
    """Every organisation of the installation, for superusers; searched by name."""
    require_superuser(request)
    # Counted per row by a subquery, so that only the organisations of the page shown are counted.
    cohorts = Cohort.objects.filter(organisation=OuterRef("pk")).order_by().values("organisation")
    staff = Organisation.staff_members.through.objects.filter(organisation=OuterRef("pk")).order_by()
    organisations = (
        Organisation.objects.select_related("region")
        .annotate(
            cohort_count=Coalesce(Subquery(cohorts.annotate(n=Count("pk")).values("n")), 0),
            staff_count=Coalesce(Subquery(staff.values("organisation").annotate(n=Count("pk")).values("n")), 0),
        )
        .order_by("short_name", "pk")
    )
    query = request.GET.get("q", "").strip()
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(short_name__icontains=query) | Q(government__icontains=query)
        )
    page = page_of(request, organisations)
    return render(request, "portal/organisation_list.html", {"page": page, "query": query})


@login_required
def organisation_create(request):
    require_superuser(request)
    return _organisation_form(request, Organisation())


@login_required
def organisation_edit(request, pk):
    """Its staff keep the organisation's letterhead, head and numbering up to date; so may superusers."""
    return _organisation_form(request, organisation_for_staff(request, pk))


def _organisation_form(request, organisation):
    form = OrganisationForm(
        request.POST or None, request.FILES or None, instance=organisation, can_set_kind=request.user.is_superuser
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.save_organisation(
                form.save(commit=False),
                by=request.user,
                region_code=form.cleaned_data["region"],
                version=form.cleaned_data["version"],
            )
        except EditConflict:
            messages.error(request, saved_meanwhile(organisation.short_name))
            status = 409
        except ValidationError as error:  # the logo could not be stored (a full disk): nothing is saved
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": organisation.short_name})
            return redirect(organisation)
    context = {"form": form, "organisation": organisation}
    return render(request, "portal/organisation_form.html", context, status=status)


@login_required
def organisation_detail(request, pk):
    organisation = organisation_for_staff(request, pk)
    context = {
        "organisation": organisation,
        "logo": organisation.logo_data_url(),
        "sample_number": services.sample_number(organisation, on=timezone.localdate()),
        "staff": organisation.staff_members.order_by("full_name"),
        "cohorts": organisation.cohorts.select_related("region")[:20],
        "cohort_count": organisation.cohorts.count(),
        "events": events_of(organisation).order_by("-at", "-pk")[:20],
    }
    return render(request, "portal/organisation_detail.html", context)


@login_required
def organisation_letterhead(request, pk):
    """A sample page on the letterhead, to check it before the first document."""
    organisation = organisation_for_staff(request, pk)
    return pdf_response(services.letterhead_sample_pdf(organisation), f"kop-surat-{organisation.pk}.pdf")


@login_required
def organisation_staff_add(request, pk):
    require_superuser(request)
    organisation = organisation_for_staff(request, pk)
    form = StaffMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, added = services.add_staff_member(
            organisation, by=request.user, full_name=data["full_name"], nip=data["nip"], email=data["email"]
        )
        if added:
            messages.success(
                request,
                _("%(name)s is now staff of %(organisation)s.")
                % {"name": user.full_name, "organisation": organisation.short_name},
            )
        else:
            messages.info(request, _("%(name)s already was staff of it.") % {"name": user.full_name})
        return redirect(organisation)
    context = {"organisation": organisation, "form": form, "title": _("Add a staff member")}
    return render(request, "portal/organisation_staff_form.html", context)


@require_POST
@login_required
def organisation_staff_remove(request, pk, user_pk):
    require_superuser(request)
    organisation = organisation_for_staff(request, pk)
    user = get_object_or_404(User.objects.filter(organisations=organisation), pk=user_pk)
    services.remove_staff_member(organisation, user, by=request.user)
    messages.success(
        request,
        _("%(name)s is no longer staff of %(organisation)s.")
        % {"name": user.full_name, "organisation": organisation.short_name},
    )
    return redirect(organisation)
