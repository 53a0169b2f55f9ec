"""The product's URLs and one bare view, served by the same server in the same run for comparison."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok/", ok), *product_urlpatterns]
