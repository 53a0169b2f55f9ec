"""Two tabs, two people, one row: of two writes from the same copy exactly one wins, the other is told and keeps
its text. 50 pairs each, on PostgreSQL."""

from functools import partial

import pytest
from django.test import Client
from django.urls import reverse

from innovations import progress
from innovations.models import ActionPlan, Milestone, ProgressReport
from participants.audit import events_of
from tests.factories import ActionPlanFactory, complete_plan
from tests.races import at_once, require_postgresql

PAIRS = 50
EMPTY_LISTS = {
    f"{kind}-{field}": value
    for kind in ("stakeholders", "risks", "milestones")
    for field, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0), ("MIN_NUM_FORMS", 0), ("MAX_NUM_FORMS", 1000))
}


def plan_form(plan, *, version, tab, title):
    return {"title": title, "cluster": plan.cluster_id, "background": f"Latar {title}", "version": version, "tab": tab}


def signed_in(user, count=2) -> list[Client]:
    clients = [Client() for _ in range(count)]
    for client in clients:
        client.force_login(user)
    return clients


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("way", ["form", "autosave"])
def test_two_tabs_saving_one_plan_at_once_exactly_one_wins_and_the_other_keeps_its_text(way):
    require_postgresql()
    plan = ActionPlanFactory()
    tabs = signed_in(plan.participant.user)
    url = reverse("innovations:edit" if way == "form" else "innovations:autosave", args=[plan.pk])
    extra = EMPTY_LISTS  # as the page posts them, in both ways: autosave saves the lists too
    won, lost = (302, 409) if way == "form" else (200, 409)

    for trial in range(PAIRS):
        version = ActionPlan.objects.get(pk=plan.pk).version
        titles = [f"Tab A {trial}", f"Tab B {trial}"]
        responses = at_once(
            *(
                partial(client.post, url, {**plan_form(plan, version=version, tab=tab * 32, title=title), **extra})
                for client, tab, title in zip(tabs, "ab", titles, strict=True)
            )
        )

        assert sorted(r.status_code for r in responses) == [won, lost], trial
        winner = next(i for i, r in enumerate(responses) if r.status_code == won)
        loser = responses[1 - winner].content.decode()
        current = ActionPlan.objects.get(pk=plan.pk)
        assert (current.version, current.title) == (version + 1, titles[winner])
        assert "saved from another tab or device" in loser
        if way == "form":
            assert f'value="{titles[1 - winner]}"' in loser  # the losing tab's text, kept in its form


@pytest.mark.django_db(transaction=True)
def test_the_mentor_verifying_and_returning_one_report_at_once_decides_it_once():
    require_postgresql()
    plan = complete_plan(state=ActionPlan.State.AGREED)
    milestone = Milestone.objects.get(plan=plan)
    mentor = plan.participant.mentor.user
    tabs = signed_in(mentor)

    for trial in range(PAIRS):
        report = progress.report_progress(
            milestone,
            by=plan.participant.user,
            status="in_progress",
            percent=50,
            narrative=f"Laporan {trial}",
            links="",
        )
        url = reverse("innovations:review_report", args=[report.pk])
        at_once(
            partial(tabs[0].post, url, {"decision": "verify"}),
            partial(tabs[1].post, url, {"decision": "return", "note": "Lengkapi bukti"}),
        )

        report.refresh_from_db()
        assert report.state in (ProgressReport.State.VERIFIED, ProgressReport.State.RETURNED), trial
        assert [e.to_state for e in events_of(report).filter(verb__startswith="report.")][1:] == [report.state]
