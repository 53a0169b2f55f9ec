from django.urls import path

from .views import accounts, notifications, roster

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
    path("cohorts/<slug:slug>/import/", roster.roster_upload, name="roster_upload"),
    path("cohorts/<slug:slug>/import/<str:token>/", roster.roster_preview, name="roster_preview"),
    path("cohorts/<slug:slug>/import/<str:token>/confirm/", roster.roster_confirm, name="roster_confirm"),
]
