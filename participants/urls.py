from django.urls import path

from .views import accounts, jobs, notifications, roster

app_name = "participants"

urlpatterns = [
    path("accounts/login/", accounts.login, name="login"),
    path("accounts/logout/", accounts.logout, name="logout"),
    path("accounts/password/change/", accounts.password_change, name="password_change"),
    path("accounts/password/change/done/", accounts.password_change_done, name="password_change_done"),
    path("accounts/password/reset/", accounts.password_reset, name="password_reset"),
    path("accounts/password/reset/sent/", accounts.password_reset_done, name="password_reset_done"),
    path("accounts/password/reset/<uidb64>/<token>/", accounts.password_reset_confirm, name="password_reset_confirm"),
    path("accounts/password/reset/complete/", accounts.password_reset_complete, name="password_reset_complete"),
    path("accounts/welcome/<uidb64>/<token>/", accounts.welcome, name="welcome"),
    path("plans/notifications/", notifications.notification_list, name="notifications"),
    path("plans/notifications/read/", notifications.notifications_read, name="notifications_read"),
    path("downloads/", jobs.downloads, name="downloads"),
    path("downloads/<int:pk>/file/", jobs.download_file, name="download_file"),
    path("downloads/<int:pk>/retry/", jobs.job_retry, name="job_retry"),
    path("cohorts/<slug:slug>/background/", jobs.cohort_jobs, name="cohort_jobs"),
    path("cohorts/<slug:slug>/background/mail/retry/", jobs.mail_retry, name="mail_retry"),
    path("cohorts/<slug:slug>/import/", roster.roster_upload, name="roster_upload"),
    path("cohorts/<slug:slug>/import/<str:token>/", roster.roster_preview, name="roster_preview"),
    path("cohorts/<slug:slug>/import/<str:token>/confirm/", roster.roster_confirm, name="roster_confirm"),
    path("cohorts/<slug:slug>/import-form/<slug:kind>/", roster.import_template, name="import_template"),
    path("cohorts/<slug:slug>/mentors/import/", roster.mentor_import_upload, name="mentor_import_upload"),
    path("cohorts/<slug:slug>/mentors/import/<str:token>/", roster.mentor_import_preview, name="mentor_import_preview"),
    path(
        "cohorts/<slug:slug>/mentors/import/<str:token>/confirm/",
        roster.mentor_import_confirm,
        name="mentor_import_confirm",
    ),
    path("cohorts/<slug:slug>/examiners/import/", roster.examiner_import_upload, name="examiner_import_upload"),
    path(
        "cohorts/<slug:slug>/examiners/import/<str:token>/",
        roster.examiner_import_preview,
        name="examiner_import_preview",
    ),
    path(
        "cohorts/<slug:slug>/examiners/import/<str:token>/confirm/",
        roster.examiner_import_confirm,
        name="examiner_import_confirm",
    ),
]
