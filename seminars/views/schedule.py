"""The schedule: building it, moving and swapping exposés, the printable agenda and the calendars."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import posted_id
from core.responses import download_response
from participants.access import cohort_for_staff
from participants.jobs import request_job
from participants.models import Job
from participants.organisations import require_head
from participants.rules import person_path
from participants.views.jobs import job_requested

from .. import services
from ..access import require_stage, seminar_for_member, seminar_for_staff, stages_of
from ..calendars import calendar_file
from ..documents import agenda_document
from ..forms import MoveForm
from ..models import Seminar, Slot


@login_required
def schedule(request, slug, stage=Seminar.Stage.DESIGN):
    cohort = cohort_for_staff(request, slug)
    require_stage(cohort, stage)
    seminar = cohort.seminars.filter(stage=stage).first()
    if seminar is None:
        return redirect("seminars:setup", slug=slug, stage=stage)
    rooms, rows, slots = services.schedule_grid(seminar)
    scheduled = set(seminar.slots.values_list("plan_id", flat=True))
    ready, not_ready = services.ready_plans(seminar)
    unplaced = [plan for plan in ready if plan.pk not in scheduled]
    ordered = sorted(slots.values(), key=lambda s: (s.starts_at, s.room.order))
    # The move form starts at the exposé the link chose (?move=), else the first: its room and time selected.
    chosen = request.GET.get("move", "")
    moving = next((s for s in ordered if str(s.pk) == chosen), ordered[0] if ordered else None)
    context = {
        "cohort": seminar.cohort,
        "seminar": seminar,
        "stage": stage,
        "stages": stages_of(cohort),
        "mentors_away": services.mentors_away(seminar, ordered),
        "rooms": rooms,
        "rows": rows,
        "slots": ordered,
        "moving": moving,
        "moving_start": timezone.localtime(moving.starts_at).isoformat() if moving else "",
        "unplaced": unplaced,
        "not_ready": list(not_ready.values()),
        "hand_placements": sum(1 for s in ordered if s.placed_by_hand and not s.pinned),
        "pinned": sum(1 for s in ordered if s.pinned),
        "problems": request.session.pop(f"schedule-problems-{seminar.pk}", []),
        "move_form": MoveForm(seminar=seminar, times=services.seminar_times(seminar)),
    }
    return render(request, "seminars/schedule.html", context)


@require_POST
@login_required
def schedule_build(request, slug, stage=Seminar.Stage.DESIGN):
    seminar = seminar_for_staff(request, slug, stage)
    result = services.schedule_seminar(seminar, by=request.user)
    request.session[f"schedule-problems-{seminar.pk}"] = result.problems
    messages.success(request, _("%(count)d exposés are scheduled.") % {"count": len(result.placements)})
    return redirect("seminars:schedule", slug=slug, stage=stage)


def _chosen_slot(seminar, request, name: str) -> Slot | None:
    """The exposé a form's field names, if it is one of this seminar's; a missing, forged or foreign number gives
    None."""
    pk = posted_id(request, name)
    if pk is None:
        return None
    return Slot.objects.filter(seminar=seminar, pk=pk).select_related("plan").first()


@require_POST
@login_required
def slot_move(request, slug, stage=Seminar.Stage.DESIGN):
    seminar = seminar_for_staff(request, slug, stage)
    slot = _chosen_slot(seminar, request, "slot")
    if slot is None:
        messages.error(request, _("Choose an exposé of this seminar."))
        return redirect("seminars:schedule", slug=slug, stage=stage)
    form = MoveForm(request.POST, seminar=seminar, times=services.seminar_times(seminar))
    if not form.is_valid():
        messages.error(request, _("Choose a room and a time of this seminar."))
    else:
        try:
            services.move_slot(
                slot, room=form.cleaned_data["room"], starts_at=form.cleaned_data["starts_at"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, _("Not moved: %(reasons)s") % {"reasons": " ".join(error.messages)})
        else:
            messages.success(request, _("%(title)s is moved.") % {"title": slot.plan.title})
    return redirect("seminars:schedule", slug=slug, stage=stage)


@require_POST
@login_required
def slot_swap(request, slug, stage=Seminar.Stage.DESIGN):
    seminar = seminar_for_staff(request, slug, stage)
    slot = _chosen_slot(seminar, request, "slot")
    other = _chosen_slot(seminar, request, "other")
    if slot is None or other is None or other.pk == slot.pk:
        messages.error(request, _("Choose another exposé of this seminar to swap with."))
        return redirect("seminars:schedule", slug=slug, stage=stage)
    try:
        services.swap_slots(slot, other, by=request.user)
    except ValidationError as error:
        messages.error(request, _("Not swapped: %(reasons)s") % {"reasons": " ".join(error.messages)})
    else:
        messages.success(request, _("The two exposés are swapped."))
    return redirect("seminars:schedule", slug=slug, stage=stage)


@require_POST
@login_required
def slot_pin(request, slug, stage=Seminar.Stage.DESIGN):
    """Pin an exposé where it stands, so a rebuild keeps it, or unpin it (the form says which: `action`)."""
    seminar = seminar_for_staff(request, slug, stage)
    slot = _chosen_slot(seminar, request, "slot")
    action = request.POST.get("action", "")
    if slot is None or action not in {"pin", "unpin"}:
        messages.error(request, _("Choose an exposé of this seminar."))
        return redirect("seminars:schedule", slug=slug, stage=stage)
    try:
        services.pin_slot(slot, pinned=action == "pin", by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if action == "pin":
            message = _("%(title)s is pinned: a rebuild of the schedule keeps it where it is.")
        else:
            message = _("%(title)s is no longer pinned.")
        messages.success(request, message % {"title": slot.plan.title})
    return redirect("seminars:schedule", slug=slug, stage=stage)


@login_required
def agenda(request, slug, stage=Seminar.Stage.DESIGN):
    """The printable A4 agenda: every exposé by room and time, with each room's panel."""
    seminar = seminar_for_member(request, slug, stage)
    context = {"cohort": seminar.cohort, "seminar": seminar, **services.agenda_of(seminar)}
    return render(request, "seminars/agenda.html", context)


@require_POST
@login_required
def agenda_pdf(request, slug, stage=Seminar.Stage.DESIGN):
    """Ask for the agenda as a landscape A4 PDF on the organisation's letterhead, signed by its head: the worker
    renders it, and the person is told when it is ready."""
    seminar = seminar_for_member(request, slug, stage)
    try:
        # The head signs the agenda: refused at once, not after a wait in the queue. The job checks again.
        require_head(seminar.cohort.organisation, document=_("agenda"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("seminars:agenda", slug=slug, stage=stage)
    with transaction.atomic():
        document, issued = agenda_document(seminar, by=request.user)
        params = {"seminar": seminar.pk} | ({"document": document.pk} if document else {})
        job, created = request_job(Job.Kind.AGENDA, cohort=seminar.cohort, by=request.user, params=params)
    if issued:
        if document.replaces_id:
            message = _(
                "The schedule changed since the agenda was last issued: revision %(revision)d is issued as number "
                "%(number)s, replacing number %(replaced)s."
            ) % {"revision": document.revision, "number": document.number, "replaced": document.replaces.number}
        else:
            message = _("The agenda is issued as number %(number)s.") % {"number": document.number}
        messages.info(request, message)
    return job_requested(request, job, created)


def _calendar(seminar, slots, name):
    return download_response(
        calendar_file(seminar, slots, name), f"seminar-{seminar.cohort.slug}.ics", "text/calendar; charset=utf-8"
    )


@login_required
def calendar_all(request, slug, stage=Seminar.Stage.DESIGN):
    seminar = seminar_for_member(request, slug, stage)
    slots = seminar.slots.select_related(person_path("owner", "plan__participant"), "room")
    return _calendar(seminar, slots, seminar.title)


@login_required
def calendar_mine(request, slug, stage=Seminar.Stage.DESIGN):
    """The exposés that concern the signed-in person: their own, their mentees', and their panel's."""
    seminar = seminar_for_member(request, slug, stage)
    slots = (
        (seminar.slots.held_as(["owner", "mentor"], request.user) | seminar.slots.before_panel_of(request.user))
        .select_related(person_path("owner", "plan__participant"), "room")
        .distinct()
    )
    return _calendar(seminar, slots, f"{seminar.title} — {request.user.full_name}")
