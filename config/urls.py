from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Inovasi"
admin.site.site_title = "Inovasi"

# Each app lists its own addresses in full; the order matters only where two patterns could match one address.
urlpatterns = [
    path("", include("portal.urls")),
    path("", include("participants.urls")),
    path("", include("innovations.urls")),
    path("", include("seminars.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
