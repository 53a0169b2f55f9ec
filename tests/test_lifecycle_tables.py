"""Every lifecycle's table drives what shows it: a state or a move left out of any part of it fails here, before it
can fail on a page (docs/architecture.md, "Add a state")."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models

from closing import certificates
from core.lifecycle import move
from core.roles import ROLES
from impact import dossiers
from impact import record as records
from innovations import catalogue, consultations, progress, reports, workflow
from innovations.approvers import WORDS, ApproverWords, Said
from innovations.models import ActionPlan, WorkReport
from participants import lifecycle
from participants.audit import Verb
from participants.models import AuditEvent, Job
from participants.rules import APPROVING
from portal import dashboard
from portal.selectors import participations_of, plan_journey
from seminars import agreements, results, revisions, scoring
from tests.factories import ActionPlanFactory, ParticipantFactory, SeminarFactory

State = ActionPlan.State
CSS = (Path(__file__).resolve().parent.parent / "static/css/inovasi.css").read_text()
# Each lifecycle module registers its table when it is imported.
MODULES = [
    catalogue,
    consultations,
    progress,
    reports,
    workflow,
    agreements,
    results,
    revisions,
    scoring,
    certificates,
    records,
    dossiers,
]
LIFECYCLES = {life.kind: life for life in lifecycle.ALL}


def test_every_lifecycle_of_the_apps_is_in_the_list():
    assert sorted(LIFECYCLES) == [
        "agreement",
        "catalogue",
        "certificate",
        "consultation",
        "dossier",
        "job",
        "plan",
        "record",
        "report",
        "results",
        "revision",
        "sheet",
        "work_report",
    ]


@pytest.mark.parametrize("kind", sorted(LIFECYCLES))
def test_every_move_has_an_audit_verb_or_says_why_it_is_quiet(kind):
    life = LIFECYCLES[kind]

    missing = [life.verb(m) for m in life.states.MOVES.values() if not m.quiet and life.verb(m) not in Verb.values]

    assert missing == []


@pytest.mark.parametrize("kind", sorted(LIFECYCLES))
def test_every_role_a_table_names_is_in_the_registry(kind):
    named = {role for m in LIFECYCLES[kind].states.MOVES.values() for role in m.by}

    assert named - ROLES.keys() == set()


@pytest.mark.parametrize("kind", sorted(LIFECYCLES))
def test_every_role_a_table_names_reaches_the_model(kind):
    life = LIFECYCLES[kind]
    named = {role for m in life.states.MOVES.values() for role in m.by} - {"system"}

    unreachable = sorted(role for role in named if not life.route.reaches(ROLES[role].anchor))

    assert unreachable == []


class Lamp(models.TextChoices):
    OFF = "off", "Off"
    ON = "on", "On"


Lamp.MOVES = {(Lamp.OFF, Lamp.ON): move("light", "staff")}  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves


def test_a_move_without_an_audit_verb_stops_the_lifecycle_from_being_made():
    with pytest.raises(ImproperlyConfigured, match=r"lamp\.light"):
        lifecycle.Lifecycle(Lamp, model=Job, kind="lamp", route=Job.ROUTE, noun="lamp")

    assert "lamp" not in {life.kind for life in lifecycle.ALL}


def test_a_quiet_move_needs_no_audit_verb():
    Lamp.MOVES = {(Lamp.OFF, Lamp.ON): move("light", "staff", quiet="a lamp keeps no history")}
    try:
        made = lifecycle.Lifecycle(Lamp, model=Job, kind="lamp", route=Job.ROUTE, noun="lamp")
    finally:
        Lamp.MOVES = {(Lamp.OFF, Lamp.ON): move("light", "staff")}
        lifecycle.ALL.remove(made)

    assert made.verb(Lamp.MOVES[Lamp.OFF, Lamp.ON]) == "lamp.light"


# The plan's table: its path, its looks, the journey and the funnel. ---------------------------------------------


def test_every_plan_state_is_on_the_path_stands_on_it_or_is_off_it_once():
    placed = [*State.PATH, *State.STANDS_AT, *State.OFF_PATH]

    assert sorted(placed) == sorted(State.values)


def test_a_state_standing_on_the_path_stands_where_a_path_state_is():
    assert set(State.STANDS_AT.values()) <= set(State.PATH)


def test_every_plan_state_has_a_look():
    assert sorted(State.LOOKS) == sorted(State.values)


def test_every_role_that_may_approve_the_design_has_its_words():
    assert sorted(WORDS) == sorted(APPROVING)


def test_every_look_that_names_the_approver_names_one_of_their_words():
    said = [part.word for look in State.LOOKS.values() for part in (look.step, look.stage) if isinstance(part, Said)]

    assert sorted(said) == ["changes", "stage", "waiting", "write"]
    assert set(said) <= set(ApproverWords.__dataclass_fields__)


def test_every_stage_of_the_path_but_its_end_has_a_name():
    nameless = [state for state in State.PATH[:-1] if not State.LOOKS[state].stage]

    assert nameless == []


@pytest.mark.parametrize("state", State.values)
def test_every_plan_state_badge_has_a_tone_in_the_stylesheet(state):
    tone = State.LOOKS[state].tone

    assert re.search(rf"^\.tone-{re.escape(tone)} \{{", CSS, re.MULTILINE) is not None


@pytest.mark.parametrize("state", [s for s in State.values if s not in State.OFF_PATH])  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
def test_the_journey_shows_a_plan_in_every_state(db, state):
    participant = ParticipantFactory()
    SeminarFactory(cohort=participant.cohort)
    ActionPlanFactory(participant=participant, state=state)
    participation = participations_of(participant.user).get()

    step, stages = plan_journey(participation)

    reached = State.PATH.index(State.STANDS_AT.get(state, state))
    assert step.label != ""
    # The factories' cohort runs the 2017 flow: its mentor approves the design.
    assert [stage.label for stage in stages] == [
        str(State.LOOKS[s].in_words(WORDS["mentor"]).stage) for s in State.PATH[:-1]
    ]
    assert [stage.status for stage in stages] == [
        "done" if reached > i else "current" if reached == i else "next" for i in range(len(State.PATH) - 1)
    ]


def test_the_journey_of_a_plain_state_is_its_looks_step(db):
    participant = ParticipantFactory()
    plan = ActionPlanFactory(participant=participant, state=State.SUBMITTED)

    step, _stages = plan_journey(participations_of(participant.user).get())

    assert (step.label, step.waiting, step.url) == (
        str(State.LOOKS[State.SUBMITTED].in_words(WORDS["mentor"]).step),
        True,
        plan.get_absolute_url(),
    )


def test_the_funnel_is_the_path(db):
    participant = ParticipantFactory()
    ActionPlanFactory(participant=participant, state=State.AGREED)

    funnel = dashboard.figures(participant.cohort)["funnel"]

    assert funnel == [(State(state).label, 1 if State.PATH.index(state) <= 4 else 0) for state in State.PATH]


# The plain buttons: a move without a page of its own. ------------------------------------------------------------


def test_no_move_of_the_plan_table_lacks_a_page_today_so_no_plain_button_shows(db):
    plan = ActionPlanFactory(state=State.DRAFT)

    moves = workflow.allowed_moves(plan, plan.participant.user)

    assert sorted(moves) == ["submit", "withdraw"]
    assert workflow.LIFECYCLE.buttons(plan, moves, own_pages=workflow.OWN_PAGES) == []


def test_the_plain_move_refuses_a_move_that_has_its_own_page(db):
    plan = ActionPlanFactory(state=State.DRAFT)

    with pytest.raises(ValidationError, match="not possible now"):
        workflow.move_plan(plan, name="withdraw", by=plan.participant.user)

    plan.refresh_from_db()
    assert plan.state == State.DRAFT


# moving(): what every transition shares. -----------------------------------------------------------------------


def test_a_refusal_inside_a_move_changes_nothing_and_records_nothing(db):
    plan = ActionPlanFactory(state=State.DRAFT)

    with pytest.raises(ValidationError, match="cannot be submitted yet"):
        workflow.submit_plan(plan, by=plan.participant.user)

    plan.refresh_from_db()
    assert plan.state == State.DRAFT
    assert AuditEvent.objects.filter(target_id=plan.pk, verb="plan.submit").count() == 0


def test_a_move_on_a_row_deleted_meanwhile_is_refused_in_words(db):
    plan = ActionPlanFactory(state=State.DRAFT)
    owner = plan.participant.user
    ActionPlan.objects.filter(pk=plan.pk).delete()

    with pytest.raises(ValidationError) as refused:
        workflow.withdraw_plan(plan, by=owner)

    assert refused.value.messages == ["Someone else removed or replaced this just now, so nothing was changed."]
    assert refused.value.code == "gone"


def test_a_move_records_one_event_with_its_verb_states_and_cohort(db):
    plan = ActionPlanFactory(state=State.DRAFT)

    workflow.withdraw_plan(plan, by=plan.participant.user, note="Pindah tugas")

    events = list(AuditEvent.objects.filter(target_id=plan.pk).values_list("verb", "from_state", "to_state", "note"))
    assert events == [("plan.withdraw", "draft", "withdrawn", "Pindah tugas")]
    assert AuditEvent.objects.get(target_id=plan.pk).cohort_id == plan.participant.cohort_id


# The report's table: its states after the seminar come by themselves. -------------------------------------------


def test_every_report_state_has_a_tone():
    assert sorted(WorkReport.State.TONES) == sorted(WorkReport.State.values)


def test_the_report_is_examined_and_signed_only_by_what_happens_to_it():
    automatic = {
        (source, target): (found.action, found.automatic)
        for (source, target), found in WorkReport.State.MOVES.items()
        if target in (WorkReport.State.EXAMINED, WorkReport.State.SIGNED)
    }

    assert automatic == {("approved", "examined"): ("examine", True), ("examined", "signed"): ("sign", True)}
