"""A cohort's people, for its staff: participants (with their plans), mentors and examiners, each with their page;
invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.editing import EditConflict, Gone
from core.pages import export_format, page_of
from innovations.models import ActionPlan
from participants import services
from participants.access import cohort_for_staff
from participants.audit import events_of
from participants.forms import (
    ExaminerEditForm,
    ExaminerForm,
    MentorEditForm,
    MentorForm,
    ParticipantEditForm,
    ParticipantMentorForm,
    ReplaceMentorForm,
    WithdrawForm,
)
from participants.models import Examiner, Mentor, Participant, User
from participants.rules import people_in_cohort, person_path

from .. import services as portal_services
from ..people_lists import EXAMINERS, MENTORS, PARTICIPANTS, PeopleList


def people_list(request, slug, people: PeopleList):
    """A list of the cohort's people, filtered and paged, or (?format=) exported with its declared columns."""
    cohort = cohort_for_staff(request, slug)
    if not people.offered(cohort):
        raise Http404
    found = people.filter(request.GET, queryset=people.rows(cohort), cohort=cohort)
    if fmt := export_format(request):
        return people.exporter.response(
            found.qs, fmt, name=f"{people.filename}-{cohort.slug}", title=people.export_title(cohort)
        )
    context = {"cohort": cohort, "filter": found, "page": page_of(request, found.qs), "people_list": people}
    return render(request, people.template, context)


@login_required
def participant_list(request, slug):
    return people_list(request, slug, PARTICIPANTS)


@login_required
def participant_mentor(request, slug, pk):
    cohort = cohort_for_staff(request, slug)
    participant = get_object_or_404(
        Participant.objects.select_related("user", person_path("mentor"), "superior__user"), cohort=cohort, pk=pk
    )
    initial = {"mentor": participant.mentor if participant.mentor_assigned_by_staff else None}
    form = ParticipantMentorForm(request.POST or None, cohort=cohort, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_mentor(participant, mentor=form.cleaned_data["mentor"], by=request.user)
        participant.refresh_from_db()
        messages.success(
            request,
            _("%(participant)s's mentor is now %(mentor)s.")
            % {
                "participant": participant.user.full_name,
                "mentor": participant.mentor.user.full_name if participant.mentor else _("nobody"),
            },
        )
        return redirect("portal:participant_list", slug=cohort.slug)
    return render(
        request, "portal/participant_mentor.html", {"cohort": cohort, "participant": participant, "form": form}
    )


@login_required
def mentor_list(request, slug):
    return people_list(request, slug, MENTORS)


@login_required
def mentor_create(request, slug):
    cohort = cohort_for_staff(request, slug)
    return add_person_page(
        request,
        cohort,
        MentorForm(request.POST or None, cohort=cohort),
        services.add_mentor,
        fields=("kecamatan", "position", "grade", "full_name", "nip", "email"),
        title=_("Add a mentor"),
        added=_("%(name)s is now a mentor."),
        duplicate=_("This person is already a mentor in this cohort."),
        listed="portal:mentor_list",
    )


def add_person_page(request, cohort, form, add, *, fields, title, added, duplicate, listed):
    """The page that adds a mentor, examiner or coach to the cohort by `add` (a service taking the cohort, `by` and
    the form's `fields`): a refusal or the same person added by another request in the same instant is said on the
    form, nothing written."""
    if request.method == "POST" and form.is_valid():
        try:
            person = add(cohort, by=request.user, **{name: form.cleaned_data[name] for name in fields})
        except ValidationError as error:
            form.add_error(None, error)
        except IntegrityError:
            form.add_error(None, duplicate)
        else:
            messages.success(request, added % {"name": person.user.full_name})
            return redirect(listed, slug=cohort.slug)
    return render(request, "portal/person_form.html", {"cohort": cohort, "form": form, "title": title})


@login_required
def examiner_list(request, slug):
    return people_list(request, slug, EXAMINERS)


@login_required
def examiner_create(request, slug):
    return add_person_page(
        request,
        cohort_for_staff(request, slug),
        ExaminerForm(request.POST or None),
        services.add_examiner,
        fields=("institution", "position", "grade", "full_name", "nip", "email"),
        title=_("Add an examiner"),
        added=_("%(name)s is now an examiner."),
        duplicate=_("This person is already an examiner in this cohort."),
        listed="portal:examiner_list",
    )


@require_POST
@login_required
def examiner_remove(request, slug, pk):
    cohort = cohort_for_staff(request, slug)
    examiner = get_object_or_404(Examiner.objects.select_related("user"), cohort=cohort, pk=pk)
    name = examiner.user.full_name
    try:
        with transaction.atomic():
            services.remove_examiner(examiner, by=request.user)
    except ProtectedError:
        messages.error(
            request, _("%(name)s has scored plans or signs an agreement, so stays an examiner.") % {"name": name}
        )
    else:
        messages.success(request, _("%(name)s is no longer an examiner of this cohort.") % {"name": name})
    return redirect("portal:examiner_list", slug=cohort.slug)


@require_POST
@login_required
def invite(request, slug, user_pk):
    cohort = cohort_for_staff(request, slug)
    person = get_object_or_404(User.objects.filter(people_in_cohort(cohort)), pk=user_pk)
    if not person.email:
        messages.error(
            request, _("%(name)s has no e-mail address to send the invitation to.") % {"name": person.full_name}
        )
    else:
        services.invite_people(cohort, [person], by=request.user)
        messages.success(request, _("The invitation is sent to %(email)s.") % {"email": person.email})
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("portal:cohort_detail", slug=cohort.slug)


@require_POST
@login_required
def invite_pending(request, slug):
    cohort = cohort_for_staff(request, slug)
    pending = User.objects.filter(people_in_cohort(cohort), last_login__isnull=True, email__isnull=False)
    count = services.invite_people(cohort, pending, by=request.user)
    messages.success(request, _("%(count)d invitations sent.") % {"count": count})
    return redirect("portal:cohort_detail", slug=cohort.slug)


# Each person's page: their data, edited with the roster's rules; withdrawing, replacing, removing ------------------


def _participant(cohort, pk) -> Participant:
    return get_object_or_404(
        Participant.objects.select_related(
            "user", "cohort", "kecamatan", "kelurahan", person_path("mentor"), person_path("coach"), "superior__user"
        ),
        cohort=cohort,
        pk=pk,
    )


def saved_meanwhile(what: str) -> str:
    """What a page edited at length says when someone else saved it after it was opened (core.editing)."""
    return _(
        "%(what)s was saved by someone else after you opened this page, so your changes were not saved. "
        "They are still below: note them, then reload the page to see the newer version."
    ) % {"what": what}


def _edit_page(request, cohort, role, form_class, save, detail: str):
    """The edit page of one person's data: saved through its service if the page was opened at the role's
    version. A stale copy is refused with the conflict message (409), a NIP, e-mail address or number someone else
    has comes back on the form; nothing is written then."""
    form = form_class(request.POST or None, role=role)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                save(role, version=data["version"], person=form.person, fields=form.role_fields, by=request.user)
        except Gone as error:  # removed by someone else while this save waited: the list shows what stands
            messages.error(request, " ".join(error.messages))
            return redirect(detail.replace("_detail", "_list"), slug=cohort.slug)
        except EditConflict:
            messages.error(request, saved_meanwhile(role.user.full_name))
            status = 409
        except ValidationError as error:
            form.add_error(None, error)
        except IntegrityError:  # a NIP or an address taken in the same instant by another request
            form.add_error(None, _("Someone else took this NIP or e-mail address just now. Check it and save again."))
        else:
            messages.success(request, _("%(name)s's data is saved.") % {"name": data["full_name"]})
            return redirect(detail, slug=cohort.slug, pk=role.pk)
    context = {"cohort": cohort, "person": role, "form": form, "back": detail}
    return render(request, "portal/person_edit.html", context, status=status)


@login_required
def participant_detail(request, slug, pk):
    cohort = cohort_for_staff(request, slug)
    participant = _participant(cohort, pk)
    plans = list(participant.plans.select_related("cluster").defer(*ActionPlan.SECTIONS))
    context = {
        "cohort": cohort,
        "participant": participant,
        "plans": plans,
        # The page asks, never decides: a participant whose plan is agreed can no longer be withdrawn.
        "can_withdraw": not participant.is_withdrawn
        and not any(plan.state in ActionPlan.State.AGREED_OR_LATER for plan in plans),
        "withdraw_form": WithdrawForm(),
        "events": events_of(participant).order_by("-at", "-pk")[:20],
    }
    return render(request, "portal/participant_detail.html", context)


@login_required
def participant_edit(request, slug, pk):
    cohort = cohort_for_staff(request, slug)
    participant = _participant(cohort, pk)
    return _edit_page(
        request, cohort, participant, ParticipantEditForm, services.edit_participant, "portal:participant_detail"
    )


@require_POST
@login_required
def participant_withdraw(request, slug, pk):
    cohort = cohort_for_staff(request, slug)
    participant = _participant(cohort, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the participant is withdrawn: write a reason."))
    else:
        try:
            portal_services.withdraw_participant(participant, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is withdrawn: their plan left the schedule and the scoring.")
                % {"name": participant.user.full_name},
            )
    return redirect("portal:participant_detail", slug=cohort.slug, pk=participant.pk)


@require_POST
@login_required
def participant_restore(request, slug, pk):
    cohort = cohort_for_staff(request, slug)
    participant = _participant(cohort, pk)
    try:
        portal_services.restore_participant(participant, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is a participant again; an approved plan needs a slot in the schedule.")
            % {"name": participant.user.full_name},
        )
    return redirect("portal:participant_detail", slug=cohort.slug, pk=participant.pk)


def _mentor(cohort, pk) -> Mentor:
    return get_object_or_404(Mentor.objects.select_related("user", "cohort", "kecamatan"), cohort=cohort, pk=pk)


def _posted_mentor(request, cohort, pk) -> Mentor | None:
    """The mentor a form is about; None for a POST about one who is gone (a double click on "remove", two organisers
    replacing the same Camat), which `_mentor_gone` answers. A GET for a mentor who is not there is a 404."""
    mentor = Mentor.objects.select_related("user", "cohort", "kecamatan").filter(cohort=cohort, pk=pk).first()
    if mentor is None and request.method != "POST":
        raise Http404
    return mentor


def _mentor_gone(request, cohort):
    messages.error(request, portal_services.MENTOR_GONE)
    return redirect("portal:mentor_list", slug=cohort.slug)


@login_required
def mentor_detail(request, slug, pk):
    cohort = cohort_for_staff(request, slug)
    mentor = _mentor(cohort, pk)
    return guide_page(request, cohort, mentor, mentor.mentees, role="mentor", called="mentees")


def guide_page(request, cohort, guide, people, *, role: str, called: str):
    """A mentor's or a coach's page (`role`): who they are, the participants they guide (`people`, as the template
    calls them) with their plans, and their last events."""
    context = {
        "cohort": cohort,
        role: guide,
        called: people.select_related("user")
        .prefetch_related(Prefetch("plans", queryset=ActionPlan.objects.defer(*ActionPlan.SECTIONS)))
        .order_by("roll_number"),
        "events": events_of(guide).order_by("-at", "-pk")[:20],
    }
    return render(request, f"portal/{role}_detail.html", context)


@login_required
def mentor_edit(request, slug, pk):
    cohort = cohort_for_staff(request, slug)
    mentor = _posted_mentor(request, cohort, pk)
    if mentor is None:
        return _mentor_gone(request, cohort)
    return _edit_page(request, cohort, mentor, MentorEditForm, services.edit_mentor, "portal:mentor_detail")


@login_required
def mentor_replace(request, slug, pk):
    cohort = cohort_for_staff(request, slug)
    mentor = _posted_mentor(request, cohort, pk)
    if mentor is None:
        return _mentor_gone(request, cohort)
    form = ReplaceMentorForm(request.POST or None, initial={"position": mentor.position})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            successor = portal_services.replace_mentor(
                mentor,
                by=request.user,
                position=data["position"],
                grade=data["grade"],
                full_name=data["full_name"],
                nip=data["nip"],
                email=data["email"],
            )
        except Gone:
            return _mentor_gone(request, cohort)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(new)s takes over from %(old)s; the mentees are told.")
                % {"new": successor.user.full_name, "old": mentor.user.full_name},
            )
            return redirect("portal:mentor_detail", slug=cohort.slug, pk=successor.pk)
    context = {"cohort": cohort, "mentor": mentor, "form": form, "mentee_count": mentor.mentees.count()}
    return render(request, "portal/mentor_replace.html", context)


@require_POST
@login_required
def mentor_remove(request, slug, pk):
    cohort = cohort_for_staff(request, slug)
    mentor = _posted_mentor(request, cohort, pk)
    if mentor is None:
        return _mentor_gone(request, cohort)
    name = mentor.user.full_name
    try:
        without = portal_services.remove_mentor(mentor, by=request.user)
    except Gone:
        return _mentor_gone(request, cohort)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:mentor_detail", slug=cohort.slug, pk=mentor.pk)
    if without:
        messages.warning(
            request,
            ngettext(
                "%(name)s is no longer a mentor; %(count)d participant now has no mentor.",
                "%(name)s is no longer a mentor; %(count)d participants now have no mentor.",
                without,
            )
            % {"name": name, "count": without},
        )
    else:
        messages.success(request, _("%(name)s is no longer a mentor of this cohort.") % {"name": name})
    return redirect("portal:mentor_list", slug=cohort.slug)


def _examiner(cohort, pk) -> Examiner:
    return get_object_or_404(Examiner.objects.select_related("user", "cohort"), cohort=cohort, pk=pk)


@login_required
def examiner_detail(request, slug, pk):
    cohort = cohort_for_staff(request, slug)
    examiner = _examiner(cohort, pk)
    sheets = examiner.score_sheets.select_related(person_path("owner", "plan__participant")).order_by(
        "plan__participant__roll_number"
    )
    context = {
        "cohort": cohort,
        "examiner": examiner,
        "sheets": sheets,
        "events": events_of(examiner).order_by("-at", "-pk")[:20],
    }
    return render(request, "portal/examiner_detail.html", context)


@login_required
def examiner_edit(request, slug, pk):
    cohort = cohort_for_staff(request, slug)
    examiner = _examiner(cohort, pk)
    return _edit_page(request, cohort, examiner, ExaminerEditForm, services.edit_examiner, "portal:examiner_detail")
