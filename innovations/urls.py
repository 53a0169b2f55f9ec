from django.urls import path

from .views import booklet, catalogue, consultations, plans, progress, reports, review

app_name = "innovations"

urlpatterns = [
    # The plan: writing, issues, attachments, submitting, history, print.
    path("plans/start/<int:participant_pk>/", plans.start, name="start"),
    path("plans/<int:pk>/", plans.detail, name="detail"),
    path("plans/<int:pk>/edit/", plans.edit, name="edit"),
    path("plans/<int:pk>/autosave/", plans.autosave, name="autosave"),
    path("plans/<int:pk>/rows/<str:kind>/", plans.row, name="row"),
    path("plans/<int:pk>/issues/", plans.issues, name="issues"),
    path("plans/<int:pk>/issues/<int:issue_pk>/", plans.issue_edit, name="issue_edit"),
    path("plans/<int:pk>/issues/<int:issue_pk>/choose/", plans.issue_choose, name="issue_choose"),
    path("plans/<int:pk>/attachments/", plans.attachment_add, name="attachment_add"),
    path("plans/<int:pk>/attachments/<int:attachment_pk>/", plans.attachment_download, name="attachment"),
    path("plans/<int:pk>/attachments/<int:attachment_pk>/delete/", plans.attachment_delete, name="attachment_delete"),
    path("plans/<int:pk>/submit/", plans.submit, name="submit"),
    path("plans/<int:pk>/withdraw/", plans.withdraw, name="withdraw"),
    path("plans/<int:pk>/restore/", plans.restore, name="restore"),
    path("plans/<int:pk>/moves/<slug:action>/", plans.move, name="move"),
    path("plans/<int:pk>/history/", plans.history, name="history"),
    path("plans/<int:pk>/versions/<int:number>/", plans.version_compare, name="version"),
    path("plans/<int:pk>/print/", plans.print_view, name="print"),
    path("plans/<int:pk>/pdf/", plans.pdf, name="pdf"),
    # The mentor's review.
    path("plans/mentees/", review.mentees, name="mentees"),
    path("plans/<int:pk>/review/", review.review, name="review"),
    path("plans/<int:pk>/approve/", review.approve, name="approve"),
    path("plans/<int:pk>/return/", review.send_back, name="return"),
    # Carrying it out, and the catalogue entry.
    path("plans/<int:pk>/progress/", progress.plan_progress, name="progress"),
    path("plans/<int:pk>/milestones/<int:milestone_pk>/report/", progress.report, name="report"),
    path("plans/<int:pk>/publish/", progress.publish, name="publish"),
    path("plans/reports/<int:report_pk>/review/", progress.review, name="review_report"),
    path("plans/evidence/<int:evidence_pk>/", progress.evidence, name="evidence"),
    # Consultations with the coach or the mentor (the "form pengendalian").
    path("plans/<int:pk>/consultations/", consultations.consultation_log, name="consultations"),
    path("plans/<int:pk>/consultations/add/", consultations.consultation_add, name="consultation_add"),
    path("plans/<int:pk>/consultations/pdf/", consultations.consultations_pdf, name="consultations_pdf"),
    path("consultations/<int:consultation_pk>/edit/", consultations.consultation_edit, name="consultation_edit"),
    path("consultations/<int:consultation_pk>/file/", consultations.consultation_file, name="consultation_file"),
    path(
        "consultations/<int:consultation_pk>/<slug:action>/", consultations.consultation_move, name="consultation_move"
    ),
    # The report stage's report, where the programme has one: written by the participant, reviewed by the coach and
    # the mentor.
    path("plans/<int:pk>/report/", reports.work_report, name="work_report"),
    path("plans/<int:pk>/report/save/", reports.work_report_save, name="work_report_save"),
    path("plans/<int:pk>/report/review/", reports.work_report_review, name="work_report_review"),
    path(
        "plans/<int:pk>/report/evidence/<int:evidence_pk>/delete/",
        reports.work_report_evidence_delete,
        name="work_report_evidence_delete",
    ),
    path("plans/<int:pk>/report/<slug:action>/", reports.work_report_move, name="work_report_move"),
    path("report-evidence/<int:evidence_pk>/", reports.work_report_evidence, name="work_report_evidence"),
    # The public catalogue, and the cohort's booklet for its staff.
    path("catalogue/", catalogue.catalogue_list, name="catalogue"),
    path("catalogue/<int:pk>/", catalogue.catalogue_detail, name="catalogue_detail"),
    path("cohorts/<slug:slug>/booklet/", booklet.booklet, name="booklet"),
    # A cohort's catalogue entries, published and withdrawn in bulk by its staff.
    path("cohorts/<slug:slug>/catalogue/", catalogue.catalogue_entries, name="catalogue_entries"),
]
