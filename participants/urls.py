from django.contrib.auth import views as auth_views
from django.urls import path

from . import staff_views, views
from .forms import SignInForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns += [
    path("accounts/welcome/<uidb64>/<token>/", staff_views.WelcomeView.as_view(), name="welcome"),
    path("cohorts/", staff_views.cohort_list, name="cohort_list"),
    path("cohorts/new/", staff_views.cohort_create, name="cohort_create"),
    path("cohorts/<slug:slug>/", staff_views.cohort_detail, name="cohort_detail"),
    path("cohorts/<slug:slug>/edit/", staff_views.cohort_edit, name="cohort_edit"),
    path("cohorts/<slug:slug>/participants/", staff_views.participant_list, name="participant_list"),
    path("cohorts/<slug:slug>/audit/", staff_views.audit, name="audit"),
    path(
        "cohorts/<slug:slug>/participants/<int:pk>/mentor/", staff_views.participant_mentor, name="participant_mentor"
    ),
    path("cohorts/<slug:slug>/mentors/", staff_views.mentor_list, name="mentor_list"),
    path("cohorts/<slug:slug>/mentors/new/", staff_views.mentor_create, name="mentor_create"),
    path("cohorts/<slug:slug>/examiners/", staff_views.examiner_list, name="examiner_list"),
    path("cohorts/<slug:slug>/examiners/new/", staff_views.examiner_create, name="examiner_create"),
    path("cohorts/<slug:slug>/examiners/<int:pk>/remove/", staff_views.examiner_remove, name="examiner_remove"),
    path("cohorts/<slug:slug>/people/<int:user_pk>/invite/", staff_views.invite, name="invite"),
    path("cohorts/<slug:slug>/invite-pending/", staff_views.invite_pending, name="invite_pending"),
    path("cohorts/<slug:slug>/import/", staff_views.roster_upload, name="roster_upload"),
    path("cohorts/<slug:slug>/import/<str:token>/", staff_views.roster_preview, name="roster_preview"),
    path("cohorts/<slug:slug>/import/<str:token>/confirm/", staff_views.roster_confirm, name="roster_confirm"),
]
