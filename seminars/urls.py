from django.urls import path

from . import views

app_name = "seminars"

urlpatterns = [
    path("", views.seminar_setup, name="setup"),
    path("schedule/", views.schedule, name="schedule"),
    path("schedule/build/", views.schedule_build, name="schedule_build"),
    path("slots/<int:pk>/move/", views.slot_move, name="slot_move"),
    path("slots/<int:pk>/swap/", views.slot_swap, name="slot_swap"),
    path("agenda/", views.agenda, name="agenda"),
    path("seminar.ics", views.calendar_all, name="calendar_all"),
    path("mine.ics", views.calendar_mine, name="calendar_mine"),
    path("panel/", views.panel, name="panel"),
    path("score/<int:plan_pk>/", views.score, name="score"),
    path("sheets/<int:pk>/reopen/", views.sheet_reopen, name="sheet_reopen"),
    path("results/", views.results, name="results"),
    path("results/berita-acara.pdf", views.results_pdf, name="results_pdf"),
    path("results/publish/", views.results_publish, name="results_publish"),
    path("my-result/", views.my_result, name="my_result"),
    path("rubric/", views.rubric_edit, name="rubric"),
]
