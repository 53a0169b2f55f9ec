from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from . import pages, views

app_name = "api"

cohort = "api/cohorts/<slug:slug>/"

urlpatterns = [
    # The organisation's tokens, for its staff.
    path("organisations/<int:pk>/api-tokens/", pages.token_list, name="tokens"),
    path("organisations/<int:pk>/api-tokens/<int:token_pk>/revoke/", pages.token_revoke, name="token_revoke"),
    # The read API, with a token; its OpenAPI schema for anyone.
    path("api/", views.Root.as_view(), name="root"),
    path(
        "api/schema/", SpectacularJSONAPIView.as_view(authentication_classes=[], permission_classes=[]), name="schema"
    ),
    path("api/cohorts/", views.CohortList.as_view(), name="cohorts"),
    path(cohort, views.CohortDetail.as_view(), name="cohort"),
    path(f"{cohort}participants/", views.ParticipantList.as_view(), name="participants"),
    path(f"{cohort}works/", views.WorkList.as_view(), name="works"),
    path(f"{cohort}seminar-results/", views.SeminarResultList.as_view(), name="seminar_results"),
    path(f"{cohort}final-grades/", views.FinalGradeList.as_view(), name="final_grades"),
    path(f"{cohort}certificates/", views.CertificateList.as_view(), name="certificates"),
]
