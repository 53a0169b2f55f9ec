"""The public verification of a sealed agreement, by its code or its QR code, and of a PDF's bytes."""

from django.shortcuts import redirect, render
from django_ratelimit.decorators import ratelimit

from .. import agreements
from ..forms import VerifyForm
from ..models import Agreement, Signature


@ratelimit(key="ip", rate="30/m", block=False)
def verify(request, code=None):
    """Anyone can check an agreement by its code, and whether a PDF is the sealed one. Rate-limited per address."""
    if getattr(request, "limited", False):
        return render(request, "seminars/verify.html", {"limited": True}, status=429)
    if code is None:
        form = VerifyForm(request.GET or None)
        if form.is_valid():
            return redirect("seminars:verify", code=form.cleaned_data["code"])
        return render(request, "seminars/verify.html", {"form": form})
    agreement = (
        Agreement.objects.filter(code=code.upper(), state=Agreement.State.SEALED)
        .select_related("plan__participant__user")
        .first()
    )
    if agreement is None:
        return render(
            request, "seminars/verify.html", {"form": VerifyForm(), "not_found": True, "code": code}, status=404
        )
    upload_result = None
    if request.method == "POST" and request.FILES.get("pdf"):
        upload = request.FILES["pdf"]
        upload_result = upload.size <= 20 * 1024 * 1024 and agreements.pdf_matches(agreement, upload.read())
    context = {
        "agreement": agreement,
        "content": agreement.content,
        "unchanged": agreements.is_unchanged(agreement),
        "signatures": agreement.signatures.select_related("user"),
        "upload_result": upload_result,
        "roles": dict(Signature.Role.choices),
    }
    return render(request, "seminars/verify.html", context)
