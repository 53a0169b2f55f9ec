"""Who approves a plan's design, and the words the plan's pages, notices and journey use for them.

The cohort's programme names the design's approver (`programmes.spec`: the design stage's `approver`, the role
`design_approver` stands for): the coach in Latsar CPNS, the mentor in the 2017 flow and in PKP, PKA and PKN.
Whatever tells the participant who reviews their plan takes its sentence from `WORDS`, by that role, so that no page
names the mentor where the coach decides and no code asks which programme a cohort runs.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.lifecycle import StrOrPromise
from participants.models import Coach, Mentor
from participants.rules import approver_of, approver_role


@dataclass(frozen=True)
class ApproverWords:
    """The sentences that name the design's approver, each whole (a translator sees the full sentence)."""

    submit: StrOrPromise  # the plan page's button
    confirm: StrOrPromise  # the question before submitting
    submitted: StrOrPromise  # the message once submitted
    asks_revision: StrOrPromise  # above the approver's note on a plan returned for revision
    approved: StrOrPromise  # the participant's notice, with %(title)s
    returned: StrOrPromise  # the participant's notice, with %(title)s
    write: StrOrPromise  # the journey's step while the plan is a draft
    changes: StrOrPromise  # the journey's step while the plan is in revision
    waiting: StrOrPromise  # the journey's step while the plan is submitted
    stage: StrOrPromise  # the journey's stage the submitted plan works through
    note: StrOrPromise  # before the approver's note on a part of the plan, on its editing page
    note_on_issue: StrOrPromise  # before the approver's note on the core issue
    locked: StrOrPromise  # why the plan can no longer be edited
    signs: StrOrPromise  # above the approver's signature on the printed plan


@dataclass(frozen=True)
class Said:
    """In a table built before any plan is known (`ActionPlan.State.LOOKS`), the design approver's sentence `word`
    (a field of `ApproverWords`): `Look.in_words` puts the plan's approver's own in its place."""

    word: str

    def by(self, words: ApproverWords) -> StrOrPromise:
        return getattr(words, self.word)


WORDS = {
    "mentor": ApproverWords(
        submit=_("Submit to my mentor"),
        confirm=_("Submit the plan to your mentor? You cannot edit it until your mentor returns it."),
        submitted=_("The plan is submitted to your mentor."),
        asks_revision=_("Your mentor asks for a revision:"),
        approved=_("Your mentor approved your action plan “%(title)s”."),
        returned=_("Your mentor returned your action plan “%(title)s” for revision."),
        write=_("Write your plan and submit it to your mentor"),
        changes=_("Your mentor asks for changes"),
        waiting=_("Waiting for your mentor's review"),
        stage=_("Approved by the mentor"),
        note=_("Mentor:"),
        note_on_issue=_("Mentor, on the core issue:"),
        locked=_("This plan can no longer be edited: it is with your mentor or past review."),
        signs=_("Approved by the mentor,"),
    ),
    "coach": ApproverWords(
        submit=_("Submit to my coach"),
        confirm=_("Submit the plan to your coach? You cannot edit it until your coach returns it."),
        submitted=_("The plan is submitted to your coach."),
        asks_revision=_("Your coach asks for a revision:"),
        approved=_("Your coach approved your action plan “%(title)s”."),
        returned=_("Your coach returned your action plan “%(title)s” for revision."),
        write=_("Write your plan and submit it to your coach"),
        changes=_("Your coach asks for changes"),
        waiting=_("Waiting for your coach's review"),
        stage=_("Approved by the coach"),
        note=_("Coach:"),
        note_on_issue=_("Coach, on the core issue:"),
        locked=_("This plan can no longer be edited: it is with your coach or past review."),
        signs=_("Approved by the coach,"),
    ),
}


def design_approver(plan) -> str:
    """The role that approves the plan's design in its cohort's programme: "mentor" or "coach"."""
    # Every programme has a design stage (programmes.spec.parse refuses one without), so there is always a role.
    return approver_role(plan.participant, "design") or "mentor"


def design_approver_of(plan) -> Mentor | Coach | None:
    """The person who approves the plan's design (the participant's mentor or coach), or None while there is none."""
    return approver_of(plan.participant, "design")


def words_for(plan) -> ApproverWords:
    """The sentences that name the plan's design approver, in the reader's language when shown."""
    return WORDS[design_approver(plan)]
