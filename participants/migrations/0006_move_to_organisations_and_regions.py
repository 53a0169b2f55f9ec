"""Existing data onto organisations and Kemendagri regions.

Each old kecamatan is matched by name within its city's kabupaten/kota (Medan's 21 within Kota Medan, 12.71), which
is loaded from participants/regions.py for the purpose; participants and mentors follow it. Each distinct
`Cohort.organiser` becomes an Organisation, with the cohort's staff as its staff and the cohort's city as its
region. A kecamatan or city that the Kemendagri list does not have stops the migration with its name, rather than
losing a participant's kecamatan: correct its name in the admin site and migrate again.
"""

import re
from collections import Counter

from django.db import migrations

from participants import regions


def _key(name: str) -> str:
    key = re.sub(r"^(kecamatan|kec\.?)\s*", "", name.strip().lower())
    key = re.sub(r"^kab\.?\s+", "kabupaten ", key)
    return re.sub(r"[^a-z0-9]", "", key)


def _place(region_name: str) -> str:
    return re.sub(r"^(Kota|Kabupaten|Kota Administrasi)\s+", "", region_name)


def forwards(apps, schema_editor):
    Region = apps.get_model("participants", "Region")
    Kecamatan = apps.get_model("participants", "Kecamatan")
    Cohort = apps.get_model("participants", "Cohort")
    Organisation = apps.get_model("participants", "Organisation")
    Mentor = apps.get_model("participants", "Mentor")
    Participant = apps.get_model("participants", "Participant")

    old = list(Kecamatan.objects.all())
    by_name = {_key(entry.name): entry for entry in regions.provinces_and_regencies() if entry.level == 2}
    cities = {}
    for city in {item.city for item in old}:
        entry = by_name.get(_key(city))
        if entry is None:
            raise RuntimeError(f"The city or regency “{city}” is not in the Kemendagri list; correct its name first.")
        cities[city] = entry.code
    if cities:
        regions.load(sorted(set(cities.values())), model=Region)

    region_of, unmatched = {}, []
    for item in old:
        districts = {_key(r.name): r.code for r in Region.objects.filter(parent_id=cities[item.city], level=3)}
        code = districts.get(_key(item.name))
        if code is None:
            unmatched.append(f"{item.name} ({item.city})")
        region_of[item.pk] = code
    if unmatched:
        raise RuntimeError("These kecamatan are not in the Kemendagri list: " + ", ".join(sorted(unmatched)))
    for old_id, code in region_of.items():
        Mentor.objects.filter(kecamatan_id=old_id).update(kecamatan_region_id=code)
        Participant.objects.filter(kecamatan_id=old_id).update(kecamatan_region_id=code)

    organisations = {}
    for cohort in Cohort.objects.order_by("pk"):
        # The cohort's region: the kabupaten/kota most of its participants' kecamatan lie in.
        parents = Counter(
            Region.objects.filter(
                code__in=Participant.objects.filter(cohort=cohort, kecamatan_region__isnull=False).values(
                    "kecamatan_region"
                )
            ).values_list("parent_id", flat=True)
        )
        region = Region.objects.filter(code=parents.most_common(1)[0][0]).first() if parents else None
        name = cohort.organiser.strip() or "Penyelenggara"
        organisation = organisations.get(name)
        if organisation is None:
            organisation = organisations[name] = Organisation.objects.create(
                name=name,
                short_name=name[:80],
                region=region,
                place=_place(region.name) if region else "",
            )
        cohort.organisation = organisation
        cohort.region = region
        cohort.save(update_fields=["organisation", "region"])
        organisation.staff_members.add(*cohort.staff_members.all())


class Migration(migrations.Migration):
    dependencies = [("participants", "0005_add_organisations_and_regions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
