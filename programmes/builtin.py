"""The programmes shipped with Inovasi, as data (programmes/builtin/*.json): the regional innovation workshop of the
2017 flow, Latsar CPNS, PKP, PKA and PKN Tingkat II. Their weights, bands and lesson hours are defaults an organiser
adjusts per cohort to the guideline in force (../docs/programmes.md)."""

import json
from pathlib import Path

from .models import Programme
from .spec import parse

FOLDER = Path(__file__).resolve().parent / "builtin"
# The programme of every cohort made before programmes existed: the 2017 flow.
DEFAULT = "inovasi"


def builtin_programmes() -> list[dict]:
    """Each built-in programme's fields, its spec checked by `parse()`."""
    found = []
    for path in sorted(FOLDER.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        parse(data["spec"])
        found.append(data)
    return found


def load(programme_model) -> tuple[int, int]:
    """Create or update the built-in programmes (by code); (created, updated). Takes the model so that a migration
    can pass its historical one."""
    created = updated = 0
    for data in builtin_programmes():
        fields = {key: data[key] for key in ("name", "short_name", "description", "spec", "order")}
        _programme, made = programme_model.objects.update_or_create(
            code=data["code"], defaults={**fields, "built_in": True}
        )
        created, updated = created + made, updated + (not made)
    return created, updated


def default_programme() -> int:
    """The programme a cohort runs unless it is told otherwise (`Cohort.programme`'s default): the 2017 flow. A
    database emptied since its migrations ran (a test's flush) gets the built-in programmes back first."""
    found = Programme.objects.filter(code=DEFAULT).values_list("pk", flat=True).first()
    if found is None:
        load(Programme)
        found = Programme.objects.values_list("pk", flat=True).get(code=DEFAULT)
    return found


def default_spec() -> dict:
    """The template of the default programme, for a cohort made without naming one (`Cohort.spec`'s default). A
    cohort made for another programme is given that programme's template with it."""
    return Programme.objects.get(pk=default_programme()).spec
