"""What the public catalogue shows of an innovation's record (innovations.records), beside its entry: the stage its
mentor confirmed, its indicators before and after, and a timeline of stage changes, verified milestones, measured
indicators, evaluations and replications, newest first; and the catalogue's filter by stage. Only what the mentor
confirmed is shown, and never a file or a person's contact beyond what the replicating unit gave for it."""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ActionPlan, ProgressReport
from .records import Evaluation, InnovationRecord, Measurement, Stage, amount


def stage_field() -> forms.ChoiceField:
    """The catalogue filter's choice of stage."""
    return forms.ChoiceField(label=gettext_lazy("Stage"), required=False, choices=[("", "—"), *Stage.choices])


def with_stage(plans, stage: str | None):
    """The catalogue's plans at the stage their mentor last confirmed."""
    return plans.filter(record__confirmed_stage=stage) if stage in Stage.values else plans


@dataclass
class Event:
    on: datetime.date
    kind: str  # stage, milestone, measure, evaluation, replication: the timeline's mark (static/css/inovasi.css)
    text: str


@dataclass
class IndicatorChange:
    name: str
    unit: str
    baseline: object
    baseline_on: datetime.date
    latest: Measurement


def confirmed_record(plan: ActionPlan) -> InnovationRecord | None:
    """The plan's record once its mentor confirmed it (loaded with the plan by the catalogue)."""
    try:
        record = plan.record
    except InnovationRecord.DoesNotExist:
        return None
    return record if record.confirmed_at else None


def public_record(plan: ActionPlan, achieved) -> dict:
    """The entry's stage, indicators, replications and timeline. `achieved` are the milestone rows verified done
    (innovations.progress), their reports loaded. Three queries: measures, evaluations, replications."""
    record = confirmed_record(plan)
    measures = (
        list(
            Measurement.objects.filter(indicator__record=record, confirmed_at__isnull=False)
            .select_related("indicator")
            .order_by("indicator__order", "indicator", "measured_on", "pk")
        )
        if record
        else []
    )
    evaluations = list(Evaluation.objects.filter(record=record, confirmed_at__isnull=False)) if record else []
    replications = list(plan.replications.select_related("organisation", "region").order_by("-replicated_on", "pk"))
    events = [*_stage_events(record), *_milestone_events(achieved)]
    events += [
        Event(
            m.measured_on,
            "measure",
            _("%(indicator)s: %(value)s %(unit)s (from %(baseline)s)")
            % {
                "indicator": m.indicator.name,
                "value": amount(m.value),
                "unit": m.indicator.unit,
                "baseline": amount(m.indicator.baseline),
            },
        )
        for m in measures
    ]
    events += [Event(e.evaluated_on, "evaluation", f"{e.get_kind_display()}: {e.evaluator}") for e in evaluations]
    events += [
        Event(r.replicated_on, "replication", _("Replicated by %(unit)s") % {"unit": r.unit}) for r in replications
    ]
    latest = {}
    for measure in measures:
        latest[measure.indicator_id] = measure  # measures come oldest first: the last one stays
    indicators = [
        IndicatorChange(m.indicator.name, m.indicator.unit, m.indicator.baseline, m.indicator.baseline_on, m)
        for m in latest.values()
    ]
    return {
        "record": record,
        "indicators": indicators,
        "replications": replications,
        "timeline": sorted(events, key=lambda event: event.on, reverse=True),
    }


def _stage_events(record: InnovationRecord | None) -> list[Event]:
    if record is None:
        return []
    if record.confirmed_trial_date:
        events = [Event(record.confirmed_trial_date, "stage", _("Trial began"))]
    else:
        events = [Event(timezone.localdate(record.confirmed_at), "stage", _("Confirmed as an initiative"))]
    if record.confirmed_implementation_date:
        events.append(Event(record.confirmed_implementation_date, "stage", _("Implementation began")))
    return events


def _milestone_events(achieved) -> list[Event]:
    events = []
    for row in achieved:
        verified = [r for r in row.milestone.reports.all() if r.state == ProgressReport.State.VERIFIED]
        on = timezone.localdate(verified[0].reviewed_at) if verified and verified[0].reviewed_at else None
        if on:
            events.append(Event(on, "milestone", _("Milestone verified: %(what)s") % {"what": row.milestone}))
    return events
