from django.urls import path

from . import agreement_views as views

app_name = "agreements"

urlpatterns = [
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/revise/", views.revise, name="revise"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/prepare/", views.prepare, name="prepare"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/pdf/", views.sealed_pdf, name="pdf"),
    path("cohort/<slug:slug>/", views.agreement_list, name="list"),
    path("cohort/<slug:slug>/remind/", views.remind, name="remind"),
    path("cohort/<slug:slug>/sealed.zip", views.sealed_zip, name="zip"),
]
