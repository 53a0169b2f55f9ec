"""Helpers for pages that ask for background work: press the button, let the job run, fetch what it made."""

import io

from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader

from participants.models import Job


def ask(client, url, data=None):
    """POST a "prepare" button; its job runs after the commit, as the worker would. Returns (response, job)."""
    latest = Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data or {})
    return response, Job.objects.filter(pk__gt=latest).order_by("-pk").first()


def fetch(client, job):
    """The job's file, through the downloads page's link."""
    response = client.get(reverse("participants:download_file", args=[job.pk]))
    return response, b"".join(response.streaming_content) if response.streaming else response.content


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
