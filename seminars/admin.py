from django.contrib import admin

from .models import Seminar


@admin.register(Seminar)
class SeminarAdmin(admin.ModelAdmin):
    list_display = ["title", "stage", "date", "venue", "cohort"]
    list_filter = ["stage", "cohort"]
