"""Setting the seminar up: its days, breaks, rooms and panels; and the cohort's rubric."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from participants.access import cohort_for_staff
from participants.audit import Verb, record

from .. import scoring
from ..forms import BandFormSet, BreakFormSet, CriterionFormSet, RoomFormSet, SeminarForm
from ..models import Panel, ScoreSheet, Seminar


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
            record(Verb.SEMINAR_EDIT, cohort=cohort, actor=request.user, target=seminar)
        messages.success(request, _("The seminar is saved."))
        return redirect("seminars:schedule", slug=slug)
    context = {"cohort": cohort, "seminar": seminar, "form": form, "breaks": breaks, "rooms": rooms}
    return render(request, "seminars/seminar_setup.html", context)


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
                record(Verb.RUBRIC_EDIT, cohort=cohort, actor=request.user, target=rubric)
            messages.success(request, _("The rubric is saved."))
            return redirect("seminars:rubric", slug=slug)
    context = {"cohort": cohort, "criteria": criteria, "bands": bands, "locked": locked}
    return render(request, "seminars/rubric.html", context)
