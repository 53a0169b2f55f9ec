from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("seminars", "0007_move_events_to_audit_log"),
    ]

    operations = [
        migrations.RemoveField(model_name="milestonerevision", name="confirmed_at"),
        migrations.RemoveField(model_name="milestonerevision", name="confirmed_by"),
        migrations.DeleteModel(name="ScoreEvent"),
    ]
