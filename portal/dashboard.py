"""The figures of a cohort's dashboard, computed in the database where they can be."""

from collections import Counter, defaultdict

from django.db.models import Count, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _

from impact import followups
from innovations import progress
from innovations.models import ActionPlan, Milestone, WorkReport
from participants.models import Cohort
from participants.rules import person_path
from seminars.results import seminar_results

State = ActionPlan.State
# The plan's path, in order (its states table): a plan further on has passed every earlier stage of the funnel.
FUNNEL = State.PATH  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
# Each band says on which side its boundary falls: "> 80–90" is above 80 up to 90 included, as the predicates count.
SCORE_BANDS = [(90, "> 90"), (80, "> 80–90"), (70, "> 70–80"), (60, "> 60–70"), (None, "≤ 60")]


def figures(cohort: Cohort) -> dict:
    plans = ActionPlan.objects.filter(participant__cohort=cohort).exclude(state=State.WITHDRAWN)
    by_state = dict(plans.values_list("state").annotate(n=Count("pk")).order_by())
    # A plan that went further has passed every earlier stage of the funnel.
    funnel = [
        (ActionPlan.State(state).label, sum(by_state.get(s, 0) for s in FUNNEL[i:])) for i, state in enumerate(FUNNEL)
    ]
    clusters = list(plans.values_list("cluster__name").annotate(n=Count("pk")).order_by("cluster__order"))
    # Each kecamatan as offices write it (Region.common_name), else by its official name.
    shown = Coalesce(NullIf("participant__kecamatan__common_name", Value("")), "participant__kecamatan__name")
    kecamatan = list(
        plans.annotate(kecamatan=shown).values_list("kecamatan").annotate(n=Count("pk")).order_by("kecamatan")
    )

    # One table per seminar of the programme (the design's first, with its chart), each with its own final scores.
    held = {seminar.stage: seminar for seminar in cohort.seminars.all()}
    per_seminar = [
        (stage.seminar.title, _band_counts(held[stage.key]))
        for stage in cohort.programme_spec.seminars
        if stage.seminar and stage.key in held
    ]

    milestones = (
        Milestone.objects.filter(plan__in=plans.filter(state__in=State.AGREED_OR_LATER))  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
        .select_related(person_path("owner", "plan__participant"))
        .prefetch_related("reports")
    )
    rows = progress.milestone_progress(milestones)
    return {
        "funnel": funnel,
        "reports": _report_counts(cohort, plans),
        "clusters": [(name or "—", n) for name, n in clusters],
        "kecamatan": [(name or "—", n) for name, n in kecamatan],
        "score_bands": [label for _bound, label in SCORE_BANDS],
        "scores": per_seminar[0][1] if per_seminar else [],
        "seminar_scores": per_seminar,
        "milestones_total": len(rows),
        "milestones_done": sum(row.achieved for row in rows),
        "overdue": [row.milestone for row in rows if row.overdue],
        "follow_up": followups.figures(cohort),
    }


def _report_counts(cohort: Cohort, plans) -> list[tuple[str, int]]:
    """How many of the plans' reports are in each state, in the report's states' order, where the cohort's programme
    has a report stage; else nothing."""
    if cohort.programme_spec.stage("report") is None:
        return []
    counted = dict(WorkReport.objects.filter(plan__in=plans).values_list("state").annotate(n=Count("pk")).order_by())
    return [(str(state.label), counted.get(state.value, 0)) for state in WorkReport.State]


def _band_counts(seminar) -> list[tuple[str, list[int]]]:
    """(cluster, how many final scores fall in each of SCORE_BANDS) of the seminar's results, by cluster."""
    scores: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for row in seminar_results(seminar):
        if row.final is not None:
            band = next(label for bound, label in SCORE_BANDS if bound is None or row.final > bound)
            scores[row.plan.cluster.name if row.plan.cluster else "—"][band] += 1
    return sorted((cluster, [bands[label] for _b, label in SCORE_BANDS]) for cluster, bands in scores.items())


def as_rows(data: dict) -> list[list]:
    """The dashboard's figures as (figure, group, value) rows for a spreadsheet."""
    rows = [[_("Funnel"), label, n] for label, n in data["funnel"]]
    rows += [[_("Reports by state"), label, n] for label, n in data["reports"]]
    rows += [[_("Plans per cluster"), name, n] for name, n in data["clusters"]]
    rows += [[_("Plans per kecamatan"), name, n] for name, n in data["kecamatan"]]
    several = len(data["seminar_scores"]) > 1
    for title, scores in data["seminar_scores"]:
        for cluster, counts in scores:
            figure = _("Final scores in %(cluster)s") % {"cluster": cluster}
            rows += [
                [f"{figure} ({title})" if several else figure, band, n]
                for band, n in zip(data["score_bands"], counts, strict=True)
            ]
    rows += [
        [_("Milestones verified done"), "", data["milestones_done"]],
        [_("Milestones in agreed plans"), "", data["milestones_total"]],
        [_("Overdue milestones"), "", len(data["overdue"])],
    ]
    follow_up = data["follow_up"]
    rows += [
        [_("One-year follow-up"), _("asked"), follow_up.asked],
        [_("One-year follow-up"), _("answered"), follow_up.answered],
    ]
    rows += [[_("One-year follow-up"), scale.question, round(scale.mean, 2)] for scale in follow_up.scales]
    return rows
