from django.urls import path

from . import progress_views, views

app_name = "innovations"

urlpatterns = [
    path("start/<int:participant_pk>/", views.start, name="start"),
    path("mentees/", views.mentees, name="mentees"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/rows/<str:kind>/", views.row, name="row"),
    path("<int:pk>/issues/", views.issues, name="issues"),
    path("<int:pk>/issues/<int:issue_pk>/", views.issue_edit, name="issue_edit"),
    path("<int:pk>/issues/<int:issue_pk>/choose/", views.issue_choose, name="issue_choose"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/attachments/<int:attachment_pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/return/", views.send_back, name="return"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/versions/<int:number>/", views.version_compare, name="version"),
    path("<int:pk>/print/", views.print_view, name="print"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/progress/", progress_views.plan_progress, name="progress"),
    path("<int:pk>/milestones/<int:milestone_pk>/report/", progress_views.report, name="report"),
    path("<int:pk>/publish/", progress_views.publish, name="publish"),
    path("reports/<int:report_pk>/review/", progress_views.review, name="review_report"),
    path("evidence/<int:evidence_pk>/", progress_views.evidence, name="evidence"),
]
