"""The final grades of a cohort, for its staff: the grid of entered components, the grades and qualifications,
their recap (XLSX, and the numbered PDF the worker renders), and the rules of the final grade."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.editing import EditConflict
from core.spreadsheets import Code, spreadsheet_response
from participants.access import cohort_for_staff
from participants.jobs import request_job
from participants.models import Job
from participants.organisations import require_head
from participants.views.jobs import job_requested

from .. import grades
from ..forms import BandFormSet, ComponentFormSet, GradingForm, ScoreGridForm


def _recap_xlsx(cohort, rows, spec):
    headers = [_("NDH"), _("Name"), _("NIP"), *(c.label for c in spec.components)]
    headers += [_("Final grade"), _("Qualification"), _("Passed"), _("Ranking"), _("Certificate")]
    return spreadsheet_response(
        f"nilai-akhir-{cohort.slug}",
        headers,
        (
            [
                row.participant.roll_number,
                row.participant.user.full_name,
                Code(row.participant.user.nip, row.participant.user.nip_display) if row.participant.user.nip else None,
                *(row.scores[c.key] for c in spec.components),
                row.final,
                row.band or None,
                None if row.passed is None else (_("yes") if row.passed else _("no")),
                row.rank,
                row.certificate.number if row.certificate else None,
            ]
            for row in rows
        ),
        "xlsx",
        title=_("Final grades of %(cohort)s") % {"cohort": cohort.name},
    )


@login_required
def grade_list(request, slug):
    """Every participant's components, final grade, qualification, pass and rank; staff type the entered
    components in the grid and save them at once (also as XLSX)."""
    cohort = cohort_for_staff(request, slug)
    spec = cohort.programme_spec
    rows = grades.final_grades(cohort)
    if request.GET.get("format") == "xlsx":
        return _recap_xlsx(cohort, rows, spec)
    entered = grades.entered_components(spec)
    book = grades.grade_book(cohort)
    form = ScoreGridForm(request.POST or None, rows=rows, components=entered, version=book.version)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            changed = grades.save_scores(
                cohort, version=form.cleaned_data["version"], values=form.values, by=request.user
            )
        except EditConflict:
            conflict = True
            messages.error(
                request,
                _(
                    "Someone saved these grades after you opened the page. Your scores are kept below: check them "
                    "against the saved ones (reload to see them) and save again."
                ),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                ngettext("%(count)d score saved.", "%(count)d scores saved.", changed) % {"count": changed}
                if changed
                else _("Nothing changed."),
            )
            return redirect("closing:grades", slug=cohort.slug)
    components = list(spec.components)
    context = {
        "cohort": cohort,
        "spec": spec,
        "components": components,
        "entered": entered,
        "rows": [(row, form.cells(row, components)) for row in rows],
        "form": form,
        "conflict": conflict,
        "best": grades.best_of(rows),
        "complete": sum(1 for row in rows if row.complete),
        "passed": sum(1 for row in rows if row.passed),
    }
    return render(request, "closing/grade_list.html", context)


@require_POST
@login_required
def recap_pdf(request, slug):
    """Ask for the recap of final grades as a numbered document on the letterhead: the worker renders it."""
    cohort = cohort_for_staff(request, slug)
    try:
        require_head(cohort.organisation, document=_("recap of final grades"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("closing:grades", slug=slug)
    job, created = request_job(Job.Kind.GRADE_RECAP, cohort=cohort, by=request.user)
    return job_requested(request, job, created)


def _rules_initial(cohort, spec):
    components = [
        {"key": c.key, "label": c.label, "weight": c.weight, "source": c.source, "minimum": c.minimum}
        for c in spec.components
    ]
    bands = [{"above": band.above, "label": band.label} for band in spec.bands]
    return components, bands


def _posted_rules(components, bands, form) -> dict:
    def kept(formset):
        return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]

    rows = [
        {
            "key": data["key"],
            "label": data["label"],
            "weight": data["weight"],
            "source": data["source"],
            "minimum": None if data.get("minimum") is None else str(data["minimum"]),
        }
        for data in kept(components)
    ]
    band_rows = [
        {"above": None if data.get("above") is None else str(data["above"]), "label": data["label"]}
        for data in sorted(kept(bands), key=lambda d: (d.get("above") is None, -(d.get("above") or 0)))
    ]
    pass_mark = form.cleaned_data.get("pass_mark")
    return {
        "components": rows,
        "bands": band_rows,
        "pass_mark": None if pass_mark is None else str(pass_mark),
        "lesson_hours": form.cleaned_data.get("lesson_hours"),
    }


@login_required
def grading_rules(request, slug):
    """The rules of this cohort's final grade, as its programme gave them and staff adjust them: components, their
    weights and minima, the pass mark, the bands, the lesson hours, and the type of training SIASN records."""
    cohort = cohort_for_staff(request, slug)
    spec = cohort.programme_spec
    stages = spec.seminars
    initial_components, initial_bands = _rules_initial(cohort, spec)
    book = grades.grade_book(cohort)
    data = request.POST or None
    form = GradingForm(
        data,
        initial={
            "pass_mark": spec.pass_mark,
            "lesson_hours": spec.lesson_hours,
            "training_type": book.training_type,
            "fingerprint": grades.rules_fingerprint(cohort),
        },
    )
    components = ComponentFormSet(data, prefix="components", initial=initial_components, form_kwargs={"stages": stages})
    bands = BandFormSet(data, prefix="bands", initial=initial_bands)
    if request.method == "POST" and all([form.is_valid(), components.is_valid(), bands.is_valid()]):
        try:
            grades.adjust_grading(
                cohort,
                fingerprint=form.cleaned_data["fingerprint"],
                rules=_posted_rules(components, bands, form),
                training_type=form.cleaned_data["training_type"].strip(),
                by=request.user,
            )
        except EditConflict:
            messages.error(
                request, _("Someone changed these rules after you opened the page. Reload it and try again.")
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The rules of the final grade are saved."))
            return redirect("closing:grades", slug=cohort.slug)
    context = {
        "cohort": cohort,
        "form": form,
        "components": components,
        "bands": bands,
        "settled": grades.grades_started(cohort),
    }
    return render(request, "closing/grading_rules.html", context)
