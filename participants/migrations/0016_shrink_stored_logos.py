"""Logos stored before uploads were measured: a large one is replaced by its copy at the size letterheads print,
so no document decodes it whole again; one that is no picture or a pixel bomb is let go (staff upload it again)."""

from django.core.exceptions import ValidationError
from django.db import migrations

from core import images


def shrink_logos(apps, schema_editor):
    Organisation = apps.get_model("participants", "Organisation")
    for organisation in Organisation.objects.exclude(logo=""):
        try:
            with organisation.logo.open("rb") as stored:
                if images.fits(stored, images.DOCUMENT_SIZE):
                    continue
                stem = organisation.logo.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
                copy = images.bounded_copy(stored, images.DOCUMENT_SIZE, keep_transparency=True, name=f"{stem}.png")
        except OSError:
            continue  # lost from storage: documents already print without it
        except ValidationError:
            copy = None
        old = organisation.logo.name
        if copy is None:
            organisation.logo = ""
        else:
            organisation.logo.save(copy.name, copy, save=False)
        organisation.save(update_fields=["logo"])
        organisation.logo.storage.delete(old)


class Migration(migrations.Migration):
    dependencies = [("participants", "0015_add_organisation_and_cohort_versions")]

    operations = [migrations.RunPython(shrink_logos, migrations.RunPython.noop)]
