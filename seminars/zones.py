"""Indonesia's three time zones, and the one a cohort's times are read in: WIB, WITA or WIT by its province.

The seminar's pages and documents show clock times; a reader in Makassar or Jayapura must know which clock. The
province is the first part of a Kemendagri code ("73" in "73.71"), and each province keeps one zone.
"""

import zoneinfo
from dataclasses import dataclass

from django.utils import timezone

WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
# Maluku (81, 82) and every Papua province (91 to 96) keep WIT; all others keep WIB.
WIT_PREFIXES = ("8", "9")
ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


@dataclass(frozen=True)
class Zone:
    tzinfo: zoneinfo.ZoneInfo
    abbreviation: str


def zone_for_code(code: str) -> str:
    """The IANA name of the zone of the region with this Kemendagri code."""
    province = code.split(".", 1)[0]
    if province in WITA_PROVINCES:
        return "Asia/Makassar"
    if province.startswith(WIT_PREFIXES):
        return "Asia/Jayapura"
    return "Asia/Jakarta"


def zone_of(cohort) -> Zone:
    """The zone of the cohort's region, else of its organisation's, else the site's own (settings.TIME_ZONE)."""
    region = cohort.region or cohort.organisation.region
    if region is not None:
        name = zone_for_code(region.code)
        return Zone(zoneinfo.ZoneInfo(name), ABBREVIATIONS[name])
    current = timezone.get_current_timezone()
    name = getattr(current, "key", str(current))
    return Zone(current, ABBREVIATIONS.get(name) or timezone.localtime(timezone=current).tzname() or name)
