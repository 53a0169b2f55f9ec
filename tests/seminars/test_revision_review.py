"""The mentor reviews a milestone revision as they review a plan: the agreed milestones against the revised ones,
sorted by date with their term, beside the examiners' notes it answers; and returns it with a note, after which the
participant revises again."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from innovations.models import Milestone
from participants.audit import events_of
from participants.models import Notification
from seminars import revisions
from seminars.models import Agreement, MilestoneRevision
from tests.factories import ParticipantFactory, examined_plan

State = MilestoneRevision.State
REVISED = [
    {"term": "medium", "deliverable": "Evaluasi tiga bulan", "due_date": "2017-12-31"},
    {"term": "short", "deliverable": "SK tim inovasi", "due_date": "2017-09-15"},
]


@pytest.fixture
def revision(cohort):
    plan, _examiner = examined_plan(cohort)
    return revisions.propose_revision(plan, by=plan.participant.user, milestones=REVISED)


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_mentor_sees_the_agreed_milestones_against_the_revised_ones_by_date_with_the_examiners_notes(
    client, revision
):
    plan = revision.plan
    client.force_login(plan.participant.mentor.user)

    response = client.get(reverse("seminars:agreement", args=[plan.pk]))

    body = response.content.decode()
    assert response.context["changes"] == [
        ("removed", "[Short term] SK tim (30 Sep 2017)"),
        ("added", "[Short term] SK tim inovasi (15 Sep 2017)"),
        ("added", "[Medium term] Evaluasi tiga bulan (31 Dec 2017)"),
    ]
    listed = body.split('<ul class="milestone-changes')[1].split(">", 1)[1].split("</ul>")[0]
    assert text(listed) == (
        "removed: [Short term] SK tim (30 Sep 2017) added: [Short term] SK tim inovasi (15 Sep 2017) "
        "added: [Medium term] Evaluasi tiga bulan (31 Dec 2017)"
    )
    assert "Tambah tonggak evaluasi." in body
    assert 'action="{}"'.format(reverse("seminars:revision_return", args=[plan.pk])) in body


def test_the_mentor_returns_the_revision_with_a_note_and_the_participant_is_told(client, revision):
    plan = revision.plan
    client.force_login(plan.participant.mentor.user)

    response = client.post(
        reverse("seminars:revision_return", args=[plan.pk]), {"note": "Tanggal evaluasi terlalu cepat."}
    )

    revision.refresh_from_db()
    assert response.url == reverse("seminars:agreement", args=[plan.pk])
    assert (revision.state, revision.mentor_note) == (State.RETURNED, "Tanggal evaluasi terlalu cepat.")
    event = events_of(revision).last()
    assert (event.verb, event.from_state, event.to_state, event.note) == (
        "revision.return",
        State.PROPOSED,
        State.RETURNED,
        "Tanggal evaluasi terlalu cepat.",
    )
    told = Notification.objects.get(user=plan.participant.user)
    assert told.url == reverse("seminars:agreement_revise", args=[plan.pk])
    assert told.detail == "Tanggal evaluasi terlalu cepat."
    assert not Agreement.objects.filter(plan=plan).exists()
    assert list(plan.milestones.values_list("deliverable", flat=True)) == ["SK tim"]


def test_a_return_needs_a_note_and_the_mentor(revision):
    plan = revision.plan
    with pytest.raises(ValidationError, match="write a note"):
        revisions.return_revision(revision, by=plan.participant.mentor.user, note=" ")
    other = ParticipantFactory(cohort=plan.participant.cohort).mentor.user
    with pytest.raises(ValidationError, match="mentor"):
        revisions.return_revision(revision, by=other, note="Tidak.")
    revision.refresh_from_db()
    assert revision.state == State.PROPOSED


def test_only_the_mentor_may_return_it_and_only_by_post(client, revision):
    plan = revision.plan
    url = reverse("seminars:revision_return", args=[plan.pk])
    client.force_login(plan.participant.user)
    assert client.post(url, {"note": "Saya sendiri"}).status_code == 404
    client.force_login(plan.participant.mentor.user)
    assert client.get(url).status_code == 405
    revision.refresh_from_db()
    assert revision.state == State.PROPOSED


def test_after_a_return_the_participant_revises_again_and_the_mentor_confirms(client, revision):
    plan = revision.plan
    mentor = plan.participant.mentor.user
    revisions.return_revision(revision, by=mentor, note="Tanggal evaluasi terlalu cepat.")
    client.force_login(plan.participant.user)

    page = client.get(reverse("seminars:agreement_revise", args=[plan.pk]))
    again = [{**REVISED[0], "due_date": "2018-03-31"}, REVISED[1]]
    revisions.propose_revision(plan, by=plan.participant.user, milestones=again)

    assert "Tanggal evaluasi terlalu cepat." in page.content.decode()
    assert [form.initial.get("deliverable") for form in page.context["formset"]] == [
        "SK tim inovasi",
        "Evaluasi tiga bulan",
        None,  # a blank row to add one
    ]
    revision.refresh_from_db()
    assert revision.state == State.PROPOSED
    assert revision.milestones[0]["due_date"] == "2018-03-31"
    assert [e.verb for e in events_of(revision)] == ["revision.propose", "revision.return", "revision.propose"]
    assert Notification.objects.filter(user=mentor).count() == 2
    agreement = revisions.confirm_revision(revision, by=mentor)
    assert [(m.term, m.due_date) for m in plan.milestones.order_by("due_date")] == [
        (Milestone.Term.SHORT, datetime.date(2017, 9, 15)),
        (Milestone.Term.MEDIUM, datetime.date(2018, 3, 31)),
    ]
    assert agreement.plan_id == plan.pk


def test_the_participants_home_says_the_revision_came_back_and_where_to_revise_it(client, revision):
    plan = revision.plan
    revisions.return_revision(revision, by=plan.participant.mentor.user, note="Tanggal evaluasi terlalu cepat.")
    client.force_login(plan.participant.user)

    response = client.get(reverse("portal:home"))

    step = response.context["participations"][0].next_step
    assert (step.label, step.detail, step.url) == (
        "Your mentor returned your revised milestones",
        "Tanggal evaluasi terlalu cepat.",
        reverse("seminars:agreement_revise", args=[plan.pk]),
    )
