"""A certificate on the one public verification page (seminars.verification): by its code or QR code, valid,
replaced or revoked, and whether an uploaded PDF is the one it was issued as."""

from seminars.verification import Found, register
from seminars.zones import zone_of

from .certificates import CODE_LENGTH, is_unchanged
from .models import Certificate


def masked_nip(nip: str) -> str:
    """The NIP as printed, its date of birth hidden: enough to match the paper, not to read a birthday from."""
    return f"******** {nip[9:]}" if len(nip) == 21 else nip


@register
def find_certificate(code: str) -> Found | None:
    if len(code) != CODE_LENGTH:
        return None
    certificate = (
        Certificate.objects.filter(code=code)
        .select_related("participant__cohort__region", "participant__cohort__organisation__region", "replaced_by")
        .first()
    )
    if certificate is None:
        return None
    return Found(
        "closing/verify_certificate.html",
        {
            "certificate": certificate,
            "content": certificate.content,
            "nip": masked_nip(certificate.content["participant"]["nip"]),
            "unchanged": is_unchanged(certificate),
            "states": Certificate.State,
            "zone": zone_of(certificate.participant.cohort),
        },
        certificate.pdf_hash,
    )
