"""Writes across the apps: setting up a cohort; people who leave or change (they touch plans and agreements)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.editing import check_fresh, lock
from innovations import workflow
from innovations.models import DEFAULT_CLUSTERS, ActionPlan, Cluster
from participants.audit import Verb, record
from participants.models import AuditEvent, Cohort, Mentor, Participant, User
from participants.notifications import notify
from participants.organisations import region_from_code
from participants.rules import person_path
from participants.services import (
    apply_mentor_rule,
    assign_mentors,
    check_mentor_rule,
    find_or_create_person,
    invite_on_commit,
    tell_mentor_changes,
)
from seminars.models import Agreement, Seminar, Signature

MENTOR_GONE = gettext_lazy("This mentor is no longer in the cohort: someone removed or replaced them just now.")


@transaction.atomic
def save_cohort(
    cohort: Cohort,
    *,
    by: User,
    region_code: str,
    seminar_title: str,
    seminar_date,
    seminar_venue: str,
    version: int | None = None,
) -> Cohort:
    """Create or update a cohort, its region and its seminar's date and venue.

    A new cohort gets the default clusters; its organisation's staff run it. The region is loaded from the
    Kemendagri list the first time a cohort or an organisation names it. A change of the mentor rule gives every
    participant whose mentor staff did not choose the mentor of the new rule. Audited. An update is saved only if its
    page was opened at the row's `version`: EditConflict otherwise, with nothing written.
    """
    created = cohort.pk is None
    rule_before, programme_before = None, None
    if not created:
        current = lock(Cohort.objects, cohort.pk)
        if version is not None:  # a service call without a page (a test, the demo) checks no copy
            check_fresh(current, version=version)
        rule_before, programme_before = current.mentor_rule, current.programme_id
        cohort.version = current.version + 1
        if rule_before != cohort.mentor_rule:
            check_mentor_rule(cohort, cohort.mentor_rule)
    if cohort.programme_id != programme_before:
        cohort.spec = cohort.programme.spec  # the programme's template, which staff adjust for this cohort
    cohort.region = region_from_code(region_code)
    cohort.save()
    if created:
        Cluster.objects.bulk_create(
            Cluster(cohort=cohort, name=name, order=order) for order, name in enumerate(DEFAULT_CLUSTERS, start=1)
        )
    elif rule_before != cohort.mentor_rule:
        apply_mentor_rule(cohort)
        assign_mentors(cohort, by=by, why="rule")
    if seminar_date:
        # The form's seminar is the design's: the first seminar of every programme.
        seminar = cohort.seminars.filter(stage=Seminar.Stage.DESIGN).first() or Seminar(cohort=cohort)
        seminar.title = seminar_title or cohort.training_title
        seminar.date, seminar.venue = seminar_date, seminar_venue
        seminar.save()
    record(Verb.COHORT_CREATE if created else Verb.COHORT_EDIT, cohort=cohort, actor=by, target=cohort)
    return cohort


# People who change: a dropout, a Camat transferred ----------------------------------------------------------------


def _locked_participant(participant: Participant) -> Participant:
    return (
        Participant.objects.select_for_update(of=("self",))
        .select_related("cohort", "user", person_path("mentor"))
        .get(pk=participant.pk)
    )


@transaction.atomic
def withdraw_participant(participant: Participant, *, reason: str, by: User) -> Participant:
    """Staff withdraw a participant from the cohort (a dropout), with a reason.

    Their plan goes to `withdrawn` through its transition (staff's move, the reason as its note), which takes it off
    the schedule and out of the scoring; they stay in the roster and in every history. Refused, with nothing
    changed, without a reason, when they are withdrawn already, or once their plan is agreed. One audit event
    (besides the plan's own); the participant is told."""
    participant = _locked_participant(participant)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the participant is withdrawn: write a reason."), code="note_required")
    name = participant.user.full_name
    if participant.is_withdrawn:
        raise ValidationError(_("%(name)s is already withdrawn.") % {"name": name}, code="withdrawn")
    plans = list(participant.plans.exclude(state=ActionPlan.State.WITHDRAWN))
    if any(plan.state in ActionPlan.State.AGREED_OR_LATER for plan in plans):  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
        raise ValidationError(
            _("%(name)s's plan is already agreed, so they can no longer be withdrawn.") % {"name": name},
            code="agreed",
        )
    # Set first: restoring finds the plans withdrawn with the participant by their events from this moment on.
    participant.withdrawn_at, participant.withdrawal_reason = timezone.now(), reason
    participant.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    for plan in plans:
        workflow.withdraw_plan(plan, by=by, note=reason)
    record(
        Verb.PARTICIPANT_WITHDRAW,
        cohort=participant.cohort,
        actor=by,
        target=participant,
        note=reason,
        data={"plans": len(plans)},
    )
    cohort = participant.cohort
    notify(
        participant.user,
        lambda: _("The organiser withdrew you from %(cohort)s.") % {"cohort": cohort.name},
        cohort=cohort,
        url=reverse("portal:home"),
        detail=reason,
    )
    return participant


@transaction.atomic
def restore_participant(participant: Participant, *, by: User) -> Participant:
    """Staff undo a participant's withdrawal: the plans withdrawn with them go back to the state they were withdrawn
    from (innovations.workflow.restore_target). One audit event (besides each plan's); the participant is told."""
    participant = _locked_participant(participant)
    if not participant.is_withdrawn:
        raise ValidationError(
            _("%(name)s is not withdrawn.") % {"name": participant.user.full_name}, code="not_withdrawn"
        )
    withdrawn_with = AuditEvent.objects.filter(
        verb=Verb.PLAN_WITHDRAW,
        target_type=ContentType.objects.get_for_model(ActionPlan),
        target_id__in=participant.plans.filter(state=ActionPlan.State.WITHDRAWN).values("pk"),
        at__gte=participant.withdrawn_at,
    ).values("target_id")
    plans = list(ActionPlan.objects.filter(pk__in=withdrawn_with).select_related(person_path("owner", "participant")))
    for plan in plans:
        workflow.restore_plan(plan, by=by, restoring_participant=True)
    reason = participant.withdrawal_reason
    participant.withdrawn_at, participant.withdrawal_reason = None, ""
    participant.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    record(
        Verb.PARTICIPANT_RESTORE,
        cohort=participant.cohort,
        actor=by,
        target=participant,
        data={"plans": len(plans), "reason": reason},
    )
    cohort = participant.cohort
    notify(
        participant.user,
        lambda: _("The organiser restored you as a participant of %(cohort)s.") % {"cohort": cohort.name},
        cohort=cohort,
        url=reverse("portal:home"),
    )
    return participant


def _agreements_in_signing(mentor: Mentor) -> list[str]:
    """The mentees whose sheet (of either stage) names this mentor and is not sealed yet: it must be signed by them
    or discarded before anyone else mentors its plan."""
    return list(
        Agreement.objects.filter(plan__participant__mentor=mentor)
        .exclude(state=Agreement.State.SEALED)
        .values_list(person_path("owner", "plan__participant", "full_name"), flat=True)
    )


@transaction.atomic
def replace_mentor(mentor: Mentor, *, by: User, position: str, grade: str = "", **person) -> Mentor:
    """A new or existing person takes over a mentor's kecamatan and all their mentees (a Camat transferred).

    `person` is full_name, nip and email, as for add_mentor. The old mentor leaves the cohort; agreements they
    signed stay as sealed. Refused, with nothing changed, while a mentee's agreement is being signed, when the
    person is the mentor already, or when they mentor another kecamatan. One audit event; the mentees and the
    new mentor are told, and a new person is invited."""
    mentor = lock(Mentor.objects.select_related("cohort", "user", "kecamatan"), mentor.pk, gone=MENTOR_GONE)
    cohort, kecamatan, old_name = mentor.cohort, mentor.kecamatan, mentor.user.full_name
    if signing := _agreements_in_signing(mentor):
        raise ValidationError(
            _(
                "The agreement of %(names)s names %(mentor)s and is not sealed yet: have it signed, or discard it, "
                "before another mentor takes over."
            )
            % {"names": ", ".join(signing), "mentor": old_name},
            code="signing",
        )
    user, created = find_or_create_person(**person)
    if user.pk == mentor.user_id:
        raise ValidationError(_("%(name)s is this mentor already.") % {"name": old_name}, code="same")
    successor = Mentor.objects.select_for_update(of=("self",)).filter(cohort=cohort, user=user).first()
    camat = cohort.mentors_are_camat
    if camat and successor is not None and kecamatan is not None and successor.kecamatan_id not in (None, kecamatan.pk):
        raise ValidationError(
            _("%(name)s is already the mentor of %(kecamatan)s; a mentor takes one kecamatan.")
            % {"name": user.full_name, "kecamatan": successor.kecamatan},
            code="other_kecamatan",
        )
    mentor.kecamatan = None  # freed first: under the Camat rule a kecamatan has one mentor
    mentor.save(update_fields=["kecamatan"])
    if successor is None:
        successor = Mentor.objects.create(
            cohort=cohort, user=user, kecamatan=kecamatan, position=position, grade=grade, is_camat=camat
        )
    elif kecamatan is not None and (camat or successor.kecamatan_id is None):
        successor.kecamatan = kecamatan
        successor.save(update_fields=["kecamatan"])
    mentees = list(Participant.objects.filter(mentor=mentor).select_related("user"))
    Participant.objects.filter(mentor=mentor).update(mentor=successor)
    # A roster that still names the old superior keeps this decision (participants.roster_decisions).
    Participant.objects.filter(superior=mentor).update(superior=successor, replaced_superior=mentor.user)
    record(
        Verb.MENTOR_REPLACE,
        cohort=cohort,
        actor=by,
        target=successor,
        data={"from": old_name, "to": user.full_name, "kecamatan": str(kecamatan or ""), "mentees": len(mentees)},
    )
    # Each mentee's history has the change and each mentee is told; the two mentors are told below, in their words.
    tell_mentor_changes(
        cohort, [(mentee, mentor, successor) for mentee in mentees], by=by, why="replacement", tell_mentors=False
    )
    mentor.delete()
    if created:
        invite_on_commit([user], cohort=cohort, by=by)
    _tell_mentors_of_replacement(cohort, leaving=mentor.user, successor=user, mentees=mentees)
    return successor


def _tell_mentors_of_replacement(cohort: Cohort, *, leaving: User, successor: User, mentees: list) -> None:
    """The mentor who leaves learns who takes over their mentees; the one who takes over, from whom."""
    old_name, new_name, count = leaving.full_name, successor.full_name, len(mentees)
    if mentees:
        names = ", ".join(mentee.user.full_name for mentee in mentees[:10])
        notify(
            leaving,
            lambda: (
                ngettext(
                    "%(name)s takes over as mentor of your participant in %(cohort)s: %(names)s.",
                    "%(name)s takes over as mentor of your %(count)d participants in %(cohort)s: %(names)s.",
                    count,
                )
                % {"name": new_name, "count": count, "cohort": cohort.name, "names": names}
            ),
            cohort=cohort,
            url=reverse("portal:home"),
        )
    notify(
        successor,
        lambda: (
            _("You take over from %(name)s as mentor of %(count)d participants in %(cohort)s.")
            % {"name": old_name, "count": count, "cohort": cohort.name}
        ),
        cohort=cohort,
        url=reverse("portal:home"),
    )


@transaction.atomic
def remove_mentor(mentor: Mentor, *, by: User) -> int:
    """Take a mentor off a cohort; their mentees get the mentor of the cohort's rule, or are listed without one.

    Refused, with nothing changed, for the Camat of a kecamatan with mentees (replace them instead: the kecamatan
    would be left without a mentor) and for a mentor who signed an agreement of this cohort (it names them). One
    audit event. Returns how many mentees were left without a mentor."""
    mentor = lock(Mentor.objects.select_related("cohort", "user", "kecamatan"), mentor.pk, gone=MENTOR_GONE)
    cohort, name = mentor.cohort, mentor.user.full_name
    mentees = list(Participant.objects.filter(mentor=mentor).values_list("pk", flat=True))
    if mentor.kecamatan is not None and mentees:
        raise ValidationError(
            _(
                "%(name)s is the only mentor of %(kecamatan)s, and %(count)d participants have them as mentor: "
                "replace them with the new mentor instead."
            )
            % {"name": name, "kecamatan": mentor.kecamatan, "count": len(mentees)},
            code="last_mentor",
        )
    signed = Signature.objects.filter(
        user=mentor.user, role=Signature.Role.MENTOR, agreement__plan__participant__cohort=cohort
    ).exists()
    if signed:
        raise ValidationError(
            _("%(name)s signed agreements of this cohort as mentor, so stays a mentor: replace them instead.")
            % {"name": name},
            code="signed",
        )
    record(
        Verb.MENTOR_REMOVE,
        cohort=cohort,
        actor=by,
        target=mentor,
        data={"kecamatan": str(mentor.kecamatan or ""), "mentees": len(mentees)},
    )
    Participant.objects.filter(pk__in=mentees).update(mentor_assigned_by_staff=False)
    assign_mentors(cohort, by=by, why="rule", leaving=mentor)
    mentor.delete()
    return Participant.objects.filter(pk__in=mentees, mentor__isnull=True).count()
