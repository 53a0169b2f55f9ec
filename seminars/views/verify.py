"""The public verification of a sealed agreement (and of what other apps register: seminars.verification), by its
code or its QR code, and of a PDF's bytes."""

import hashlib

from django.conf import settings
from django.shortcuts import redirect, render
from django_ratelimit.decorators import ratelimit

from participants.rules import person_path

from .. import agreements, verification
from ..forms import VerifyForm
from ..models import Agreement, Signature
from ..zones import zone_of

# A sealed agreement's PDF is a few hundred kilobytes; anything far larger cannot be it, and is not read.
MAX_PDF_BYTES = 2 * 1024 * 1024


def _not_found(request, code):
    shown = "".join(char for char in code if char.isprintable())[:20]
    context = {"form": VerifyForm(), "not_found": True, "code": shown}
    return render(request, "seminars/verify.html", context, status=404)


@ratelimit(key="ip", rate=settings.VERIFY_RATE, block=False)
def verify(request, code=None):
    """Anyone can check an agreement by its code, and whether a PDF is the sealed one. Rate-limited per client
    address (core.client), in the cache all workers share."""
    if getattr(request, "limited", False):
        return render(request, "seminars/verify.html", {"limited": True}, status=429)
    if code is None:
        form = VerifyForm(request.GET or None)
        if form.is_valid():
            return redirect("seminars:verify", code=form.cleaned_data["code"])
        return render(request, "seminars/verify.html", {"form": form})
    # Only a code as printed reaches the database: anything else (a NUL byte, a thousand characters) is not one.
    form = VerifyForm({"code": code})
    if not form.is_valid():
        return _not_found(request, code)
    agreement = (
        Agreement.objects.filter(code=form.cleaned_data["code"], state=Agreement.State.SEALED)
        .select_related(person_path("owner", "plan__participant"), "plan__participant__cohort__region")
        .select_related("plan__participant__cohort__organisation__region")
        .first()
    )
    if agreement is None:
        return _other_document(request, code.upper())
    upload_result = None
    if request.method == "POST" and request.FILES.get("pdf"):
        upload = request.FILES["pdf"]
        upload_result = upload.size <= MAX_PDF_BYTES and agreements.pdf_matches(agreement, upload.read())
    context = {
        "agreement": agreement,
        "content": agreement.content,
        "unchanged": agreements.is_unchanged(agreement),
        "signatures": agreement.signatures.select_related("user"),
        "upload_result": upload_result,
        "roles": dict(Signature.Role.choices),
        # The times in the zone where the cohort is, named: WIB, WITA or WIT.
        "zone": zone_of(agreement.plan.participant.cohort),
    }
    return render(request, "seminars/verify.html", context)


def _other_document(request, code):
    """A document another app registered (a certificate), with the same comparison of an uploaded PDF."""
    found = verification.find(code)
    if found is None:
        return _not_found(request, code)
    upload_result = None
    if request.method == "POST" and request.FILES.get("pdf"):
        upload = request.FILES["pdf"]
        upload_result = (
            upload.size <= MAX_PDF_BYTES
            and bool(found.pdf_hash)
            and hashlib.sha256(upload.read()).hexdigest() == found.pdf_hash
        )
    return render(request, found.template, {**found.context, "upload_result": upload_result})
