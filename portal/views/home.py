"""Each person's home page: a section for each role they hold."""

from django.shortcuts import render

from core.pages import page_of
from impact.followups import waiting_for
from participants.models import Cohort, Examiner
from participants.roles import menu_for
from seminars.models import Seminar

from ..selectors import (
    bureau_overview,
    cohort_overviews,
    cohort_todos,
    examiner_todo,
    mentees_of,
    mentor_todo,
    participations_of,
    plan_journey,
)

# A national organiser runs hundreds of cohorts; the home page shows the most recent ones, a page at a time.
HOME_COHORTS = 10


def home(request):
    """Anonymous visitors see what Inovasi is; a signed-in person sees a section per role."""
    if not request.user.is_authenticated:
        return render(request, "portal/landing.html")
    user = request.user
    roles = menu_for(request).roles
    context = {"roles": roles}
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
    if roles.participant:
        context["participations"] = participations = list(participations_of(user))
        for participation in participations:
            participation.next_step, participation.journey = plan_journey(participation)
    if roles.mentor:
        context["mentees"] = mentees_of(user)
        context["mentor_todo"] = mentor_todo(user)
    if roles.examiner:
        context["examiner_todo"] = examiner_todo(user)
        context["examinerships"] = Examiner.objects.held_as("examiner", user).select_related("cohort")
        context["seminars"] = Seminar.objects.filter(
            cohort__in=Examiner.objects.held_as("examiner", user).values("cohort")
        ).select_related("cohort")
    return render(request, "portal/home.html", context)
