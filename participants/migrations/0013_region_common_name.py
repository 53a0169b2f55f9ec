from django.db import migrations, models

from participants.regions import common_names


def name_as_in_common_use(apps, schema_editor):
    """The regions loaded before: each named as offices write it, where the table has its name."""
    Region = apps.get_model("participants", "Region")
    for code, name in common_names().items():
        Region.objects.filter(code=code).update(common_name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0012_mark_system_notes"),
    ]

    operations = [
        migrations.AddField(
            model_name="region",
            name="common_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="name in common use"),
        ),
        migrations.RunPython(name_as_in_common_use, migrations.RunPython.noop),
    ]
