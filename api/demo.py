"""The demo's API token: a key known in advance (README.md shows it in a curl call), so that the demo can be read
at once. Only its hash is stored, as for every token; a real organisation's keys are made at random."""

from django.db import transaction

from portal.demo.loader import also_load

from .models import ApiToken
from .tokens import hash_key

DEMO_KEY = "inv_demo-2017-hanya-untuk-mencoba"


@also_load
@transaction.atomic
def load_token(*, cohort, staff) -> list[str]:
    ApiToken.objects.get_or_create(
        key_hash=hash_key(DEMO_KEY),
        defaults={
            "organisation": cohort.organisation,
            "name": "Demo dashboard",
            "prefix": DEMO_KEY[:12],
            "created_by": staff,
        },
    )
    return [f"API token of {cohort.organisation.short_name} (read-only): {DEMO_KEY}"]
