from django.contrib import admin

from participants.rules import person_path

from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """To look up a certificate; never to change one: a numbered document keeps its word (closing.certificates)."""

    list_display = ["number", "participant", "state", "issued_on"]
    list_filter = ["state"]
    search_fields = [
        "number",
        "code",
        person_path("owner", "participant", "full_name"),
        person_path("owner", "participant", "nip"),
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
