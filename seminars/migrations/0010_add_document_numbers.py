from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('seminars', '0009_add_edit_versions'),
    ]

    operations = [
        migrations.AddField(
            model_name='agreement',
            name='number',
            field=models.CharField(blank=True, max_length=100, verbose_name='number'),
        ),
        migrations.AddField(
            model_name='seminar',
            name='minutes_number',
            field=models.CharField(blank=True, max_length=100, verbose_name='minutes number'),
        ),
    ]

