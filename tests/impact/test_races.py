"""Two people or two tabs at once on the innovation after its cohort, on PostgreSQL: a follow-up answered twice,
a measure added while the mentor confirms, one innovation chosen twice. 20 rounds each."""

import datetime
from functools import partial

import pytest

from impact import dossiers, followups
from impact import record as records
from impact.demo import demo_photo
from impact.models import Answer, Dossier, FollowUp, Question, Questionnaire
from innovations.models import ActionPlan
from innovations.records import InnovationRecord, Measurement
from participants.models import AuditEvent
from tests.factories import UserFactory, complete_plan
from tests.races import at_once, require_postgresql

from .conftest import fill_record

ROUNDS = 20
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_follow_up_answered_twice_at_once_keeps_one_set_of_answers():
    require_postgresql()
    for _ in range(ROUNDS):
        plan = complete_plan(state=ActionPlan.State.AGREED)
        questionnaire = Questionnaire.objects.create(cohort=plan.participant.cohort)
        question = questionnaire.questions.create(text="Sejauh mana?", kind=Question.Kind.SCALE)
        followups.send_cohort(plan.participant.cohort)
        asked = FollowUp.objects.get(plan=plan, respondent="alumnus")
        answer = partial(followups.answer, asked, by=plan.participant.user)

        results = at_once(partial(answer, answers=[(question, 4)]), partial(answer, answers=[(question, 2)]))

        refused = [r for r in results if isinstance(r, Exception)]
        assert [str(r.messages[0]) for r in refused] == [
            "This follow-up is already answered: your first answers stand."
        ]
        assert Answer.objects.filter(follow_up=asked).count() == 1


def test_a_measure_added_while_the_mentor_confirms_is_never_confirmed_unseen():
    require_postgresql()
    for _ in range(ROUNDS):
        plan = complete_plan(state=ActionPlan.State.AGREED)
        record = fill_record(plan, confirm=False)
        records.transition(record, to=records.State.SUBMITTED, by=plan.participant.user)
        record.refresh_from_db()
        indicator = record.indicators.get()

        at_once(
            partial(
                records.transition,
                record,
                to=records.State.CONFIRMED,
                by=plan.participant.mentor.user,
                version=record.version,
            ),
            partial(
                records.add_measurement,
                indicator,
                by=plan.participant.user,
                value=1,
                measured_on=datetime.date(2019, 8, 1),
                note="",
                evidence=demo_photo("baru", (1, 1, 1)),
            ),
        )

        late = Measurement.objects.get(indicator=indicator, measured_on=datetime.date(2019, 8, 1))
        assert late.confirmed_at is None
        assert InnovationRecord.objects.get(pk=record.pk).has_changes is True


def test_one_innovation_chosen_twice_at_once_goes_forward_once():
    require_postgresql()
    for _ in range(ROUNDS):
        plan = complete_plan(state=ActionPlan.State.AGREED)
        staff = [UserFactory(), UserFactory()]
        organisation = plan.participant.cohort.organisation
        choose = partial(dossiers.choose, plan, Dossier.Form.KIPP, organisation=organisation)

        results = at_once(partial(choose, by=staff[0]), partial(choose, by=staff[1]))

        assert sorted(created for _dossier, created in results) == [False, True]
        assert Dossier.objects.filter(plan=plan).count() == 1
        assert AuditEvent.objects.filter(verb="dossier.choose", target_id=results[0][0].pk).count() == 1
