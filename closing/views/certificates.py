"""Certificates: issued in one step by staff, re-issued or revoked with a reason, downloaded by their participant;
and the national record for SIASN with the archive of PDFs named by NIP."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.forms import posted_text
from core.pages import export_format
from core.responses import private_file_response
from core.spreadsheets import spreadsheet_response
from participants.access import cohort_for_staff
from participants.jobs import request_job
from participants.models import Cohort, Job
from participants.rules import member_cohorts, person_path
from participants.views.jobs import job_requested

from .. import certificates, grades
from ..documents import SIASN_HEADERS, siasn_rows
from ..forms import ReasonForm
from ..models import Certificate


@login_required
def certificate_list(request, slug):
    """The cohort's certificates in every state, and who passed and waits for one."""
    cohort = cohort_for_staff(request, slug)
    rows = grades.final_grades(cohort)
    issued = Certificate.objects.filter(participant__cohort=cohort).select_related(
        person_path("owner", "participant"), "replaced_by"
    )
    context = {
        "cohort": cohort,
        "waiting": [row for row in rows if row.passed and row.certificate is None],
        "not_passed": [row for row in rows if row.passed is False],
        "incomplete": [row for row in rows if row.passed is None],
        "certificates": [
            (certificate, certificates.LIFECYCLE.allowed(certificate, request.user, roles={"staff"}))
            for certificate in issued
        ],
        "without_birth_place": [row for row in rows if row.passed and not row.participant.user.birth_place],
        "lesson_hours": cohort.programme_spec.lesson_hours,
        "training_type": grades.grade_book(cohort).training_type,
        "reason_form": ReasonForm(),
    }
    return render(request, "closing/certificate_list.html", context)


def _chosen_ids(request) -> list[int] | None:
    values = request.POST.getlist("participant")
    if not values:
        return None
    return [int(value) if value.isdigit() and len(value) < 19 else 0 for value in values]


@require_POST
@login_required
def certificate_issue(request, slug):
    """Issue the certificates of those who passed (all, or those ticked) in one step; the PDFs follow."""
    cohort = cohort_for_staff(request, slug)
    try:
        issued = certificates.issue_certificates(cohort, by=request.user, participant_ids=_chosen_ids(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except IntegrityError:
        messages.error(request, _("Someone issued certificates at the same moment. Check the list and try again."))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d certificate issued; its PDF is being prepared and its participant is told.",
                "%(count)d certificates issued; their PDFs are being prepared and their participants are told.",
                len(issued),
            )
            % {"count": len(issued)},
        )
    return redirect("closing:certificates", slug=slug)


def _staff_certificate(request, slug, pk) -> tuple[Cohort, Certificate]:
    cohort = cohort_for_staff(request, slug)
    return cohort, get_object_or_404(
        Certificate.objects.select_related(person_path("owner", "participant")), participant__cohort=cohort, pk=pk
    )


@require_POST
@login_required
def certificate_revoke(request, slug, pk):
    _cohort, certificate = _staff_certificate(request, slug, pk)
    try:
        certificates.revoke_certificate(
            certificate, by=request.user, reason=posted_text(request, "reason", max_length=500)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Certificate %(number)s is revoked.") % {"number": certificate.number})
    return redirect("closing:certificates", slug=slug)


@require_POST
@login_required
def certificate_reissue(request, slug, pk):
    _cohort, certificate = _staff_certificate(request, slug, pk)
    try:
        new = certificates.reissue_certificate(
            certificate, by=request.user, reason=posted_text(request, "reason", max_length=500)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Certificate %(old)s is replaced by %(new)s.") % {"old": certificate.number, "new": new.number},
        )
    return redirect("closing:certificates", slug=slug)


@require_POST
@login_required
def certificate_archive(request, slug):
    """Ask for the valid certificates' PDFs in one ZIP, each named by its NIP, for SIASN."""
    cohort = cohort_for_staff(request, slug)
    job, created = request_job(Job.Kind.CERTIFICATE_ARCHIVE, cohort=cohort, by=request.user)
    return job_requested(request, job, created)


@login_required
def siasn_export(request, slug):
    """The national record: one row per valid certificate with exactly SIASN's fields (docs/siasn.md)."""
    cohort = cohort_for_staff(request, slug)
    training_type = grades.grade_book(cohort).training_type
    if not training_type:
        messages.error(request, _("Name the type of training SIASN records in the final grade's rules first."))
        return redirect("closing:certificates", slug=slug)
    return spreadsheet_response(
        f"siasn-{cohort.slug}",
        SIASN_HEADERS,
        siasn_rows(cohort, training_type),
        export_format(request) or "xlsx",
        title=_("Training history for SIASN: %(cohort)s") % {"cohort": cohort.name},
    )


@login_required
def certificate_pdf(request, pk):
    """A certificate's PDF, for its participant and the cohort's staff, as it was issued."""
    certificate = get_object_or_404(Certificate.objects.held_as(["owner", "staff"], request.user), pk=pk)
    if not certificate.pdf:
        return render(request, "closing/certificate_pending.html", {"certificate": certificate}, status=202)
    return private_file_response(certificate.pdf, f"sertifikat-{certificate.number}.pdf", "application/pdf")


@login_required
def my_certificates(request, slug):
    """A participant's own certificates in the cohort: the valid one to download, and those replaced or revoked."""
    cohort = get_object_or_404(member_cohorts(request.user), slug=slug)
    participant = cohort.participants.held_as("owner", request.user).first()
    if participant is None:
        raise Http404
    own = Certificate.objects.filter(participant=participant).select_related("replaced_by").order_by("-issued_at")
    return render(request, "closing/my_certificates.html", {"cohort": cohort, "certificates": own})
