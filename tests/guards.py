"""The suite's guard: no request sends mail or renders a multi-plan PDF itself; the worker's tasks do.

A test-only middleware marks the thread while a request is handled; the task API's signals mark it while a task
runs (tests run tasks at once, inside the request that enqueued them after its commit). Every mail ends in the
locmem backend's `send_messages` and every PDF in WeasyPrint's `write_pdf`: both are wrapped, and refuse to run in
a request outside a task. Three pages may render their PDF themselves: a single plan's (`innovations:pdf`) and its
consultation log (`innovations:consultations_pdf`), and the one-page sample of an organisation's letterhead, which
holds no plan (`portal:organisation_letterhead`).
"""

import threading

from django.urls import Resolver404, resolve

ALLOWED_PDF_VIEWS = {"innovations:pdf", "innovations:consultations_pdf", "portal:organisation_letterhead"}
_local = threading.local()


class SlowWorkInRequest(AssertionError):
    pass


class MarkRequests:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            view = resolve(request.path_info).view_name
        except Resolver404:
            view = ""
        _local.view, _local.requests = view, getattr(_local, "requests", 0) + 1
        try:
            return self.get_response(request)
        finally:
            _local.requests -= 1


def task_started(**kwargs):
    _local.tasks = getattr(_local, "tasks", 0) + 1


def task_finished(**kwargs):
    _local.tasks = max(0, getattr(_local, "tasks", 0) - 1)  # a test may send the signal alone


def in_request_itself() -> bool:
    return getattr(_local, "requests", 0) > 0 and getattr(_local, "tasks", 0) == 0


def guard_mail(send_messages):
    def guarded(self, messages):
        if in_request_itself():
            raise SlowWorkInRequest(f"The request to {_local.view} sent mail itself; enqueue a task instead.")
        return send_messages(self, messages)

    return guarded


def guard_pdf(write_pdf):
    def guarded(self, *args, **kwargs):
        if in_request_itself() and _local.view not in ALLOWED_PDF_VIEWS:
            raise SlowWorkInRequest(f"The request to {_local.view} rendered a PDF itself; enqueue a job instead.")
        return write_pdf(self, *args, **kwargs)

    return guarded
