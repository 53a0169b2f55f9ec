import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("seminars", "0016_fill_score_sheet_seminars")]

    operations = [
        migrations.AlterField(
            model_name="scoresheet",
            name="seminar",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="score_sheets",
                to="seminars.seminar",
                verbose_name="seminar",
            ),
        ),
        migrations.RemoveConstraint(model_name="scoresheet", name="one_sheet_per_examiner_and_plan"),
        migrations.AddConstraint(
            model_name="scoresheet",
            constraint=models.UniqueConstraint(
                fields=("seminar", "plan", "examiner"), name="one_sheet_per_seminar_plan_examiner"
            ),
        ),
    ]
