"""The health endpoint for load balancers and monitoring; the answer to a request the database could not serve."""

import sys

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.template import loader
from django.templatetags.static import static
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .tasks import worker_status


@never_cache
@require_GET
def health(request):
    """200 while this process reaches the database and the shared cache, 503 otherwise, so a load balancer takes
    a broken host out. The worker's state is reported, not judged: a late worker delays mail, not pages. No
    versions, host names or settings are shown."""
    database = cache_state = "ok"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure to reach the database is the answer itself
        database = "unreachable"
    try:
        cache.set("inovasi:health", "ok", 30)
        if cache.get("inovasi:health") != "ok":
            cache_state = "unreachable"
    except Exception:  # the cache lives in the database: it fails with it
        cache_state = "unreachable"
    try:
        worker = worker_status()
    except Exception:  # the queue lives in the database too
        worker = {"mode": "unknown", "late": True}
    if worker.get("last_heartbeat"):
        worker["last_heartbeat"] = worker["last_heartbeat"].isoformat()
    healthy = database == "ok" and cache_state == "ok"
    body = {"status": "ok" if healthy else "failing", "database": database, "cache": cache_state, "worker": worker}
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (a PDF opened in the browser, an old bookmark)."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


def server_error(request):
    """The project's handler500. A database that does not answer (a restart, a failover: OperationalError or
    InterfaceError, wherever they arose, in a view or a middleware) gets a 503 that asks to try again in a moment,
    as it passes in seconds; any other failure gets the error page. Neither page reads the database."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"
        return response
    return defaults.server_error(request)
