from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0006_add_catalogue_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionplan",
            name="catalogue_state",
            field=models.CharField(
                choices=[("unpublished", "Not published"), ("published", "Published"), ("withdrawn", "Withdrawn")],
                default="unpublished",
                max_length=12,
                verbose_name="in the catalogue",
            ),
        ),
        migrations.AddField(
            model_name="progressreport",
            name="state",
            field=models.CharField(
                choices=[("reported", "Waiting for the mentor"), ("verified", "Verified"), ("returned", "Returned")],
                default="reported",
                max_length=10,
                verbose_name="review",
            ),
        ),
    ]
