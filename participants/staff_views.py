"""Pages where organiser staff run a cohort: the cohort itself, its people and the roster import."""

import re
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Prefetch, ProtectedError, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovations.models import ActionPlan

from . import services
from .exports import spreadsheet_response
from .filters import ExaminerFilter, MentorFilter, ParticipantFilter
from .forms import (
    ClusterFormSet,
    CohortForm,
    ExaminerForm,
    MentorForm,
    ParticipantMentorForm,
    RosterUploadForm,
)
from .importer import RosterFileError, import_roster, read_roster
from .models import Cohort, Examiner, Mentor, Participant, User

PAGE_SIZE = 50


def cohort_for_staff(request, slug) -> Cohort:
    """The cohort if the signed-in person organises it; a 404 for everyone else."""
    return get_object_or_404(Cohort.objects.run_by(request.user), slug=slug)


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _export_format(request) -> str | None:
    fmt = request.GET.get("format")
    return fmt if fmt in ("xlsx", "csv") else None


# Cohorts --------------------------------------------------------------------------------------


@login_required
def cohort_list(request):
    # Counted per row by a subquery, so that only the cohorts of the page shown are counted.
    participants = Participant.objects.filter(cohort=OuterRef("pk")).order_by().values("cohort")
    cohorts = Cohort.objects.run_by(request.user).annotate(
        participant_count=Coalesce(Subquery(participants.annotate(n=Count("pk")).values("n")), 0)
    )
    if not request.user.is_staff and not cohorts.exists():
        raise Http404
    page = _page(request, cohorts)
    return render(request, "participants/cohort_list.html", {"cohorts": page, "page": page})


@login_required
def cohort_create(request):
    if not request.user.is_staff:
        raise Http404
    return _cohort_form(request, Cohort())


@login_required
def cohort_edit(request, slug):
    return _cohort_form(request, cohort_for_staff(request, slug))


def _cohort_form(request, cohort):
    form = CohortForm(request.POST or None, instance=cohort)
    clusters = ClusterFormSet(request.POST or None, instance=cohort, prefix="clusters") if cohort.pk else None
    if request.method == "POST" and form.is_valid() and (clusters is None or clusters.is_valid()):
        with transaction.atomic():
            cohort = services.save_cohort(
                form.save(commit=False),
                by=request.user,
                seminar_title=form.cleaned_data["seminar_title"],
                seminar_date=form.cleaned_data["seminar_date"],
                seminar_venue=form.cleaned_data["seminar_venue"],
            )
            if clusters is not None:
                clusters.save()
        messages.success(request, _("The cohort %(name)s is saved.") % {"name": cohort.name})
        return redirect("cohort_detail", slug=cohort.slug)
    return render(request, "participants/cohort_form.html", {"form": form, "clusters": clusters, "cohort": cohort})


@login_required
def cohort_detail(request, slug):
    cohort = cohort_for_staff(request, slug)
    people = Participant.objects.filter(cohort=cohort)
    context = {
        "cohort": cohort,
        "participant_count": people.count(),
        "unmentored": people.filter(mentor__isnull=True).select_related("user", "kecamatan")[:50],
        "mentor_count": cohort.mentors.count(),
        "examiner_count": cohort.examiners.count(),
        "not_signed_in": User.objects.filter(_in_cohort(cohort), last_login__isnull=True).count(),
        "clusters": cohort.clusters.all(),
        "seminar": cohort.seminars.first(),
    }
    return render(request, "participants/cohort_detail.html", context)


def _in_cohort(cohort) -> Q:
    """The people of a cohort, as one list of ids from its three role tables: a join of those tables, or three
    lists joined by OR, made PostgreSQL read every role of every cohort."""
    people = (
        Participant.objects.filter(cohort=cohort)
        .values("user")
        .order_by()
        .union(
            Mentor.objects.filter(cohort=cohort).values("user").order_by(),
            Examiner.objects.filter(cohort=cohort).values("user").order_by(),
        )
    )
    return Q(pk__in=people)


# People ---------------------------------------------------------------------------------------


@login_required
def participant_list(request, slug):
    cohort = cohort_for_staff(request, slug)
    queryset = (
        Participant.objects.filter(cohort=cohort)
        .select_related("user", "kecamatan", "mentor__user")
        .prefetch_related(Prefetch("plans", queryset=ActionPlan.objects.select_related("cluster")))
        .order_by("roll_number")
    )
    people = ParticipantFilter(request.GET, queryset=queryset, cohort=cohort)
    if fmt := _export_format(request):
        return spreadsheet_response(
            f"peserta-{cohort.slug}",
            [
                _("NDH"),
                _("Name"),
                _("NIP"),
                _("Rank"),
                _("Position"),
                _("Work unit"),
                _("Kecamatan"),
                _("E-mail"),
                _("Phone"),
                _("Mentor"),
                _("Cluster"),
                _("Action plan"),
                _("State"),
                _("Signed in"),
            ],
            (
                [
                    p.roll_number,
                    p.user.full_name,
                    p.user.nip,
                    p.grade_display,
                    p.position,
                    p.work_unit,
                    p.kecamatan or "",
                    p.user.email or "",
                    p.user.phone,
                    p.mentor.user.full_name if p.mentor else "",
                    *_plan_columns(p),
                    _("yes") if p.user.last_login else _("no"),
                ]
                for p in people.qs
            ),
            fmt,
        )
    return render(
        request,
        "participants/participant_list.html",
        {"cohort": cohort, "filter": people, "page": _page(request, people.qs)},
    )


def _plan_columns(participant) -> list[str]:
    plans = list(participant.plans.all())
    if not plans:
        return ["", "", ""]
    plan = plans[-1]
    return [plan.cluster.name if plan.cluster else "", plan.title, plan.get_state_display()]


@login_required
def participant_mentor(request, slug, pk):
    cohort = cohort_for_staff(request, slug)
    participant = get_object_or_404(Participant.objects.select_related("user", "mentor__user"), cohort=cohort, pk=pk)
    initial = {"mentor": participant.mentor if participant.mentor_assigned_by_staff else None}
    form = ParticipantMentorForm(request.POST or None, cohort=cohort, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_mentor(participant, mentor=form.cleaned_data["mentor"])
        participant.refresh_from_db()
        messages.success(
            request,
            _("%(participant)s's mentor is now %(mentor)s.")
            % {
                "participant": participant.user.full_name,
                "mentor": participant.mentor.user.full_name if participant.mentor else _("nobody"),
            },
        )
        return redirect("participant_list", slug=cohort.slug)
    return render(
        request, "participants/participant_mentor.html", {"cohort": cohort, "participant": participant, "form": form}
    )


@login_required
def mentor_list(request, slug):
    cohort = cohort_for_staff(request, slug)
    queryset = (
        Mentor.objects.filter(cohort=cohort)
        .select_related("user", "kecamatan")
        .annotate(mentee_count=Count("mentees"))
        .order_by("kecamatan__name")
    )
    mentors = MentorFilter(request.GET, queryset=queryset, cohort=cohort)
    if fmt := _export_format(request):
        return spreadsheet_response(
            f"mentor-{cohort.slug}",
            [_("Kecamatan"), _("Name"), _("NIP"), _("Position"), _("E-mail"), _("Mentees"), _("Signed in")],
            (
                [
                    m.kecamatan.name,
                    m.user.full_name,
                    m.user.nip or "",
                    m.position,
                    m.user.email or "",
                    m.mentee_count,
                    _("yes") if m.user.last_login else _("no"),
                ]
                for m in mentors.qs
            ),
            fmt,
        )
    context = {"cohort": cohort, "filter": mentors, "page": _page(request, mentors.qs)}
    return render(request, "participants/mentor_list.html", context)


@login_required
def mentor_create(request, slug):
    cohort = cohort_for_staff(request, slug)
    form = MentorForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mentor = services.add_mentor(
                cohort,
                kecamatan=data["kecamatan"],
                position=data["position"],
                full_name=data["full_name"],
                nip=data["nip"],
                email=data["email"],
            )
        except IntegrityError:
            form.add_error(None, _("This person is already a mentor in this cohort."))
        else:
            messages.success(request, _("%(name)s is now a mentor.") % {"name": mentor.user.full_name})
            return redirect("mentor_list", slug=cohort.slug)
    return render(
        request, "participants/person_form.html", {"cohort": cohort, "form": form, "title": _("Add a mentor")}
    )


@login_required
def examiner_list(request, slug):
    cohort = cohort_for_staff(request, slug)
    queryset = Examiner.objects.filter(cohort=cohort).select_related("user").order_by("user__full_name")
    examiners = ExaminerFilter(request.GET, queryset=queryset)
    if fmt := _export_format(request):
        return spreadsheet_response(
            f"penguji-{cohort.slug}",
            [_("Name"), _("NIP"), _("Position"), _("Institution"), _("E-mail"), _("Signed in")],
            (
                [
                    e.user.full_name,
                    e.user.nip or "",
                    e.position,
                    e.institution,
                    e.user.email or "",
                    _("yes") if e.user.last_login else _("no"),
                ]
                for e in examiners.qs
            ),
            fmt,
        )
    context = {"cohort": cohort, "filter": examiners, "page": _page(request, examiners.qs)}
    return render(request, "participants/examiner_list.html", context)


@login_required
def examiner_create(request, slug):
    cohort = cohort_for_staff(request, slug)
    form = ExaminerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        examiner = services.add_examiner(
            cohort,
            institution=data["institution"],
            position=data["position"],
            full_name=data["full_name"],
            nip=data["nip"],
            email=data["email"],
        )
        messages.success(request, _("%(name)s is now an examiner.") % {"name": examiner.user.full_name})
        return redirect("examiner_list", slug=cohort.slug)
    return render(
        request, "participants/person_form.html", {"cohort": cohort, "form": form, "title": _("Add an examiner")}
    )


@require_POST
@login_required
def examiner_remove(request, slug, pk):
    cohort = cohort_for_staff(request, slug)
    examiner = get_object_or_404(Examiner.objects.select_related("user"), cohort=cohort, pk=pk)
    name = examiner.user.full_name
    try:
        with transaction.atomic():
            examiner.delete()
    except ProtectedError:
        messages.error(
            request, _("%(name)s has scored plans or signs an agreement, so stays an examiner.") % {"name": name}
        )
    else:
        messages.success(request, _("%(name)s is no longer an examiner of this cohort.") % {"name": name})
    return redirect("examiner_list", slug=cohort.slug)


@require_POST
@login_required
def invite(request, slug, user_pk):
    cohort = cohort_for_staff(request, slug)
    person = get_object_or_404(User.objects.filter(_in_cohort(cohort)), pk=user_pk)
    if not person.email:
        messages.error(
            request, _("%(name)s has no e-mail address to send the invitation to.") % {"name": person.full_name}
        )
    else:
        services.send_invitations([person])
        messages.success(request, _("The invitation is sent to %(email)s.") % {"email": person.email})
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("cohort_detail", slug=cohort.slug)


@require_POST
@login_required
def invite_pending(request, slug):
    cohort = cohort_for_staff(request, slug)
    pending = User.objects.filter(_in_cohort(cohort), last_login__isnull=True, email__isnull=False)
    count = services.send_invitations(pending)
    messages.success(request, _("%(count)d invitations sent.") % {"count": count})
    return redirect("cohort_detail", slug=cohort.slug)


class WelcomeView(PasswordResetConfirmView):
    """The invitation link: a new person chooses their password, once."""

    template_name = "registration/welcome.html"
    success_url = reverse_lazy("password_reset_complete")


# Roster import --------------------------------------------------------------------------------

UPLOAD_TOKEN = re.compile(r"^[0-9a-f]{32}$")
UPLOAD_LIFETIME = 24 * 3600


def _upload_path(cohort, token) -> Path:
    if not UPLOAD_TOKEN.match(token):
        raise Http404
    return Path(settings.MEDIA_ROOT) / "imports" / str(cohort.pk) / f"{token}.upload"


@login_required
def roster_upload(request, slug):
    """Step 1: the file is kept aside, outside the database, until staff confirm the preview."""
    cohort = cohort_for_staff(request, slug)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            read_roster(cohort, data)
        except RosterFileError as error:
            form.add_error("file", str(error))
        else:
            token = uuid.uuid4().hex
            path = _upload_path(cohort, token)
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob("*.upload"):
                if old.stat().st_mtime < time.time() - UPLOAD_LIFETIME:
                    old.unlink(missing_ok=True)
            path.write_bytes(data)
            return redirect("roster_preview", slug=cohort.slug, token=token)
    return render(request, "participants/roster_upload.html", {"cohort": cohort, "form": form})


@login_required
def roster_preview(request, slug, token):
    """Step 2: every row as new, updated, unchanged or error. Nothing is written."""
    cohort = cohort_for_staff(request, slug)
    path = _upload_path(cohort, token)
    if not path.exists():
        messages.info(request, _("This import was already confirmed or has expired. Upload the file again."))
        return redirect("roster_upload", slug=cohort.slug)
    preview = read_roster(cohort, path.read_bytes())
    status = request.GET.get("status")
    rows = [row for row in preview.rows if row.status == status] if status else preview.rows
    context = {
        "cohort": cohort,
        "preview": preview,
        "token": token,
        "status": status,
        "page": _page(request, rows, 200),
    }
    return render(request, "participants/roster_preview.html", context)


@require_POST
@login_required
def roster_confirm(request, slug, token):
    """Step 3: the valid rows are written in one transaction; the file is then forgotten."""
    cohort = cohort_for_staff(request, slug)
    path = _upload_path(cohort, token)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        messages.info(request, _("This import was already confirmed or has expired. Upload the file again."))
        return redirect("participant_list", slug=cohort.slug)
    try:
        preview = import_roster(cohort, data)
    except IntegrityError:
        messages.error(request, _("Someone changed this roster at the same moment. Check the preview again."))
        return redirect("roster_preview", slug=cohort.slug, token=token)
    path.unlink(missing_ok=True)
    messages.success(request, _("Roster imported: %(summary)s.") % {"summary": preview.summary})
    return redirect(reverse("participant_list", kwargs={"slug": cohort.slug}))


@login_required
def audit(request, slug):
    """Every plan transition, score submission and reopening, and signature of a cohort, newest first."""
    from innovations.models import PlanEvent
    from seminars.models import ScoreEvent, Signature

    cohort = cohort_for_staff(request, slug)
    entries = [
        (
            event.at,
            event.actor,
            event.plan,
            _("%(from)s → %(to)s") % {"from": event.get_from_state_display(), "to": event.get_to_state_display()},
            event.note,
        )
        for event in PlanEvent.objects.filter(plan__participant__cohort=cohort).select_related("actor", "plan")
    ]
    entries += [
        (
            event.at,
            event.actor,
            event.sheet.plan,
            _("Score sheet %(action)s") % {"action": event.get_action_display().lower()},
            event.reason or (_("Total %(total)s") % {"total": event.total} if event.total is not None else ""),
        )
        for event in ScoreEvent.objects.filter(sheet__plan__participant__cohort=cohort).select_related(
            "actor", "sheet__plan"
        )
    ]
    entries += [
        (
            signature.signed_at,
            signature.user,
            signature.agreement.plan,
            _("Signed the agreement as %(role)s") % {"role": signature.get_role_display().lower()},
            signature.ip_address or "",
        )
        for signature in Signature.objects.filter(agreement__plan__participant__cohort=cohort).select_related(
            "user", "agreement__plan"
        )
    ]
    entries.sort(key=lambda entry: entry[0], reverse=True)
    return render(request, "participants/audit.html", {"cohort": cohort, "page": _page(request, entries, 100)})
