from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Cohort, Examiner, Kecamatan, Mentor, Participant, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "nip", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["full_name", "email", "nip"]
    fieldsets = [
        (None, {"fields": ["email", "nip", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "phone", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "nip", "full_name", "password1", "password2"]})]


@admin.register(Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "kelurahan_count"]
    list_filter = ["city"]
    search_fields = ["name"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "training_title", "organiser", "start_date", "end_date"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["staff_members"]
    search_fields = ["name", "training_title"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["roll_number", "user", "grade", "work_unit", "kecamatan", "mentor", "cohort"]
    list_filter = ["cohort", "kecamatan"]
    list_select_related = ["user", "kecamatan", "mentor__user", "cohort"]
    search_fields = ["user__full_name", "user__nip"]
    raw_id_fields = ["user", "mentor"]


@admin.register(Mentor)
class MentorAdmin(admin.ModelAdmin):
    list_display = ["user", "position", "kecamatan", "cohort"]
    list_filter = ["cohort"]
    list_select_related = ["user", "kecamatan", "cohort"]
    search_fields = ["user__full_name", "user__nip"]
    raw_id_fields = ["user"]


@admin.register(Examiner)
class ExaminerAdmin(admin.ModelAdmin):
    list_display = ["user", "institution", "cohort"]
    list_filter = ["cohort"]
    list_select_related = ["user", "cohort"]
    search_fields = ["user__full_name", "user__nip"]
    raw_id_fields = ["user"]
