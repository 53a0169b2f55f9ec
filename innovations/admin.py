from django.contrib import admin

from .models import ActionPlan, Cluster


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "cohort"]
    list_filter = ["cohort"]


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "participant", "cluster", "state"]
    list_filter = ["state", "participant__cohort", "cluster"]
    list_select_related = ["participant__user", "cluster"]
    search_fields = ["title", "participant__user__full_name"]
    raw_id_fields = ["participant"]
    # The state moves only through the workflow, which writes the audit trail.
    readonly_fields = ["state"]
