"""Middleware of the project's own."""

from django.conf import settings
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

from . import views


class HealthCheckMiddleware:
    """Answers /health/ first, before the host check, the HTTPS redirect and the session: a load balancer asks
    each host by its address, over plain HTTP, and needs no cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/health/":
            return views.health(request)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than its sender may send, before anything reads it.

    Anonymous visitors may send only small bodies (a sign-in, a sealed PDF to verify), well below what signed-in
    people upload (attachments, evidence, rosters): a stranger cannot make a worker read, parse and spool
    hundreds of megabytes. Django reads no body a request does not declare a length for. It sits after the
    authentication middleware, and runs before any view or CSRF check reads the body. A proxy in front should
    cap bodies too (nginx's client_max_body_size).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_ANONYMOUS_REQUEST_BYTES:
            limit = (
                settings.MAX_REQUEST_BYTES if request.user.is_authenticated else settings.MAX_ANONYMOUS_REQUEST_BYTES
            )
            if length > limit:
                return render(request, "413.html", {"limit": filesizeformat(limit)}, status=413)
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """A step taken with a button (a POST) opened as a link (a GET: a bookmark, a link pasted into a chat) answers
    a page that says so and leads back, not an empty 405. The answer stays 405 and changes nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and request.method == "GET" and not response.content:
            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response
