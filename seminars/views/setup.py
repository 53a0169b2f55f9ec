"""Setting the seminar up: its days, breaks, rooms and panels; and the cohort's rubric."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.editing import EditConflict
from participants.access import cohort_for_staff

from .. import scoring, services
from ..access import require_stage, stages_of
from ..forms import BandFormSet, BreakFormSet, CriterionFormSet, RoomFormSet, SeminarForm, VersionForm
from ..models import ScoreSheet, Seminar


def _conflict(request, what):
    messages.error(
        request,
        _(
            "%(what)s was saved by someone else after you opened this page, so your changes were not saved. "
            "They are still below: note them, then reload the page to see the newer version."
        )
        % {"what": what},
    )


# At most this many blank rows are added at once: enough for any venue, and no page of a thousand forms.
MAX_ADDED_ROWS = 20


def _added(request, name: str) -> int:
    value = request.POST.get(name, "")
    return min(int(value), MAX_ADDED_ROWS) if value.isdigit() else 0


def _with_more_rows(data, *, rooms: int, breaks: int):
    """The posted page with blank rows added to its formsets: what the page shows after "Add the rows". The rows
    typed so far, and the version the page was opened at, stay as they were posted."""
    data = data.copy()
    for prefix, count in (("rooms", rooms), ("breaks", breaks)):
        total = data.get(f"{prefix}-TOTAL_FORMS", "")
        if total.isdigit():
            data[f"{prefix}-TOTAL_FORMS"] = str(int(total) + count)
    return data


@login_required
def seminar_setup(request, slug, stage=Seminar.Stage.DESIGN):
    cohort = cohort_for_staff(request, slug)
    require_stage(cohort, stage)
    seminar = cohort.seminars.filter(stage=stage).first() or Seminar(
        cohort=cohort, stage=stage, title=dict(stages_of(cohort))[stage], date=cohort.end_date
    )
    examiners = cohort.examiners.select_related("user")
    data = request.POST or None
    adding = request.method == "POST" and "add_rows" in request.POST
    if adding:
        data = _with_more_rows(data, rooms=_added(request, "add_rooms"), breaks=_added(request, "add_breaks"))
    form = SeminarForm(data, instance=seminar)
    breaks = BreakFormSet(data, instance=seminar, prefix="breaks")
    rooms = RoomFormSet(data, instance=seminar, prefix="rooms", examiners=examiners)
    # A page opened before the seminar existed carries 0, which no saved seminar has.
    version = VersionForm(data, initial={"version": seminar.version if seminar.pk else 0})
    status = 200
    doomed = []
    if adding:
        pass  # only more blank rows: nothing is saved, and nothing is checked yet
    elif request.method == "POST" and version.is_valid() and form.is_valid() and breaks.is_valid() and rooms.is_valid():
        # Deleting a room takes its exposés out of the schedule: the page says so and asks once more.
        doomed = [f.instance for f in rooms.deleted_forms if f.instance.pk and f.instance.slots.exists()]
        if doomed and request.POST.get("confirm_room_delete") != "yes":
            context = {
                "cohort": cohort,
                "seminar": seminar,
                "stage": stage,
                "stages": stages_of(cohort),
                "form": form,
                "breaks": breaks,
                "rooms": rooms,
                "version": version,
                "doomed": [(room, room.slots.count()) for room in doomed],
            }
            return render(request, "seminars/seminar_setup.html", context)
        try:
            services.save_setup(
                cohort, form=form, breaks=breaks, rooms=rooms, version=version.cleaned_data["version"], by=request.user
            )
        except EditConflict:
            _conflict(request, _("The seminar"))
            status = 409
        else:
            messages.success(request, _("The seminar is saved."))
            return redirect("seminars:schedule", slug=slug, stage=stage)
    context = {
        "cohort": cohort,
        "seminar": seminar,
        "stage": stage,
        "stages": stages_of(cohort),
        "form": form,
        "breaks": breaks,
        "rooms": rooms,
        "version": version,
    }
    return render(request, "seminars/seminar_setup.html", context, status=status)


@login_required
def rubric_edit(request, slug, stage=Seminar.Stage.DESIGN):
    cohort = cohort_for_staff(request, slug)
    require_stage(cohort, stage)
    rubric = scoring.ensure_rubric(cohort, stage)
    data = request.POST or None
    criteria = CriterionFormSet(data, instance=rubric, prefix="criteria")
    bands = BandFormSet(data, instance=rubric, prefix="bands")
    version = VersionForm(data, initial={"version": rubric.version})
    locked = ScoreSheet.objects.filter(seminar__cohort=cohort, seminar__stage=stage).exists()
    status = 200
    if request.method == "POST":
        if locked:
            messages.error(request, _("Scoring has started, so the rubric can no longer change."))
        elif version.is_valid() and criteria.is_valid() and bands.is_valid():
            try:
                scoring.save_rubric(
                    rubric, criteria=criteria, bands=bands, version=version.cleaned_data["version"], by=request.user
                )
            except EditConflict:
                _conflict(request, _("The rubric"))
                status = 409
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The rubric is saved."))
                return redirect("seminars:rubric", slug=slug, stage=stage)
    context = {
        "cohort": cohort,
        "stage": stage,
        "stages": stages_of(cohort),
        "criteria": criteria,
        "bands": bands,
        "locked": locked,
        "version": version,
    }
    return render(request, "seminars/rubric.html", context, status=status)
