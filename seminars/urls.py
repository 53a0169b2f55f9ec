from django.urls import path, register_converter

from .views import agreements, results, schedule, scoring, setup, verify

app_name = "seminars"


class StageConverter:
    """The seminar's stage in its pages' addresses: nothing for the design seminar, so that the addresses of the
    one-seminar flow stay as they were; "report/" for the report seminar."""

    regex = "(?:report/)?"

    def to_python(self, value: str) -> str:
        return value.rstrip("/") or "design"

    def to_url(self, value: str) -> str:
        return "" if value == "design" else f"{value}/"


register_converter(StageConverter, "stage")


def seminar_pages(route: str, view, name: str) -> list:
    """A page of a cohort's seminar, named once: reversed with the cohort's slug alone it is the design seminar's
    (the view's `stage` defaults to it); with the stage too, that stage's seminar's."""
    return [
        path(f"cohorts/<slug:slug>/seminar/{route}", view, name=name),
        path(f"cohorts/<slug:slug>/seminar/<stage:stage>{route}", view, name=name),
    ]


urlpatterns = [
    # The seminars of a cohort: set-up, schedule, agenda and calendars.
    *seminar_pages("", setup.seminar_setup, "setup"),
    *seminar_pages("rubric/", setup.rubric_edit, "rubric"),
    *seminar_pages("schedule/", schedule.schedule, "schedule"),
    *seminar_pages("schedule/build/", schedule.schedule_build, "schedule_build"),
    *seminar_pages("schedule/move/", schedule.slot_move, "slot_move"),
    *seminar_pages("schedule/swap/", schedule.slot_swap, "slot_swap"),
    *seminar_pages("agenda/", schedule.agenda, "agenda"),
    *seminar_pages("agenda.pdf", schedule.agenda_pdf, "agenda_pdf"),
    *seminar_pages("seminar.ics", schedule.calendar_all, "calendar_all"),
    *seminar_pages("mine.ics", schedule.calendar_mine, "calendar_mine"),
    # Scoring and results.
    *seminar_pages("panel/", scoring.panel, "panel"),
    *seminar_pages("score/<int:plan_pk>/", scoring.score, "score"),
    *seminar_pages("sheets/<int:pk>/reopen/", scoring.sheet_reopen, "sheet_reopen"),
    *seminar_pages("results/", results.recap, "results"),
    *seminar_pages("results/minutes/", results.results_pdf, "results_pdf"),
    *seminar_pages("results/publish/", results.results_publish, "results_publish"),
    *seminar_pages("my-result/", results.my_result, "my_result"),
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
    # The report's lembar pengesahan of a cohort whose programme has a report stage, for its staff.
    path(
        "agreements/cohort/<slug:slug>/report/",
        agreements.agreement_list,
        {"stage": "report"},
        name="report_sheet_list",
    ),
    path(
        "agreements/cohort/<slug:slug>/report/prepare/",
        agreements.prepare_for_participant,
        {"stage": "report"},
        name="report_sheet_prepare_for",
    ),
    # Anyone may check a sealed agreement: these addresses are printed on the PDFs and in their QR codes.
    path("verify/", verify.verify, name="verify_form"),
    path("verify/<str:code>/", verify.verify, name="verify"),
    # Issue 16: steps that can be undone or are confirmed.
    *seminar_pages("schedule/pin/", schedule.slot_pin, "slot_pin"),
    path("agreements/cohort/<slug:slug>/prepare/", agreements.prepare_for_participant, name="agreement_prepare_for"),
]
