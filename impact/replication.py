"""Who replicated an innovation of the public catalogue: a unit records it by hand, or a participant starts a new
plan from the catalogue ("replicate this"), which links the two plans both ways."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innovations import catalogue
from innovations.models import ActionPlan, Cluster
from innovations.records import Replication
from participants import audit
from participants.models import Organisation, Participant, Region, User
from participants.notifications import notify_all

# What a replicating plan starts from: the source's words, for the participant to adapt to their own unit.
COPIED = ["ideal_state", "innovation", "objectives", "benefits", "outputs", "resources", "success_indicators"]


def _published_source(source: ActionPlan) -> ActionPlan:
    """The source, locked, while it is in the public catalogue; refused in words otherwise."""
    locked = catalogue.published().select_for_update(of=("self",)).filter(pk=source.pk).first()
    if locked is None:
        raise ValidationError(
            _("Only an innovation in the public catalogue can be replicated: this one is not in it."),
            code="unpublished",
        )
    return locked


@transaction.atomic
def record_replication(
    source: ActionPlan,
    *,
    by: User,
    unit: str,
    adapted: str,
    contact_name: str,
    contact: str,
    replicated_on: datetime.date,
    organisation: Organisation | None = None,
    region: Region | None = None,
    plan: ActionPlan | None = None,
) -> Replication:
    """Record that a unit replicated a published innovation. Audited in the source's cohort; its participant and
    mentor are told. Refused, with nothing written, for an innovation not in the public catalogue."""
    source = _published_source(source)
    unit = unit.strip() or (organisation.short_name if organisation else "")
    if not unit:
        raise ValidationError(_("Name the unit that replicated it."), code="no_unit")
    replication = Replication.objects.create(
        source=source,
        plan=plan,
        unit=unit,
        organisation=organisation,
        region=region or (organisation.region if organisation else None),
        adapted=adapted.strip(),
        contact_name=contact_name.strip(),
        contact=contact.strip(),
        replicated_on=replicated_on,
        recorded_by=by,
    )
    participant = source.participant
    audit.record(
        audit.Verb.REPLICATION_RECORD,
        cohort=participant.cohort,
        actor=by,
        target=replication,
        data={"unit": unit, "plan": plan.pk if plan else None},
    )
    title = source.title
    notify_all(
        [participant.user, participant.mentor.user if participant.mentor else None],
        lambda: _("%(unit)s replicated your innovation “%(title)s”.") % {"unit": unit, "title": title},
        cohort=participant.cohort,
        url=reverse("innovations:catalogue_detail", args=[source.pk]),
        detail=replication.adapted,
    )
    return replication


def free_participations(user: User):
    """The person's places in a cohort where a new plan may start: not withdrawn, and no plan under way there (a
    participant works on one plan at a time)."""
    busy = ActionPlan.objects.exclude(state=ActionPlan.State.WITHDRAWN).values("participant")
    return (
        Participant.objects.held_as("owner", user)
        .filter(withdrawn_at__isnull=True)
        .exclude(pk__in=busy)
        .select_related("cohort")
        .order_by("-cohort__start_date")
    )


@transaction.atomic
def replicate(source: ActionPlan, *, participation: Participant, by: User, adapted: str) -> ActionPlan:
    """Start a new plan in one of the person's cohorts from a published innovation: its words copied for them to
    adapt, and a replication recorded that links the new plan to its source. Refused while the person has a plan
    under way in that cohort, or when the source left the catalogue; nothing is written then."""
    participation = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("cohort__organisation", "user", "kecamatan__parent")
        .get(pk=participation.pk)
    )
    if not free_participations(by).filter(pk=participation.pk).exists():
        raise ValidationError(
            _("You already have a plan in %(cohort)s: a participant works on one plan at a time.")
            % {"cohort": participation.cohort.name},
            code="busy",
        )
    source = _published_source(source)
    cluster = Cluster.objects.filter(cohort=participation.cohort, name=getattr(source.cluster, "name", "")).first()
    plan = ActionPlan.objects.create(
        participant=participation,
        cluster=cluster,
        title=(_("Replication: %(title)s") % {"title": source.title})[:250],
        **{name: getattr(source, name) for name in COPIED},
    )
    audit.record(
        audit.Verb.PLAN_START,
        cohort=participation.cohort,
        actor=by,
        target=plan,
        to_state=plan.state,
        data={"replicates": source.pk},
    )
    record_replication(
        source,
        by=by,
        unit=participation.work_unit,
        organisation=participation.cohort.organisation,
        region=participation.kecamatan.parent if participation.kecamatan else participation.cohort.region,
        adapted=adapted,
        contact_name=by.full_name,
        contact=by.email or by.phone or "",
        replicated_on=timezone.localdate(),
        plan=plan,
    )
    return plan
