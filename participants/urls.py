from django.urls import path

from .views import accounts, jobs, notifications, roster, sharing

app_name = "participants"


def _import(kind: str, at: str, name: str) -> list:
    """An import's three steps (upload, preview, confirm) at cohorts/<slug>/<at>, named <name>_upload and so on."""
    return [
        path(f"cohorts/<slug:slug>/{at}", roster.upload, {"kind": kind}, name=f"{name}_upload"),
        path(f"cohorts/<slug:slug>/{at}<str:token>/", roster.preview, {"kind": kind}, name=f"{name}_preview"),
        path(f"cohorts/<slug:slug>/{at}<str:token>/confirm/", roster.confirm, {"kind": kind}, name=f"{name}_confirm"),
    ]


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
    path("accounts/sharing/", sharing.sharing, name="sharing"),
    path("plans/notifications/", notifications.notification_list, name="notifications"),
    path("plans/notifications/read/", notifications.notifications_read, name="notifications_read"),
    path("downloads/", jobs.downloads, name="downloads"),
    path("downloads/<int:pk>/file/", jobs.download_file, name="download_file"),
    path("downloads/<int:pk>/retry/", jobs.job_retry, name="job_retry"),
    path("cohorts/<slug:slug>/background/", jobs.cohort_jobs, name="cohort_jobs"),
    path("cohorts/<slug:slug>/background/mail/retry/", jobs.mail_retry, name="mail_retry"),
    # The roster, the mentors, the examiners and the coaches: one import, four kinds (participants.people_import).
    path("cohorts/<slug:slug>/import-form/<slug:kind>/", roster.import_template, name="import_template"),
    *_import("roster", "import/", "roster"),
    *_import("mentors", "mentors/import/", "mentor_import"),
    *_import("examiners", "examiners/import/", "examiner_import"),
    *_import("coaches", "coaches/import/", "coach_import"),
]
