from django.urls import path

from .views import audit, coaches, cohorts, dashboard, home, organisations, people

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    # Organisations: superusers create them and choose their staff; their staff keep their identity.
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:pk>/letterhead.pdf", organisations.organisation_letterhead, name="organisation_letterhead"
    ),
    path("organisations/<int:pk>/staff/new/", organisations.organisation_staff_add, name="organisation_staff_add"),
    path(
        "organisations/<int:pk>/staff/<int:user_pk>/remove/",
        organisations.organisation_staff_remove,
        name="organisation_staff_remove",
    ),
    path("cohorts/", cohorts.cohort_list, name="cohort_list"),
    path("cohorts/new/", cohorts.cohort_create, name="cohort_create"),
    path("cohorts/<slug:slug>/", cohorts.cohort_detail, name="cohort_detail"),
    path("cohorts/<slug:slug>/edit/", cohorts.cohort_edit, name="cohort_edit"),
    path("cohorts/<slug:slug>/dashboard/", dashboard.cohort_dashboard, name="dashboard"),
    path("cohorts/<slug:slug>/audit/", audit.audit, name="audit"),
    path("cohorts/<slug:slug>/participants/", people.participant_list, name="participant_list"),
    path("cohorts/<slug:slug>/participants/<int:pk>/mentor/", people.participant_mentor, name="participant_mentor"),
    path("cohorts/<slug:slug>/mentors/", people.mentor_list, name="mentor_list"),
    path("cohorts/<slug:slug>/mentors/new/", people.mentor_create, name="mentor_create"),
    path("cohorts/<slug:slug>/examiners/", people.examiner_list, name="examiner_list"),
    path("cohorts/<slug:slug>/examiners/new/", people.examiner_create, name="examiner_create"),
    path("cohorts/<slug:slug>/examiners/<int:pk>/remove/", people.examiner_remove, name="examiner_remove"),
    path("cohorts/<slug:slug>/people/<int:user_pk>/invite/", people.invite, name="invite"),
    path("cohorts/<slug:slug>/invite-pending/", people.invite_pending, name="invite_pending"),
    # Each person's page, for staff: their data, and the changes a cohort sees on its way (issue 16).
    path("cohorts/<slug:slug>/participants/<int:pk>/", people.participant_detail, name="participant_detail"),
    path("cohorts/<slug:slug>/participants/<int:pk>/edit/", people.participant_edit, name="participant_edit"),
    path(
        "cohorts/<slug:slug>/participants/<int:pk>/withdraw/", people.participant_withdraw, name="participant_withdraw"
    ),
    path("cohorts/<slug:slug>/participants/<int:pk>/restore/", people.participant_restore, name="participant_restore"),
    path("cohorts/<slug:slug>/mentors/<int:pk>/", people.mentor_detail, name="mentor_detail"),
    path("cohorts/<slug:slug>/mentors/<int:pk>/edit/", people.mentor_edit, name="mentor_edit"),
    path("cohorts/<slug:slug>/mentors/<int:pk>/replace/", people.mentor_replace, name="mentor_replace"),
    path("cohorts/<slug:slug>/mentors/<int:pk>/remove/", people.mentor_remove, name="mentor_remove"),
    path("cohorts/<slug:slug>/examiners/<int:pk>/", people.examiner_detail, name="examiner_detail"),
    path("cohorts/<slug:slug>/examiners/<int:pk>/edit/", people.examiner_edit, name="examiner_edit"),
    # Coaches, where the cohort's programme has them (issue 24); a 404 elsewhere.
    path("cohorts/<slug:slug>/coaches/", coaches.coach_list, name="coach_list"),
    path("cohorts/<slug:slug>/coaches/new/", coaches.coach_create, name="coach_create"),
    path("cohorts/<slug:slug>/coaches/<int:pk>/", coaches.coach_detail, name="coach_detail"),
    path("cohorts/<slug:slug>/coaches/<int:pk>/edit/", coaches.coach_edit, name="coach_edit"),
    path("cohorts/<slug:slug>/participants/<int:pk>/coach/", coaches.participant_coach, name="participant_coach"),
]
