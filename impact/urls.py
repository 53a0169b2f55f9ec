from django.urls import path

from .views import dossiers, followups, record, replication

app_name = "impact"

urlpatterns = [
    # The innovation's record after the cohort: its page, the participant's edits, the mentor's confirmation.
    path("plans/<int:pk>/record/", record.record, name="record"),
    path("plans/<int:pk>/record/edit/", record.record_edit, name="record_edit"),
    path("plans/<int:pk>/record/indicators/", record.indicator_add, name="indicator_add"),
    path(
        "plans/<int:pk>/record/indicators/<int:indicator_pk>/measures/", record.measurement_add, name="measurement_add"
    ),
    path("plans/<int:pk>/record/evaluations/", record.evaluation_add, name="evaluation_add"),
    path("plans/<int:pk>/record/moves/<slug:action>/", record.record_move, name="record_move"),
    path("plans/<int:pk>/record/files/<slug:kind>/<int:file_pk>/", record.record_file, name="record_file"),
    path("records/", record.records_list, name="records"),
    # Dossiers, and the organisation bureau's view of its region.
    path("plans/<int:pk>/dossiers/<slug:form>/choose/", dossiers.dossier_choose, name="dossier_choose"),
    path("dossiers/<int:pk>/", dossiers.dossier, name="dossier"),
    path("dossiers/<int:pk>/export/<slug:kind>/", dossiers.dossier_export, name="dossier_export"),
    path("dossiers/<int:pk>/moves/<slug:action>/", dossiers.dossier_move, name="dossier_move"),
    path("region/", dossiers.region, name="region"),
    # Replications of a catalogue entry.
    path("catalogue/<int:pk>/replications/new/", replication.replication_add, name="replication_add"),
    path("catalogue/<int:pk>/replicate/", replication.replicate, name="replicate"),
    # The follow-up a year later.
    path("cohorts/<slug:slug>/follow-up/", followups.questionnaire, name="questionnaire"),
    path("follow-ups/<int:pk>/", followups.follow_up, name="follow_up"),
]
