"""Plan events, notifications and report reviews move to the one audit log and the shared notifications."""

from django.db import migrations

# (from, to) -> the move's action, as ActionPlan.State.MOVES names it when this migration was written.
ACTIONS = {
    ("draft", "submitted"): "submit",
    ("revision", "submitted"): "submit",
    ("submitted", "revision"): "return",
    ("submitted", "approved"): "approve",
    ("approved", "examined"): "examine",
    ("examined", "approved"): "reopen",
    ("examined", "agreed"): "agree",
    ("agreed", "completed"): "complete",
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("participants", "AuditEvent")
    OldNotification = apps.get_model("innovations", "Notification")
    Notification = apps.get_model("participants", "Notification")
    PlanEvent = apps.get_model("innovations", "PlanEvent")
    ProgressReport = apps.get_model("innovations", "ProgressReport")
    ActionPlan = apps.get_model("innovations", "ActionPlan")
    plan_type, _ = ContentType.objects.get_or_create(app_label="innovations", model="actionplan")
    report_type, _ = ContentType.objects.get_or_create(app_label="innovations", model="progressreport")

    events = PlanEvent.objects.select_related("plan__participant").order_by("pk").iterator(chunk_size=2000)
    batch = []
    for event in events:
        action = "withdraw" if event.to_state == "withdrawn" else ACTIONS.get((event.from_state, event.to_state), "")
        batch.append(
            AuditEvent(
                cohort_id=event.plan.participant.cohort_id,
                actor_id=event.actor_id,
                verb=f"plan.{action or 'submit'}",
                target_type=plan_type,
                target_id=event.plan_id,
                target_label=event.plan.title[:300],
                from_state=event.from_state,
                to_state=event.to_state,
                note=event.note,
                data={"section_notes": event.section_notes} if event.section_notes else {},
                at=event.at,
            )
        )
    AuditEvent.objects.bulk_create(batch, batch_size=2000)

    old = OldNotification.objects.select_related("plan__participant").order_by("pk").iterator(chunk_size=2000)
    Notification.objects.bulk_create(
        (
            Notification(
                user_id=item.user_id,
                cohort_id=item.plan.participant.cohort_id if item.plan_id else None,
                message=item.message,
                url=item.url,
                created_at=item.created_at,
                read_at=item.read_at,
                mail="sent",  # mailed when it was made
            )
            for item in old
        ),
        batch_size=2000,
    )

    ProgressReport.objects.filter(review="pending").update(state="reported")
    ProgressReport.objects.filter(review="verified").update(state="verified")
    ProgressReport.objects.filter(review="returned").update(state="returned")
    reviewed = ProgressReport.objects.filter(reviewed_by__isnull=False).select_related("milestone__plan__participant")
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                cohort_id=report.milestone.plan.participant.cohort_id,
                actor_id=report.reviewed_by_id,
                verb="report.verify" if report.review == "verified" else "report.return",
                target_type=report_type,
                target_id=report.pk,
                target_label=report.milestone.deliverable[:300],
                from_state="reported",
                to_state=report.review,
                note=report.mentor_note,
                at=report.reviewed_at or report.created_at,
            )
            for report in reviewed.iterator(chunk_size=2000)
        ),
        batch_size=2000,
    )
    ActionPlan.objects.filter(published_at__isnull=False).update(catalogue_state="published")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("participants", "0003_add_audit_log_and_notifications"),
        ("innovations", "0007_add_lifecycle_states"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
