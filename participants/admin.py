from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Cohort, Examiner, Mentor, Organisation, Participant, Region, User
from .rules import person_path


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


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "government", "region"]
    list_select_related = ["region"]
    filter_horizontal = ["staff_members"]
    search_fields = ["name", "short_name", "government"]
    raw_id_fields = ["region"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "training_title", "organisation", "region", "start_date", "end_date"]
    list_filter = ["organisation"]
    list_select_related = ["organisation", "region"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "training_title"]
    raw_id_fields = ["region"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["roll_number", "user", "grade", "work_unit", "kecamatan", "mentor", "cohort"]
    list_filter = ["cohort"]
    list_select_related = ["user", "kecamatan", person_path("mentor"), "cohort"]
    search_fields = ["user__full_name", "user__nip"]
    raw_id_fields = ["user", "mentor", "superior", "kecamatan", "kelurahan"]


@admin.register(Mentor)
class MentorAdmin(admin.ModelAdmin):
    list_display = ["user", "position", "kecamatan", "cohort"]
    list_filter = ["cohort"]
    list_select_related = ["user", "kecamatan", "cohort"]
    search_fields = ["user__full_name", "user__nip"]
    raw_id_fields = ["user", "kecamatan"]


@admin.register(Examiner)
class ExaminerAdmin(admin.ModelAdmin):
    list_display = ["user", "institution", "cohort"]
    list_filter = ["cohort"]
    list_select_related = ["user", "cohort"]
    search_fields = ["user__full_name", "user__nip"]
    raw_id_fields = ["user"]
