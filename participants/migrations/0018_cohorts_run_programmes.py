import django.db.models.deletion
from django.db import migrations, models

import programmes.builtin


def run_the_innovation_workshop(apps, schema_editor):
    """Every cohort made before programmes existed runs the 2017 flow: the innovation workshop, as shipped."""
    Programme = apps.get_model("programmes", "Programme")
    Cohort = apps.get_model("participants", "Cohort")
    cohorts = Cohort.objects.filter(programme__isnull=True)
    if not cohorts.exists():
        return
    if not Programme.objects.filter(code=programmes.builtin.DEFAULT).exists():
        programmes.builtin.load(Programme)
    workshop = Programme.objects.get(code=programmes.builtin.DEFAULT)
    cohorts.update(programme=workshop, spec=workshop.spec)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0017_mask_sensitive_audit_data"),
        ("programmes", "0002_load_builtin_programmes"),
    ]

    operations = [
        migrations.AddField(
            model_name="cohort",
            name="programme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cohorts",
                to="programmes.programme",
                verbose_name="programme",
            ),
        ),
        migrations.AddField(
            model_name="cohort",
            name="spec",
            field=models.JSONField(default=dict, verbose_name="the programme as this cohort runs it"),
        ),
        migrations.RunPython(run_the_innovation_workshop, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="cohort",
            name="spec",
            field=models.JSONField(
                default=programmes.builtin.default_spec, verbose_name="the programme as this cohort runs it"
            ),
        ),
        migrations.AlterField(
            model_name="cohort",
            name="programme",
            field=models.ForeignKey(
                default=programmes.builtin.default_programme,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cohorts",
                to="programmes.programme",
                verbose_name="programme",
            ),
        ),
    ]
