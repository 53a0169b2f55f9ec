from django.shortcuts import render

from innovations.selectors import cohort_overviews, mentees_of, participations_of
from seminars.models import Seminar

from .models import Cohort, Examiner
from .roles import Roles


def home(request):
    """Anonymous visitors see what Inovasi is; a signed-in person sees a section per role."""
    if not request.user.is_authenticated:
        return render(request, "participants/landing.html")
    user = request.user
    roles = Roles.of(user)
    context = {"roles": roles}
    if roles.staff:
        context["overviews"] = cohort_overviews(Cohort.objects.run_by(user))
    if roles.participant:
        context["participations"] = participations_of(user)
    if roles.mentor:
        context["mentees"] = mentees_of(user)
    if roles.examiner:
        context["examinerships"] = Examiner.objects.filter(user=user).select_related("cohort")
        context["seminars"] = Seminar.objects.filter(cohort__examiners__user=user).select_related("cohort")
    return render(request, "participants/home.html", context)
