import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from innovations import workflow
from innovations.forms import PlanForm
from innovations.models import ActionPlan, PlanVersion
from participants.audit import events_of
from participants.models import AuditEvent, Notification
from tests.factories import (
    ClusterFactory,
    CohortFactory,
    ExaminerFactory,
    ParticipantFactory,
    UserFactory,
    complete_plan,
)

State = ActionPlan.State


@pytest.fixture
def plan(cohort):
    return complete_plan(participant__cohort=cohort)


def owner(plan):
    return plan.participant.user


def mentor(plan):
    return plan.participant.mentor.user


def moved(plan, to, by, **kwargs):
    workflow.transition(plan, to=to, by=by, **kwargs)
    plan.refresh_from_db()
    return plan


def test_submit_by_owner_writes_event_and_version(plan):
    moved(plan, State.SUBMITTED, owner(plan))

    assert plan.state == State.SUBMITTED
    event = events_of(plan).get()
    assert (event.actor, event.from_state, event.to_state) == (owner(plan), "draft", "submitted")
    assert plan.versions.get().content["title"] == plan.title


@pytest.mark.parametrize(
    ("start", "target", "who"),
    [
        (State.SUBMITTED, State.APPROVED, mentor),
        (State.SUBMITTED, State.REVISION, mentor),
        (State.REVISION, State.SUBMITTED, owner),
        (State.DRAFT, State.WITHDRAWN, owner),
        (State.APPROVED, State.WITHDRAWN, owner),
    ],
)
def test_allowed_transitions(plan, start, target, who):
    ActionPlan.objects.filter(pk=plan.pk).update(state=start)
    plan.refresh_from_db()

    moved(plan, target, who(plan), note="Catatan")

    assert plan.state == target
    assert events_of(plan).get().to_state == target


def test_staff_may_withdraw_a_plan(plan, staff_user):
    moved(plan, State.WITHDRAWN, staff_user, note="Mutasi")

    assert plan.state == State.WITHDRAWN


@pytest.mark.parametrize(
    ("start", "target", "message"),
    [
        (State.DRAFT, State.APPROVED, "cannot become approved"),
        (State.DRAFT, State.EXAMINED, "cannot become examined"),
        (State.APPROVED, State.SUBMITTED, "cannot become submitted"),
        (State.AGREED, State.WITHDRAWN, "cannot become withdrawn"),
        (State.WITHDRAWN, State.EXAMINED, "cannot become examined"),
        (State.COMPLETED, State.DRAFT, "cannot become draft"),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(plan, start, target, message):
    ActionPlan.objects.filter(pk=plan.pk).update(state=start)
    plan.refresh_from_db()

    with pytest.raises(ValidationError, match=message):
        workflow.transition(plan, to=target, by=owner(plan))

    plan.refresh_from_db()
    assert plan.state == start
    assert not AuditEvent.objects.exists()


def test_only_staff_restore_a_withdrawn_plan(plan):
    ActionPlan.objects.filter(pk=plan.pk).update(state=State.WITHDRAWN)
    plan.refresh_from_db()

    with pytest.raises(ValidationError, match="You may not make this change"):
        workflow.transition(plan, to=State.SUBMITTED, by=owner(plan))

    plan.refresh_from_db()
    assert (plan.state, AuditEvent.objects.count()) == (State.WITHDRAWN, 0)


@pytest.mark.parametrize(
    ("start", "target", "actor"),
    [
        (State.DRAFT, State.SUBMITTED, "mentor"),
        (State.DRAFT, State.SUBMITTED, "other participant"),
        (State.DRAFT, State.SUBMITTED, "staff"),
        (State.SUBMITTED, State.APPROVED, "owner"),
        (State.SUBMITTED, State.APPROVED, "other mentor"),
        (State.SUBMITTED, State.APPROVED, "staff"),
        (State.SUBMITTED, State.REVISION, "examiner"),
        (State.APPROVED, State.EXAMINED, "mentor"),
        (State.DRAFT, State.WITHDRAWN, "mentor"),
    ],
)
def test_transitions_by_the_wrong_person_are_refused(plan, staff_user, start, target, actor):
    ActionPlan.objects.filter(pk=plan.pk).update(state=start)
    plan.refresh_from_db()
    people = {
        "owner": owner(plan),
        "mentor": mentor(plan),
        "staff": staff_user,
        "other participant": ParticipantFactory(cohort=plan.participant.cohort).user,
        "other mentor": ParticipantFactory(cohort=plan.participant.cohort).mentor.user,
        "examiner": ExaminerFactory(cohort=plan.participant.cohort).user,
    }

    with pytest.raises(ValidationError, match="You may not make this change"):
        workflow.transition(plan, to=target, by=people[actor], note="x")

    plan.refresh_from_db()
    assert plan.state == start
    assert not AuditEvent.objects.exists()


def test_staff_of_another_cohort_may_not_withdraw(plan):
    outsider = UserFactory(is_staff=True)
    CohortFactory().organisation.staff_members.add(outsider)

    with pytest.raises(ValidationError):
        workflow.transition(plan, to=State.WITHDRAWN, by=outsider)


def test_submit_lists_every_gap_by_name(cohort):
    ClusterFactory(cohort=cohort)
    plan = ParticipantFactory(cohort=cohort).plans.create(title="Baru")

    with pytest.raises(ValidationError) as excinfo:
        workflow.submit_plan(plan, by=plan.participant.user)

    message = excinfo.value.messages[0]
    for gap in [
        "cluster",
        "core issue",
        "background",
        "problem",
        "ideal state",
        "the innovation (terobosan)",
        "objectives",
        "benefits",
        "outputs and outcomes",
        "resources",
        "success indicators",
        "at least one stakeholder",
        "at least one risk",
        "at least one short-term milestone",
    ]:
        assert gap in message, gap
    plan.refresh_from_db()
    assert plan.state == "draft"


def test_a_cohort_without_clusters_asks_for_none(plan):
    """Latsar's cohorts usually have no clusters: the plan goes without one, and its form offers none."""
    ActionPlan.objects.filter(pk=plan.pk).update(cluster=None)
    plan.participant.cohort.clusters.all().delete()
    plan = ActionPlan.objects.get(pk=plan.pk)

    submitted = workflow.submit_plan(plan, by=plan.participant.user)

    assert (submitted.state, submitted.cluster) == ("submitted", None)
    assert PlanForm(instance=plan).has_clusters is False


def test_submit_needs_a_short_term_milestone(plan):
    plan.milestones.update(term="medium")

    with pytest.raises(ValidationError, match="at least one short-term milestone"):
        workflow.submit_plan(plan, by=owner(plan))


def test_return_needs_a_note(plan):
    moved(plan, State.SUBMITTED, owner(plan))

    with pytest.raises(ValidationError, match="write a note"):
        workflow.return_plan(plan, by=mentor(plan), note="  ")
    plan.refresh_from_db()
    assert plan.state == State.SUBMITTED


def test_return_keeps_notes_per_section(plan):
    moved(plan, State.SUBMITTED, owner(plan))

    workflow.return_plan(plan, by=mentor(plan), note="Perbaiki", section_notes={"problem": "Terlalu umum", "risks": ""})

    event = events_of(plan).get(to_state=State.REVISION)
    assert (event.note, event.data["section_notes"]) == ("Perbaiki", {"problem": "Terlalu umum"})


def test_each_submission_is_a_new_version(plan):
    original = plan.title
    moved(plan, State.SUBMITTED, owner(plan))
    moved(plan, State.REVISION, mentor(plan), note="Perbaiki")
    plan.title = "Judul baru"
    plan.save()

    moved(plan, State.SUBMITTED, owner(plan))

    assert list(PlanVersion.objects.values_list("number", "content__title")) == [(1, original), (2, "Judul baru")]


def test_notifications_go_to_the_mentor_on_submit_and_to_the_participant_on_decisions(
    plan, mailoutbox, django_capture_on_commit_callbacks
):
    plan.participant.mentor.user.email = "camat@example.org"
    plan.participant.mentor.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        moved(plan, State.SUBMITTED, owner(plan))
    with django_capture_on_commit_callbacks(execute=True):
        moved(plan, State.APPROVED, mentor(plan))

    assert [m.to for m in mailoutbox] == [["camat@example.org"], [owner(plan).email]]
    assert list(Notification.objects.values_list("user", flat=True)) == [owner(plan).pk, mentor(plan).pk]


def test_mail_waits_for_the_commit_and_is_sent_once(plan, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        moved(plan, State.SUBMITTED, owner(plan))
        assert mailoutbox == []

    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1


def test_mail_is_written_in_the_recipients_language(plan, mailoutbox, django_capture_on_commit_callbacks):
    user = owner(plan)
    user.language = "en"
    user.save()
    moved(plan, State.SUBMITTED, owner(plan))

    with django_capture_on_commit_callbacks(execute=True):
        moved(plan, State.APPROVED, mentor(plan))

    assert "approved your action plan" in mailoutbox[-1].subject


def test_staff_are_offered_the_withdrawal_the_rules_allow_them(client, cohort, staff_user):
    plan = complete_plan(participant__cohort=cohort)
    page = reverse("innovations:detail", args=[plan.pk])

    client.force_login(staff_user)
    assert client.get(page).context["moves"] == {"withdraw": "withdrawn"}
    client.post(reverse("innovations:withdraw", args=[plan.pk]), {"note": "Mengundurkan diri"})

    plan.refresh_from_db()
    assert plan.state == "withdrawn"
    client.force_login(plan.participant.user)
    assert client.get(page).context["moves"] == {}


def test_the_owner_of_a_draft_is_offered_submit_and_withdraw_and_the_mentor_nothing(client, cohort):
    plan = complete_plan(participant__cohort=cohort)
    page = reverse("innovations:detail", args=[plan.pk])

    client.force_login(plan.participant.user)
    assert client.get(page).context["moves"] == {"submit": "submitted", "withdraw": "withdrawn"}
    client.force_login(plan.participant.mentor.user)
    assert client.get(page).context["moves"] == {}
    workflow.submit_plan(plan, by=plan.participant.user)
    assert client.get(page).context["moves"] == {"return": "revision", "approve": "approved"}
