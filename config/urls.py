from django.contrib import admin
from django.urls import include, path

from participants.views.accounts import set_language

admin.site.site_header = "Inovasi"
admin.site.site_title = "Inovasi"

# A database that does not answer gets "try again in a moment" (503), anything else the error page.
handler500 = "core.views.server_error"

# Each app lists its own addresses in full; the order matters only where two patterns could match one address.
urlpatterns = [
    path("", include("core.urls")),
    path("", include("portal.urls")),
    path("", include("participants.urls")),
    path("", include("innovations.urls")),
    path("", include("seminars.urls")),
    path("", include("closing.urls")),
    path("", include("api.urls")),
    path("", include("impact.urls")),
    # Django's language switch, wrapped so that a signed-in person's choice is also their language for mails.
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
