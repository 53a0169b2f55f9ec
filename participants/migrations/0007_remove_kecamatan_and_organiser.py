import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """What 0005 moved: the old kecamatan table, the organiser's name and the per-cohort staff list."""

    dependencies = [("participants", "0006_move_to_organisations_and_regions")]

    operations = [
        migrations.AlterModelOptions(
            name="mentor",
            options={
                "default_related_name": "mentors",
                "ordering": ["kecamatan_region__name", "user__full_name"],
                "verbose_name": "mentor",
                "verbose_name_plural": "mentors",
            },
        ),
        migrations.RemoveConstraint(model_name="mentor", name="one_mentor_per_kecamatan"),
        migrations.RemoveField(model_name="mentor", name="kecamatan"),
        migrations.RemoveField(model_name="participant", name="kecamatan"),
        migrations.DeleteModel(name="Kecamatan"),
        migrations.RenameField(model_name="mentor", old_name="kecamatan_region", new_name="kecamatan"),
        migrations.RenameField(model_name="participant", old_name="kecamatan_region", new_name="kecamatan"),
        migrations.AlterModelOptions(
            name="mentor",
            options={
                "default_related_name": "mentors",
                "ordering": ["kecamatan__name", "user__full_name"],
                "verbose_name": "mentor",
                "verbose_name_plural": "mentors",
            },
        ),
        migrations.AddConstraint(
            model_name="mentor",
            constraint=models.UniqueConstraint(fields=("cohort", "kecamatan"), name="one_mentor_per_kecamatan"),
        ),
        migrations.RemoveField(model_name="cohort", name="organiser"),
        migrations.RemoveField(model_name="cohort", name="staff_members"),
        migrations.AlterField(
            model_name="cohort",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cohorts",
                to="participants.organisation",
                verbose_name="organiser",
            ),
        ),
    ]
