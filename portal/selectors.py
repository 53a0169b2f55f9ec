"""Reads for the home pages that span the apps."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from innovations.models import ActionPlan
from participants.models import Cohort, Participant


@dataclass
class ClusterRow:
    name: str
    counts: list[int]
    total: int


@dataclass
class CohortOverview:
    cohort: Cohort
    state_counts: list[tuple[str, int]]
    cluster_rows: list[ClusterRow] = field(default_factory=list)
    plan_total: int = 0


def cohort_overviews(cohorts) -> list[CohortOverview]:
    """Plans of each cohort counted per state, and per cluster and state, in two queries."""
    cohorts = list(
        cohorts.annotate(
            participant_count=Count("participants", distinct=True),
            unmentored_count=Count("participants", filter=Q(participants__mentor__isnull=True), distinct=True),
        )
        .select_related("organisation")
        .prefetch_related("seminars", "clusters")
    )
    counts = defaultdict(int)
    rows = (
        ActionPlan.objects.filter(participant__cohort__in=cohorts)
        .values_list("participant__cohort_id", "cluster_id", "state")
        .annotate(n=Count("id"))
        .order_by()
    )
    for cohort_id, cluster_id, state, n in rows:
        counts[cohort_id, cluster_id, state] += n

    states = ActionPlan.State
    overviews = []
    for cohort in cohorts:
        clusters = [(c.pk, c.name) for c in cohort.clusters.all()]
        if any(key[0] == cohort.pk and key[1] is None for key in counts):
            clusters.append((None, "—"))
        cluster_rows = []
        for cluster_id, name in clusters:
            row = [counts[cohort.pk, cluster_id, state] for state in states.values]
            cluster_rows.append(ClusterRow(name=name, counts=row, total=sum(row)))
        per_state = [sum(r.counts[i] for r in cluster_rows) for i in range(len(states.values))]
        overviews.append(
            CohortOverview(
                cohort=cohort,
                state_counts=list(zip(states.labels, per_state, strict=True)),
                cluster_rows=cluster_rows,
                plan_total=sum(per_state),
            )
        )
    return overviews


def participations_of(user):
    """A participant's cohorts, each with its mentor and plans."""
    return (
        Participant.objects.filter(user=user)
        .select_related("cohort", "kecamatan", "mentor__user")
        .prefetch_related(Prefetch("plans", queryset=ActionPlan.objects.select_related("cluster")), "cohort__seminars")
        .order_by("-cohort__start_date")
    )


def mentees_of(user):
    """The participants a person mentors, in any cohort, with their plans."""
    return (
        Participant.objects.filter(mentor__user=user)
        .select_related("cohort", "user", "kecamatan")
        .prefetch_related(Prefetch("plans", queryset=ActionPlan.objects.select_related("cluster")))
        .order_by("-cohort__start_date", "roll_number")
    )
