from django.contrib import admin

from participants.rules import person_path

from .models import ActionPlan, Cluster


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "cohort"]
    list_filter = ["cohort"]


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "participant", "cluster", "state"]
    list_filter = ["state", "participant__cohort", "cluster"]
    list_select_related = [person_path("owner", "participant"), "cluster"]
    search_fields = ["title", person_path("owner", "participant", "full_name")]
    raw_id_fields = ["participant"]
    # The state moves only through the workflow, which writes the audit trail.
    readonly_fields = ["state"]
