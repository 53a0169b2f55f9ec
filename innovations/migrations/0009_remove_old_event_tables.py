from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0008_move_events_to_audit_log"),
    ]

    operations = [
        migrations.RemoveField(model_name="progressreport", name="review"),
        migrations.RemoveField(model_name="progressreport", name="reviewed_by"),
        migrations.DeleteModel(name="Notification"),
        migrations.DeleteModel(name="PlanEvent"),
    ]
