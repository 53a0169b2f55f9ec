from django.urls import path

from .views import agreements, results, schedule, scoring, setup, verify

app_name = "seminars"

seminar = "cohorts/<slug:slug>/seminar/"

urlpatterns = [
    # The seminar of a cohort: set-up, schedule, agenda and calendars.
    path(seminar, setup.seminar_setup, name="setup"),
    path(f"{seminar}rubric/", setup.rubric_edit, name="rubric"),
    path(f"{seminar}schedule/", schedule.schedule, name="schedule"),
    path(f"{seminar}schedule/build/", schedule.schedule_build, name="schedule_build"),
    path(f"{seminar}schedule/move/", schedule.slot_move, name="slot_move"),
    path(f"{seminar}schedule/swap/", schedule.slot_swap, name="slot_swap"),
    path(f"{seminar}agenda/", schedule.agenda, name="agenda"),
    path(f"{seminar}agenda.pdf", schedule.agenda_pdf, name="agenda_pdf"),
    path(f"{seminar}seminar.ics", schedule.calendar_all, name="calendar_all"),
    path(f"{seminar}mine.ics", schedule.calendar_mine, name="calendar_mine"),
    # Scoring and results.
    path(f"{seminar}panel/", scoring.panel, name="panel"),
    path(f"{seminar}score/<int:plan_pk>/", scoring.score, name="score"),
    path(f"{seminar}sheets/<int:pk>/reopen/", scoring.sheet_reopen, name="sheet_reopen"),
    path(f"{seminar}results/", results.recap, name="results"),
    path(f"{seminar}results/minutes/", results.results_pdf, name="results_pdf"),
    path(f"{seminar}results/publish/", results.results_publish, name="results_publish"),
    path(f"{seminar}my-result/", results.my_result, name="my_result"),
    # The agreement of a plan, and the cohort's agreements for its staff.
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement"),
    path("agreements/<int:pk>/revise/", agreements.revise, name="agreement_revise"),
    path("agreements/<int:pk>/confirm/", agreements.confirm, name="revision_confirm"),
    path("agreements/<int:pk>/return/", agreements.return_revision, name="revision_return"),
    path("agreements/<int:pk>/prepare/", agreements.prepare, name="agreement_prepare"),
    path("agreements/<int:pk>/sign/", agreements.sign, name="agreement_sign"),
    path("agreements/<int:pk>/pdf/", agreements.sealed_pdf, name="agreement_pdf"),
    # The report's lembar pengesahan: the same pages for the report stage's sheet.
    path("agreements/<int:pk>/report/", agreements.agreement_detail, {"stage": "report"}, name="report_sheet"),
    path("agreements/<int:pk>/report/prepare/", agreements.prepare, {"stage": "report"}, name="report_sheet_prepare"),
    path("agreements/<int:pk>/report/sign/", agreements.sign, {"stage": "report"}, name="report_sheet_sign"),
    path("agreements/<int:pk>/report/pdf/", agreements.sealed_pdf, {"stage": "report"}, name="report_sheet_pdf"),
    path("agreements/cohort/<slug:slug>/", agreements.agreement_list, name="agreement_list"),
    path("agreements/cohort/<slug:slug>/remind/", agreements.remind, name="agreement_remind"),
    path("agreements/cohort/<slug:slug>/sealed-archive/", agreements.sealed_zip, name="agreement_zip"),
    # Anyone may check a sealed agreement: these addresses are printed on the PDFs and in their QR codes.
    path("verify/", verify.verify, name="verify_form"),
    path("verify/<str:code>/", verify.verify, name="verify"),
    # Issue 16: steps that can be undone or are confirmed.
    path(f"{seminar}schedule/pin/", schedule.slot_pin, name="slot_pin"),
    path("agreements/cohort/<slug:slug>/prepare/", agreements.prepare_for_participant, name="agreement_prepare_for"),
]
