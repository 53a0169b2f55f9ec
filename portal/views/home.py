"""Each person's home page: a section for each role they hold."""

from django.shortcuts import render

from core.pages import page_of
from impact.followups import waiting_for
from participants.models import Cohort, Examiner
from participants.roles import menu_for
from participants.rules import MEMBERSHIPS
from seminars.models import Seminar

from ..selectors import (
    bureau_overview,
    cohort_overviews,
    cohort_todos,
    participations_of,
    people_held_as,
    plan_journey,
)
from ..todos import coach_todo, examiner_todo, mentor_todo

# A national organiser runs hundreds of cohorts; the home page shows the most recent ones, a page at a time.
HOME_COHORTS = 10


def _participant(user) -> dict:
    participations = list(participations_of(user))
    for participation in participations:
        participation.next_step, participation.journey = plan_journey(participation)
    return {"participations": participations}


def _coach(user) -> dict:
    return {"coachees": people_held_as("coach", user), "coach_todo": coach_todo(user)}


def _mentor(user) -> dict:
    return {"mentees": people_held_as("mentor", user), "mentor_todo": mentor_todo(user)}


def _examiner(user) -> dict:
    examinerships = Examiner.objects.held_as("examiner", user).select_related("cohort")
    return {
        "examiner_todo": examiner_todo(user),
        "examinerships": examinerships,
        "seminars": Seminar.objects.filter(cohort__in=examinerships.values("cohort")).select_related("cohort"),
    }


# Each membership's section of the home page (participants.rules.MEMBERSHIPS, in its order): its template and
# what it shows; a membership without one has no section.
SECTIONS = {
    "participant": ("portal/_home_participant.html", _participant),
    "coach": ("portal/_home_coach.html", _coach),
    "mentor": ("portal/_home_mentor.html", _mentor),
    "examiner": ("portal/_home_examiner.html", _examiner),
}


def home(request):
    """Anonymous visitors see what Inovasi is; a signed-in person sees a section per role."""
    if not request.user.is_authenticated:
        return render(request, "portal/landing.html")
    user = request.user
    roles = menu_for(request).roles
    context = {"roles": roles, "sections": []}
    if roles.staff:
        page = page_of(request, Cohort.objects.run_by(user).only("pk"), HOME_COHORTS)
        context["page"] = page
        cohorts = Cohort.objects.filter(pk__in=[cohort.pk for cohort in page])
        context["overviews"] = cohort_overviews(cohorts)
        todos = cohort_todos(cohorts)
        for overview in context["overviews"]:
            overview.todo = todos[overview.cohort.pk]
    if roles.bureau:
        context["bureau"] = bureau_overview(user)
    if roles.participant or roles.mentor:
        # The one-year follow-ups waiting for an answer, as an alumnus or as a mentor.
        context["follow_ups"] = list(waiting_for(user))
    for membership in MEMBERSHIPS:
        if membership.name in roles.held and membership.name in SECTIONS:
            template, section = SECTIONS[membership.name]
            context["sections"].append(template)
            context.update(section(user))
    return render(request, "portal/home.html", context)
