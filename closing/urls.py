from django.urls import path

from .views import certificates, grade_import, grades

app_name = "closing"

cohort = "cohorts/<slug:slug>/"

urlpatterns = [
    # The final grades: the grid, its rules, its recap, and the import of entered components.
    path(f"{cohort}grades/", grades.grade_list, name="grades"),
    path(f"{cohort}grades/rules/", grades.grading_rules, name="grading_rules"),
    path(f"{cohort}grades/recap/", grades.recap_pdf, name="recap_pdf"),
    path(f"{cohort}grades/import/", grade_import.grade_upload, name="grade_import"),
    path(f"{cohort}grades/import/<str:token>/", grade_import.grade_import_preview, name="grade_import_preview"),
    path(f"{cohort}grades/import/<str:token>/confirm/", grade_import.grade_import_confirm, name="grade_import_confirm"),
    path(f"{cohort}grades/import-form/", grade_import.grade_import_template, name="grade_import_template"),
    # Certificates, and the national record.
    path(f"{cohort}certificates/", certificates.certificate_list, name="certificates"),
    path(f"{cohort}certificates/issue/", certificates.certificate_issue, name="certificate_issue"),
    path(f"{cohort}certificates/<int:pk>/revoke/", certificates.certificate_revoke, name="certificate_revoke"),
    path(f"{cohort}certificates/<int:pk>/reissue/", certificates.certificate_reissue, name="certificate_reissue"),
    path(f"{cohort}certificates/archive/", certificates.certificate_archive, name="certificate_archive"),
    path(f"{cohort}certificates/siasn/", certificates.siasn_export, name="siasn"),
    path(f"{cohort}my-certificate/", certificates.my_certificates, name="my_certificates"),
    path("certificates/<int:pk>/pdf/", certificates.certificate_pdf, name="certificate_pdf"),
]
