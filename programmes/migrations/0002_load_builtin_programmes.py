from django.db import migrations

from programmes import builtin


def load(apps, schema_editor):
    builtin.load(apps.get_model("programmes", "Programme"))


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_add_programmes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
