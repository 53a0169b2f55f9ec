"""The plan's history says what happened: the move, the states it went from and to, in the reader's language; and
the notes the system writes read in the reader's language too."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from innovations import progress, workflow
from innovations.models import ActionPlan
from tests.factories import complete_plan

State = ActionPlan.State


@pytest.fixture
def plan(cohort):
    return complete_plan(participant__cohort=cohort)


def lines(response) -> list[str]:
    """The history's entries as text, each on one line, without the date."""
    html = response.content.decode()
    timeline = html.split('<ol class="list-unstyled timeline">', 1)[1].split("</ol>", 1)[0]
    entries = re.findall(r"<li[^>]*>(.*?)</li>", timeline, flags=re.S)
    texts = [" ".join(re.sub(r"<[^>]+>", " ", entry).split()) for entry in entries]
    return [re.sub(r"^\d+ \w+ \d{4} \d\d:\d\d ", "", text) for text in texts]


def test_history_names_each_move_and_its_states_in_english(client, plan):
    owner, mentor = plan.participant.user, plan.participant.mentor.user
    workflow.submit_plan(plan, by=owner)
    workflow.return_plan(plan, by=mentor, note="Perjelas indikator.")
    client.force_login(owner)

    response = client.get(reverse("innovations:history", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="en")

    assert lines(response) == [
        f"Plan submitted · {owner.full_name}: Draft → Submitted",
        f"Version 1 submitted by {owner.full_name}",
        f"Plan returned for revision · {mentor.full_name}: Submitted → Revision Perjelas indikator.",
    ]


def test_history_names_each_move_and_its_states_in_indonesian(client, plan):
    owner = plan.participant.user
    workflow.submit_plan(plan, by=owner)
    client.force_login(owner)

    response = client.get(reverse("innovations:history", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="id")

    assert lines(response)[0] == f"Rencana aksi diajukan · {owner.full_name}: Draf → Diajukan"


def test_a_system_note_reads_in_the_readers_language_whatever_the_language_it_was_written_in(client, cohort):
    plan = complete_plan(participant__cohort=cohort, state=State.AGREED)
    owner, mentor = plan.participant.user, plan.participant.mentor.user
    report = progress.report_progress(
        plan.milestones.get(), by=owner, status="done", percent=100, narrative="Sudah", links=""
    )
    with translation.override("id"):  # the mentor verified the last milestone on an Indonesian page
        progress.review_report(report, by=mentor, verified=True)
    client.force_login(owner)

    english = client.get(reverse("innovations:history", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="en")
    indonesian = client.get(reverse("innovations:history", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="id")

    assert lines(english) == [
        f"Plan completed · {mentor.full_name}: Agreed → Completed Every milestone is verified done."
    ]
    assert lines(indonesian) == [
        f"Rencana aksi selesai · {mentor.full_name}: Disepakati → Selesai Semua tonggak capaian terverifikasi selesai."
    ]
