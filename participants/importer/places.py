"""Kecamatan and kelurahan/desa as a row writes them, looked up within the cohort's region (by Kemendagri code or
by name); and the blank form's example of one."""

import functools
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import Cohort, Region
from ..regions import normalise_code
from .columns import KECAMATAN, _text


def example_kecamatan(cohort: Cohort) -> Region | None:
    """A kecamatan of the cohort's region, the first by its code, for the import's help to quote."""
    if cohort.region is None:
        return None
    return Region.objects.within(cohort.region).filter(level=Region.Level.DISTRICT).order_by("code").first()


def kecamatan_note(cohort: Cohort) -> str:
    """What the blank form says to write under KECAMATAN, with a kecamatan of the cohort's own region."""
    example = example_kecamatan(cohort)
    if example is None:
        return str(KECAMATAN.note)
    return _("The name (%(name)s, Kec. %(name)s) or the Kemendagri code (%(code)s).") % {
        "name": example.name,
        "code": example.code,
    }


@dataclass
class RegionLookup:
    """The kecamatan and kelurahan/desa of one cohort's region, by code and by name. A name is looked up only
    within the region: 291 kecamatan names repeat across Indonesia. A name that repeats within the region (two
    kabupaten of a province) maps to None, and the row must give the code."""

    region: Region | None
    kecamatan: dict[str, Region | None] = field(default_factory=dict)
    villages: dict[tuple[str, str], Region | None] = field(default_factory=dict)  # (kecamatan code or "", key)
    by_code: dict[str, Region] = field(default_factory=dict)
    # A roster repeats a few dozen kecamatan thousands of times: each spelling is looked up once.
    found: dict[tuple, tuple] = field(default_factory=dict)


def _add(lookup: dict, key, region: Region) -> None:
    lookup[key] = None if key in lookup and lookup[key] != region else region


def _kecamatan_lookup(cohort: Cohort, *, villages: bool = False) -> RegionLookup:
    region = cohort.region
    lookup = RegionLookup(region=region)
    if region is None:
        return lookup
    places = Region.objects.within(region).filter(level__in=[Region.Level.DISTRICT, Region.Level.VILLAGE])
    if not villages:
        places = places.filter(level=Region.Level.DISTRICT)
    for place in places.select_related("parent").order_by("code"):
        lookup.by_code[place.code] = place
        if place.level == Region.Level.DISTRICT:
            _add(lookup.kecamatan, _kecamatan_key(place.name), place)
        else:
            key = _kecamatan_key(place.name)
            _add(lookup.villages, (place.parent_id, key), place)
            _add(lookup.villages, ("", key), place)
    return lookup


@functools.lru_cache(maxsize=4096)
def _kecamatan_key(value: str) -> str:
    """“Kec. Tanjung Morawa”, “TANJUNG MORAWA ” and “Tanjung-Morawa” alike; also for kelurahan and desa."""
    key = _text(value).lower()
    key = re.sub(r"^(kecamatan|kec|distrik|kelurahan|kel|desa|ds)\b\.?\s*", "", key)
    return re.sub(r"[^a-z0-9]", "", key)


def _find_place(lookup: RegionLookup, text: str, *, level: int, within: Region | None = None) -> tuple:
    """(region, error) for a kecamatan or kelurahan/desa as a row writes it: by Kemendagri code or by name."""
    key = (text, level, within.code if within else "")
    if key not in lookup.found:
        lookup.found[key] = _look_up(lookup, text, level=level, within=within)
    return lookup.found[key]


def _look_up(lookup: RegionLookup, text: str, *, level: int, within: Region | None) -> tuple:
    code = normalise_code(text)
    found: Region | None | bool  # False: not found; None: a name that repeats within the region
    if code is not None:
        found = lookup.by_code.get(code)
        if found is not None and found.level == level and (within is None or within.contains(found)):
            return found, None
        found = False
    elif level == Region.Level.DISTRICT:
        found = lookup.kecamatan.get(_kecamatan_key(text), False)
    else:
        found = lookup.villages.get((within.code if within else "", _kecamatan_key(text)), False)
    if found is None:  # the name repeats within the region
        if level == Region.Level.DISTRICT:
            message = _(
                "“%(value)s” is the name of more than one kecamatan in %(region)s: write its Kemendagri code instead."
            )
        else:
            message = _(
                "“%(value)s” is the name of more than one kelurahan or desa in %(region)s: give its kecamatan too, "
                "or write its Kemendagri code."
            )
        return None, message % {"value": text, "region": lookup.region}
    if found:
        return found, None
    if level == Region.Level.DISTRICT:
        return None, _("“%(value)s” is not a kecamatan in %(region)s.") % {"value": text, "region": lookup.region}
    if within is not None:
        return None, _("“%(value)s” is not a kelurahan or desa in Kecamatan %(kecamatan)s.") % {
            "value": text,
            "kecamatan": within,
        }
    return None, _("“%(value)s” is not a kelurahan or desa in %(region)s.") % {"value": text, "region": lookup.region}


def _clean_places(raw: dict, clean: dict, errors: list, lookup: RegionLookup) -> None:
    """The row's kecamatan and kelurahan/desa, each looked up within the cohort's region; a kelurahan/desa
    without its kecamatan gives it."""
    kecamatan_text, village_text = _text(raw.get("kecamatan")), _text(raw.get("kelurahan"))
    clean["kecamatan"] = clean["kelurahan"] = None
    if kecamatan_text:
        clean["kecamatan"], error = _find_place(lookup, kecamatan_text, level=Region.Level.DISTRICT)
        if error:
            errors.append(error)
    if village_text and not (kecamatan_text and clean["kecamatan"] is None):
        clean["kelurahan"], error = _find_place(
            lookup, village_text, level=Region.Level.VILLAGE, within=clean["kecamatan"]
        )
        if error:
            errors.append(error)
        elif clean["kecamatan"] is None:
            clean["kecamatan"] = clean["kelurahan"].parent
