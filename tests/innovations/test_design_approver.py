"""Whoever the cohort's programme names to approve the design (the coach in Latsar CPNS, the mentor in the 2017 flow
and PKP) is the one the plan's page, its notices and the participant's journey name, and the one told of a
submission (innovations.approvers)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from innovations import approvers, workflow
from innovations.models import ActionPlan
from participants.models import Notification
from participants.rules import approver_of, approver_role
from programmes.models import Programme
from tests.factories import CohortFactory, ParticipantFactory, complete_plan
from tests.innovations.report_world import latsar_plan

State = ActionPlan.State
TITLE = "Layanan antar dokumen"


@pytest.fixture
def coached(db):
    """A Latsar CPNS draft: its participant has a coach (who approves the design) and a mentor."""
    plan = latsar_plan(state=State.DRAFT)
    ActionPlan.objects.filter(pk=plan.pk).update(title=TITLE)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def mentored(cohort):
    """A draft of the 2017 flow: its mentor approves the design."""
    return complete_plan(participant__cohort=cohort, title=TITLE)


def submit_button(client, plan) -> tuple[str, str]:
    """The plan page's submit form, as its owner sees it: (its button's text, its confirmation's question)."""
    client.force_login(plan.participant.user)
    html = client.get(reverse("innovations:detail", args=[plan.pk])).content.decode()
    action = reverse("innovations:submit", args=[plan.pk])
    found = re.search(rf'action="{action}" data-confirm="([^"]*)".*?<button[^>]*>([^<]*)</button>', html, re.S)
    assert found is not None
    return found[2], found[1]


def notices(user) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("texts__en", "texts__id"))


def next_step(client, plan):
    client.force_login(plan.participant.user)
    [participation] = client.get(reverse("portal:home")).context["participations"]
    return participation


# Who approves --------------------------------------------------------------------------------------------------


def test_the_design_approver_is_the_one_the_programme_names(coached, mentored):
    assert (approvers.design_approver(coached), approvers.design_approver(mentored)) == ("coach", "mentor")
    assert approvers.design_approver_of(coached) == coached.participant.coach
    assert approvers.design_approver_of(mentored) == mentored.participant.mentor


def test_pkp_names_the_mentor_for_the_design_and_the_report(db):
    pkp = Programme.objects.get(code="pkp")
    participant = ParticipantFactory(cohort=CohortFactory(programme=pkp, spec=pkp.spec), with_coach=True)

    assert [approver_role(participant, stage) for stage in ("design", "report")] == ["mentor", "mentor"]
    assert approver_of(participant, "report") == participant.mentor


def test_a_stage_the_programme_lacks_has_no_approver(mentored):
    assert (approver_role(mentored.participant, "report"), approver_of(mentored.participant, "report")) == (None, None)


def test_a_participant_without_their_approver_yet_has_none(cohort):
    participant = ParticipantFactory(cohort=cohort, mentor=None)

    assert approver_of(participant, "design") is None


# The coach, in Latsar CPNS ---------------------------------------------------------------------------------------


def test_the_latsar_plan_page_offers_to_submit_to_the_coach(client, coached):
    assert submit_button(client, coached) == (
        "Submit to my coach",
        "Submit the plan to your coach? You cannot edit it until your coach returns it.",
    )


def test_submitting_a_latsar_plan_tells_the_coach_and_not_the_mentor(
    client, coached, django_capture_on_commit_callbacks
):
    client.force_login(coached.participant.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("innovations:submit", args=[coached.pk]), follow=True)

    coached.refresh_from_db()
    assert coached.state == State.SUBMITTED
    assert [str(m) for m in response.context["messages"]] == ["The plan is submitted to your coach."]
    assert notices(coached.participant.coach.user) == [
        (
            f"{coached.participant.user.full_name} submitted the action plan “{TITLE}” for your review.",
            f"{coached.participant.user.full_name} mengajukan rencana aksi “{TITLE}” untuk Anda telaah.",
        )
    ]
    assert notices(coached.participant.mentor.user) == []


def test_the_coach_approving_tells_the_participant_in_the_coachs_words(coached, django_capture_on_commit_callbacks):
    workflow.submit_plan(coached, by=coached.participant.user)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve_plan(coached, by=coached.participant.coach.user)

    assert notices(coached.participant.user) == [
        (f"Your coach approved your action plan “{TITLE}”.", f"Coach Anda menyetujui rencana aksi Anda “{TITLE}”.")
    ]


def test_the_coach_returning_tells_the_participant_in_the_coachs_words(coached, django_capture_on_commit_callbacks):
    workflow.submit_plan(coached, by=coached.participant.user)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_plan(coached, by=coached.participant.coach.user, note="Perjelas indikator")

    assert notices(coached.participant.user) == [
        (
            f"Your coach returned your action plan “{TITLE}” for revision.",
            f"Coach Anda mengembalikan rencana aksi Anda “{TITLE}” untuk diperbaiki.",
        )
    ]


def steps_before_approval(client, plan, approver) -> tuple[list[str], list[str]]:
    """The participant's next step as a draft, once submitted and once returned by `approver`; and the first two
    stages of the journey once submitted."""
    steps = [next_step(client, plan).next_step.label]
    workflow.submit_plan(plan, by=plan.participant.user)
    submitted = next_step(client, plan)
    steps.append(submitted.next_step.label)
    workflow.return_plan(plan, by=approver, note="Perjelas indikator")
    steps.append(next_step(client, plan).next_step.label)
    return steps, [stage.label for stage in submitted.journey][:2]


def test_the_latsar_journey_names_the_coach_at_each_step_before_approval(client, coached):
    steps, stages = steps_before_approval(client, coached, coached.participant.coach.user)

    assert steps == [
        "Write your plan and submit it to your coach",
        "Waiting for your coach's review",
        "Your coach asks for changes",
    ]
    assert stages == ["Written", "Approved by the coach"]


def test_a_returned_latsar_plan_shows_the_coachs_request(client, coached):
    workflow.submit_plan(coached, by=coached.participant.user)
    workflow.return_plan(coached, by=coached.participant.coach.user, note="Perjelas indikator")
    client.force_login(coached.participant.user)

    html = client.get(reverse("innovations:detail", args=[coached.pk])).content.decode()

    assert re.findall(r"<strong>(Your \w+ asks for a revision:)</strong>", html) == ["Your coach asks for a revision:"]


def test_the_coachs_notes_on_the_editing_page_are_the_coachs_and_a_submitted_plan_is_with_the_coach(client, coached):
    workflow.submit_plan(coached, by=coached.participant.user)
    workflow.return_plan(
        coached, by=coached.participant.coach.user, note="Perjelas", section_notes={"problem": "Terlalu umum"}
    )
    client.force_login(coached.participant.user)

    html = client.get(reverse("innovations:edit", args=[coached.pk])).content.decode()
    workflow.submit_plan(ActionPlan.objects.get(pk=coached.pk), by=coached.participant.user)
    locked = client.get(reverse("innovations:edit", args=[coached.pk]), follow=True)

    assert re.findall(r'<aside class="mentor-note mb-3">([^<]*)</aside>', html) == ["Coach: Terlalu umum"]
    assert [str(m) for m in locked.context["messages"]] == [
        "This plan can no longer be edited: it is with your coach or past review."
    ]


def test_the_coachs_words_are_in_indonesian():
    coach = approvers.WORDS["coach"]

    with translation.override("id"):
        words = [str(coach.submit), str(coach.submitted), str(coach.waiting), str(coach.stage)]

    assert words == [
        "Ajukan kepada coach saya",
        "Rencana aksi telah diajukan kepada coach Anda.",
        "Menunggu telaah coach Anda",
        "Disetujui coach",
    ]


# The mentor, in the 2017 flow: the same texts as before the programmes ----------------------------------------------


def test_the_2017_plan_page_offers_to_submit_to_the_mentor(client, mentored):
    assert submit_button(client, mentored) == (
        "Submit to my mentor",
        "Submit the plan to your mentor? You cannot edit it until your mentor returns it.",
    )


def test_submitting_a_2017_plan_tells_the_mentor(client, mentored, django_capture_on_commit_callbacks):
    client.force_login(mentored.participant.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("innovations:submit", args=[mentored.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["The plan is submitted to your mentor."]
    assert [en for en, _id in notices(mentored.participant.mentor.user)] == [
        f"{mentored.participant.user.full_name} submitted the action plan “{TITLE}” for your review."
    ]


def test_the_mentor_deciding_tells_the_participant_in_the_mentors_words(mentored, django_capture_on_commit_callbacks):
    workflow.submit_plan(mentored, by=mentored.participant.user)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_plan(mentored, by=mentored.participant.mentor.user, note="Perjelas indikator")
    workflow.submit_plan(mentored, by=mentored.participant.user)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve_plan(mentored, by=mentored.participant.mentor.user)

    assert notices(mentored.participant.user) == [
        (
            f"Your mentor returned your action plan “{TITLE}” for revision.",
            f"Mentor Anda mengembalikan rencana aksi Anda “{TITLE}” untuk diperbaiki.",
        ),
        (f"Your mentor approved your action plan “{TITLE}”.", f"Mentor Anda menyetujui rencana aksi Anda “{TITLE}”."),
    ]


def test_the_2017_journey_names_the_mentor_at_each_step_before_approval(client, mentored):
    steps, stages = steps_before_approval(client, mentored, mentored.participant.mentor.user)

    assert steps == [
        "Write your plan and submit it to your mentor",
        "Waiting for your mentor's review",
        "Your mentor asks for changes",
    ]
    assert stages == ["Written", "Approved by the mentor"]


def test_the_review_tab_is_the_design_approvers(client, coached):
    """In Latsar the coach reviews the design: the coach sees the plan's review tab, the mentor (who cannot open the
    review) does not."""
    workflow.submit_plan(coached, by=coached.participant.user)
    review = f'href="{reverse("innovations:review", args=[coached.pk])}"'
    shown = {}
    for who in ("coach", "mentor"):
        client.force_login(getattr(coached.participant, who).user)
        shown[who] = review in client.get(reverse("innovations:detail", args=[coached.pk])).content.decode()

    assert shown == {"coach": True, "mentor": False}
