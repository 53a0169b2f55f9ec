from django.db import migrations, models


def follow_the_cohorts_rule(apps, schema_editor):
    """Mentors of direct-superior cohorts are not the Camat of their kecamatan: they may share it from now on."""
    Mentor = apps.get_model("participants", "Mentor")
    Mentor.objects.filter(cohort__mentor_rule="superior").update(is_camat=False)


class Migration(migrations.Migration):

    dependencies = [
        ("participants", "0009_participant_withdrawal_and_versions"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="mentor",
            name="one_mentor_per_kecamatan",
        ),
        migrations.AddField(
            model_name="mentor",
            name="is_camat",
            field=models.BooleanField(default=True, verbose_name="Camat of the kecamatan"),
        ),
        migrations.RunPython(follow_the_cohorts_rule, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="mentor",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_camat", True)), fields=("cohort", "kecamatan"), name="one_camat_per_kecamatan"
            ),
        ),
    ]
