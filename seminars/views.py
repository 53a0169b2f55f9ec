from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from participants.exports import spreadsheet_response
from participants.models import Cohort, Examiner, Mentor, Participant
from participants.staff_views import cohort_for_staff

from . import scoring, services
from .forms import (
    BandFormSet,
    BreakFormSet,
    CriterionFormSet,
    MoveForm,
    ReopenForm,
    RoomFormSet,
    ScoreForm,
    SeminarForm,
)
from .models import Panel, ScoreSheet, Seminar, Slot


def _seminar_for_staff(request, slug) -> Seminar:
    seminar = cohort_for_staff(request, slug).seminars.first()
    if seminar is None:
        raise Http404
    return seminar


def _seminar_for_member(request, slug) -> Seminar:
    """Staff, participants, mentors and examiners of the cohort may read its seminar's agenda."""
    user = request.user
    # One subquery per role, each on its own index; joining all four tables at once scanned every participant.
    cohorts = Cohort.objects.filter(
        Q(pk__in=Cohort.objects.run_by(user).values("pk"))
        | Q(pk__in=Participant.objects.filter(user=user).values("cohort"))
        | Q(pk__in=Mentor.objects.filter(user=user).values("cohort"))
        | Q(pk__in=Examiner.objects.filter(user=user).values("cohort"))
    )
    seminar = Seminar.objects.filter(cohort__in=cohorts, cohort__slug=slug).select_related("cohort").first()
    if seminar is None:
        raise Http404
    return seminar


@login_required
def seminar_setup(request, slug):
    cohort = cohort_for_staff(request, slug)
    seminar = cohort.seminars.first() or Seminar(cohort=cohort, title=cohort.training_title, date=cohort.end_date)
    examiners = cohort.examiners.select_related("user")
    data = request.POST or None
    form = SeminarForm(data, instance=seminar)
    breaks = BreakFormSet(data, instance=seminar, prefix="breaks")
    rooms = RoomFormSet(data, instance=seminar, prefix="rooms", examiners=examiners)
    if request.method == "POST" and form.is_valid() and breaks.is_valid() and rooms.is_valid():
        with transaction.atomic():
            breaks.instance = rooms.instance = form.save()
            breaks.save()
            rooms.save()
            for room_form in rooms.forms:
                if room_form.instance.pk and not room_form.cleaned_data.get("DELETE"):
                    panel, _created = Panel.objects.get_or_create(room=room_form.instance)
                    panel.examiners.set(room_form.cleaned_data.get("examiners", []))
        messages.success(request, _("The seminar is saved."))
        return redirect("seminars:schedule", slug=slug)
    context = {"cohort": cohort, "seminar": seminar, "form": form, "breaks": breaks, "rooms": rooms}
    return render(request, "seminars/seminar_setup.html", context)


def _grid(seminar):
    """Rows of the schedule: (start, end, [slot or None for each room])."""
    rooms = list(seminar.rooms.all())
    slots = {
        (slot.room_id, slot.starts_at): slot
        for slot in seminar.slots.select_related("plan__participant__user", "plan__cluster", "room")
    }
    rows = []
    for start, end in services.seminar_times(seminar):
        cells = [slots.get((room.pk, start)) for room in rooms]
        rows.append((start, end, cells))
    return rooms, rows, slots


@login_required
def schedule(request, slug):
    seminar = cohort_for_staff(request, slug).seminars.first()
    if seminar is None:
        return redirect("seminars:setup", slug=slug)
    rooms, rows, slots = _grid(seminar)
    scheduled = set(seminar.slots.values_list("plan_id", flat=True))
    unplaced = [plan for plan in services.schedulable_plans(seminar) if plan.pk not in scheduled]
    context = {
        "cohort": seminar.cohort,
        "seminar": seminar,
        "rooms": rooms,
        "rows": rows,
        "slots": sorted(slots.values(), key=lambda s: (s.starts_at, s.room.order)),
        "unplaced": unplaced,
        "problems": request.session.pop(f"schedule-problems-{seminar.pk}", []),
        "move_form": MoveForm(seminar=seminar, times=services.seminar_times(seminar)),
    }
    return render(request, "seminars/schedule.html", context)


@require_POST
@login_required
def schedule_build(request, slug):
    seminar = _seminar_for_staff(request, slug)
    result = services.schedule_seminar(seminar)
    request.session[f"schedule-problems-{seminar.pk}"] = result.problems
    messages.success(request, _("%(count)d exposés are scheduled.") % {"count": len(result.placements)})
    return redirect("seminars:schedule", slug=slug)


@require_POST
@login_required
def slot_move(request, slug, pk):
    seminar = _seminar_for_staff(request, slug)
    slot = get_object_or_404(Slot, seminar=seminar, pk=pk)
    form = MoveForm(request.POST, seminar=seminar, times=services.seminar_times(seminar))
    if not form.is_valid():
        messages.error(request, _("Choose a room and a time of this seminar."))
    else:
        try:
            services.move_slot(slot, room=form.cleaned_data["room"], starts_at=form.cleaned_data["starts_at"])
        except ValidationError as error:
            messages.error(request, _("Not moved: %(reasons)s") % {"reasons": " ".join(error.messages)})
        else:
            messages.success(request, _("%(title)s is moved.") % {"title": slot.plan.title})
    return redirect("seminars:schedule", slug=slug)


@require_POST
@login_required
def slot_swap(request, slug, pk):
    seminar = _seminar_for_staff(request, slug)
    slot = get_object_or_404(Slot, seminar=seminar, pk=pk)
    other = Slot.objects.filter(seminar=seminar, pk=request.POST.get("other")).first()
    if other is None or other.pk == slot.pk:
        messages.error(request, _("Choose another exposé of this seminar to swap with."))
        return redirect("seminars:schedule", slug=slug)
    try:
        services.swap_slots(slot, other)
    except ValidationError as error:
        messages.error(request, _("Not swapped: %(reasons)s") % {"reasons": " ".join(error.messages)})
    else:
        messages.success(request, _("The two exposés are swapped."))
    return redirect("seminars:schedule", slug=slug)


@login_required
def agenda(request, slug):
    """The printable A4 agenda: every exposé by room and time, with each room's panel."""
    seminar = _seminar_for_member(request, slug)
    rooms, rows, _slots = _grid(seminar)
    panels = {
        room.pk: [e.user.full_name for e in room.panel.examiners.all()] if hasattr(room, "panel") else []
        for room in seminar.rooms.prefetch_related("panel__examiners__user")
    }
    context = {
        "cohort": seminar.cohort,
        "seminar": seminar,
        "rooms": rooms,
        "rows": rows,
        "panels": [panels.get(room.pk, []) for room in rooms],
        "breaks": seminar.breaks.all(),
    }
    return render(request, "seminars/agenda.html", context)


def _calendar(seminar, slots, name) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", "-//Inovasi//Seminar//ID")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for slot in slots:
        event = Event()
        event.add("uid", f"slot-{slot.pk}@inovasi")
        event.add("summary", f"{slot.plan.participant.user.full_name}: {slot.plan.title}")
        event.add("dtstart", slot.starts_at)
        event.add("dtend", slot.ends_at)
        event.add("location", f"{slot.room.name}, {seminar.venue}")
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="seminar-{seminar.cohort.slug}.ics"'
    return response


@login_required
def calendar_all(request, slug):
    seminar = _seminar_for_member(request, slug)
    slots = seminar.slots.select_related("plan__participant__user", "room")
    return _calendar(seminar, slots, seminar.title)


@login_required
def calendar_mine(request, slug):
    """The exposés that concern the signed-in person: their own, their mentees', and their panel's."""
    seminar = _seminar_for_member(request, slug)
    user = request.user
    slots = (
        seminar.slots.filter(
            Q(plan__participant__user=user)
            | Q(plan__participant__mentor__user=user)
            | Q(room__panel__examiners__user=user)
        )
        .select_related("plan__participant__user", "room")
        .distinct()
    )
    return _calendar(seminar, slots, f"{seminar.title} — {user.full_name}")


# Scoring -------------------------------------------------------------------------------------


@login_required
def panel(request, slug):
    """An examiner's exposés, in schedule order, with the state of their score sheets."""
    seminar = _seminar_for_member(request, slug)
    examiner = get_object_or_404(Examiner, cohort=seminar.cohort, user=request.user)
    slots = list(
        seminar.slots.filter(room__panel__examiners=examiner)
        .select_related("plan__participant__user", "plan__cluster", "room")
        .order_by("starts_at")
    )
    sheets = {s.plan_id: s for s in ScoreSheet.objects.filter(examiner=examiner, plan__in=[s.plan for s in slots])}
    rows = [(slot, sheets.get(slot.plan_id)) for slot in slots]
    return render(request, "seminars/panel.html", {"cohort": seminar.cohort, "seminar": seminar, "rows": rows})


def _sheet_for_examiner(request, slug, plan_pk):
    """The signed-in examiner's sheet for a plan on their panel; 404 for anyone else."""
    seminar = _seminar_for_member(request, slug)
    slot = get_object_or_404(
        Slot.objects.select_related("plan__participant__user", "plan__cluster", "room"),
        seminar=seminar,
        plan_id=plan_pk,
        room__panel__examiners__user=request.user,
    )
    examiner = Examiner.objects.get(cohort=seminar.cohort, user=request.user)
    sheet = ScoreSheet.objects.filter(plan=slot.plan, examiner=examiner).first()
    if sheet is None and request.method == "POST":
        sheet, _created = ScoreSheet.objects.get_or_create(plan=slot.plan, examiner=examiner)
    return seminar, slot, sheet or ScoreSheet(plan=slot.plan, examiner=examiner)


@login_required
def score(request, slug, plan_pk):
    seminar, slot, sheet = _sheet_for_examiner(request, slug, plan_pk)
    rubric = scoring.ensure_rubric(seminar.cohort)
    criteria = rubric.criteria.all()
    form = ScoreForm(request.POST or None, criteria=criteria, sheet=sheet)
    if request.method == "POST" and not sheet.is_submitted and form.is_valid():
        action = scoring.submit_sheet if request.POST.get("action") == "submit" else scoring.save_sheet
        try:
            sheet = action(sheet, values=form.values(), note=form.cleaned_data["note"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.headers.get("HX-Request"):
                return render(request, "seminars/_saved.html", {"sheet": sheet})
            if sheet.is_submitted:
                messages.success(request, _("Your scores for %(title)s are submitted.") % {"title": slot.plan.title})
                return redirect("seminars:panel", slug=slug)
            messages.success(request, _("Draft saved."))
            return redirect("seminars:score", slug=slug, plan_pk=plan_pk)
    elif request.method == "POST" and sheet.is_submitted:
        form.add_error(None, _("This score sheet is submitted and locked. Ask the organiser to reopen it."))
    if request.headers.get("HX-Request") and request.method == "POST":
        return render(request, "seminars/_saved.html", {"sheet": sheet, "form": form}, status=422)
    # Blind scoring: the other examiners' sheets stay hidden until one's own is submitted.
    others = (
        ScoreSheet.objects.filter(plan=slot.plan, state=ScoreSheet.State.SUBMITTED)
        .exclude(pk=sheet.pk)
        .select_related("examiner__user")
        if sheet.is_submitted
        else []
    )
    context = {
        "cohort": seminar.cohort,
        "seminar": seminar,
        "slot": slot,
        "plan": slot.plan,
        "sheet": sheet,
        "form": form,
        "others": others,
    }
    return render(request, "seminars/score.html", context)


@require_POST
@login_required
def sheet_reopen(request, slug, pk):
    seminar = _seminar_for_staff(request, slug)
    sheet = get_object_or_404(
        ScoreSheet.objects.select_related("plan", "examiner__user"), pk=pk, plan__slot__seminar=seminar
    )
    form = ReopenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the reason for reopening the score sheet."))
        scoring.reopen_sheet(sheet, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(examiner)s can change their scores for %(title)s again.")
            % {"examiner": sheet.examiner.user.full_name, "title": sheet.plan.title},
        )
    return redirect("seminars:results", slug=slug)


@login_required
def results(request, slug):
    """The live recap for staff; also as XLSX."""
    seminar = _seminar_for_staff(request, slug)
    rows = scoring.seminar_results(seminar)
    if request.GET.get("format") == "xlsx":
        width = max((len(row.panel) for row in rows), default=0)
        headers = [_("NDH"), _("Name"), _("NIP"), _("Cluster"), _("Title")]
        headers += [_("Examiner %(number)d") % {"number": n + 1} for n in range(width)]
        headers += [_("Final score"), _("Predicate"), _("Rank in cluster"), _("Rank overall")]
        return spreadsheet_response(
            f"rekap-{seminar.cohort.slug}",
            headers,
            (
                [
                    row.plan.participant.roll_number,
                    row.plan.participant.user.full_name,
                    row.plan.participant.user.nip,
                    row.plan.cluster.name if row.plan.cluster else "",
                    row.plan.title,
                    *[t if t is not None else "" for t in row.totals],
                    *[""] * (width - len(row.totals)),
                    row.final if row.final is not None else "",
                    row.band,
                    row.rank_in_cluster or "",
                    row.rank_overall or "",
                ]
                for row in rows
            ),
            "xlsx",
        )
    sheets = ScoreSheet.objects.filter(plan__slot__seminar=seminar, state=ScoreSheet.State.SUBMITTED).select_related(
        "examiner__user", "plan"
    )
    context = {
        "cohort": seminar.cohort,
        "seminar": seminar,
        "rows": rows,
        "complete": sum(1 for row in rows if row.complete),
        "sheets": sheets,
        "reopen_form": ReopenForm(),
    }
    return render(request, "seminars/results.html", context)


@login_required
def results_pdf(request, slug):
    """The recap as an official minute (berita acara), A4, for signing."""
    from weasyprint import HTML

    seminar = _seminar_for_staff(request, slug)
    rows = scoring.seminar_results(seminar)
    html = render(
        request,
        "seminars/minutes.html",
        {
            "cohort": seminar.cohort,
            "seminar": seminar,
            "rows": rows,
            "examiners": seminar.cohort.examiners.select_related("user"),
        },
    )
    pdf = HTML(string=html.content.decode(), base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="berita-acara-{seminar.cohort.slug}.pdf"'
    return response


@require_POST
@login_required
def results_publish(request, slug):
    seminar = _seminar_for_staff(request, slug)
    scoring.publish_results(seminar)
    messages.success(request, _("The results are published: each participant now sees their own score and notes."))
    return redirect("seminars:results", slug=slug)


@login_required
def my_result(request, slug):
    """A participant's own score, band and the examiners' notes, once staff have published the results."""
    seminar = _seminar_for_member(request, slug)
    participant = get_object_or_404(seminar.cohort.participants, user=request.user)
    row = None
    if seminar.results_published_at:
        row = next((r for r in scoring.seminar_results(seminar) if r.plan.participant_id == participant.pk), None)
    return render(request, "seminars/my_result.html", {"cohort": seminar.cohort, "seminar": seminar, "row": row})


@login_required
def rubric_edit(request, slug):
    cohort = cohort_for_staff(request, slug)
    rubric = scoring.ensure_rubric(cohort)
    criteria = CriterionFormSet(request.POST or None, instance=rubric, prefix="criteria")
    bands = BandFormSet(request.POST or None, instance=rubric, prefix="bands")
    locked = ScoreSheet.objects.filter(plan__participant__cohort=cohort).exists()
    if request.method == "POST":
        if locked:
            messages.error(request, _("Scoring has started, so the rubric can no longer change."))
        elif criteria.is_valid() and bands.is_valid():
            with transaction.atomic():
                criteria.save()
                bands.save()
            messages.success(request, _("The rubric is saved."))
            return redirect("seminars:rubric", slug=slug)
    context = {"cohort": cohort, "criteria": criteria, "bands": bands, "locked": locked}
    return render(request, "seminars/rubric.html", context)
