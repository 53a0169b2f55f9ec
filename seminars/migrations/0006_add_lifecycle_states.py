from django.db import migrations, models

PUBLICATION = [("unpublished", "Not published"), ("published", "Published"), ("withdrawn", "Withdrawn")]


class Migration(migrations.Migration):
    dependencies = [
        ("seminars", "0005_add_score_event_total"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="state",
            field=models.CharField(
                choices=[("prepared", "Ready to sign"), ("signing", "Being signed"), ("sealed", "Sealed")],
                default="prepared",
                max_length=10,
                verbose_name="state",
            ),
        ),
        migrations.AddField(
            model_name="milestonerevision",
            name="state",
            field=models.CharField(
                choices=[("proposed", "Waiting for the mentor"), ("confirmed", "Confirmed")],
                default="proposed",
                max_length=10,
                verbose_name="state",
            ),
        ),
        migrations.AddField(
            model_name="seminar",
            name="results_state",
            field=models.CharField(choices=PUBLICATION, default="unpublished", max_length=12, verbose_name="results"),
        ),
        migrations.AlterField(
            model_name="scoresheet",
            name="state",
            field=models.CharField(
                choices=[("draft", "Draft"), ("submitted", "Submitted"), ("reopened", "Reopened")],
                default="draft",
                max_length=10,
                verbose_name="state",
            ),
        ),
    ]
