from django.contrib import admin
from django.urls import include, path

from innovations import progress_views
from innovations import views as plan_views
from seminars import agreement_views

admin.site.site_header = "Inovasi"
admin.site.site_title = "Inovasi"

urlpatterns = [
    path("", include("participants.urls")),
    path("plans/", include("innovations.urls")),
    path("cohorts/<slug:slug>/seminar/", include("seminars.urls")),
    path("agreements/", include("seminars.agreement_urls")),
    path("catalogue/", progress_views.catalogue_list, name="catalogue"),
    path("catalogue/<int:pk>/", progress_views.catalogue_detail, name="catalogue_detail"),
    path("cohorts/<slug:slug>/dashboard/", progress_views.cohort_dashboard, name="dashboard"),
    path("cohorts/<slug:slug>/booklet.pdf", plan_views.booklet, name="booklet"),
    path("verify/", agreement_views.verify, name="verify_form"),
    path("verify/<str:code>/", agreement_views.verify, name="verify"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
