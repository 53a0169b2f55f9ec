"""Score sheet events, signatures and confirmed revisions go to the one audit log; lifecycles get their states."""

from django.db import migrations


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("participants", "AuditEvent")
    ScoreEvent = apps.get_model("seminars", "ScoreEvent")
    Signature = apps.get_model("seminars", "Signature")
    Agreement = apps.get_model("seminars", "Agreement")
    MilestoneRevision = apps.get_model("seminars", "MilestoneRevision")
    Seminar = apps.get_model("seminars", "Seminar")

    def content_type(model):
        return ContentType.objects.get_or_create(app_label="seminars", model=model)[0]

    sheet_type, agreement_type, revision_type = (
        content_type("scoresheet"),
        content_type("agreement"),
        content_type("milestonerevision"),
    )

    Agreement.objects.filter(sealed_at__isnull=False).update(state="sealed")
    Agreement.objects.filter(sealed_at__isnull=True, signatures__isnull=False).update(state="signing")
    MilestoneRevision.objects.filter(confirmed_at__isnull=False).update(state="confirmed")
    Seminar.objects.filter(results_published_at__isnull=False).update(results_state="published")

    events = []
    sheet_events = ScoreEvent.objects.select_related("sheet__plan__participant", "sheet__examiner__user")
    for event in sheet_events.order_by("pk").iterator(chunk_size=2000):
        submitted = event.action == "submitted"
        events.append(
            AuditEvent(
                cohort_id=event.sheet.plan.participant.cohort_id,
                actor_id=event.actor_id,
                verb="sheet.submit" if submitted else "sheet.reopen",
                target_type=sheet_type,
                target_id=event.sheet_id,
                target_label=f"{event.sheet.examiner.user.full_name} — {event.sheet.plan.title}"[:300],
                from_state="draft" if submitted else "submitted",
                to_state="submitted" if submitted else "draft",
                note=event.reason,
                data={"total": str(event.total)} if event.total is not None else {},
                at=event.at,
            )
        )
    signatures = Signature.objects.select_related("agreement__plan__participant").order_by("signed_at", "pk")
    signed = {}
    for signature in signatures.iterator(chunk_size=2000):
        count = signed[signature.agreement_id] = signed.get(signature.agreement_id, 0) + 1
        agreement = signature.agreement
        events.append(
            AuditEvent(
                cohort_id=agreement.plan.participant.cohort_id,
                actor_id=signature.user_id,
                verb="agreement.sign",
                target_type=agreement_type,
                target_id=agreement.pk,
                target_label=f"{agreement.code}: {agreement.plan.title}"[:300],
                from_state="prepared" if count == 1 else "signing",
                to_state="sealed" if count == 3 else "signing",
                data={"role": signature.role, "ip_address": signature.ip_address or ""},
                at=signature.signed_at,
            )
        )
    confirmed = MilestoneRevision.objects.filter(confirmed_by__isnull=False).select_related("plan__participant")
    for revision in confirmed.iterator(chunk_size=2000):
        events.append(
            AuditEvent(
                cohort_id=revision.plan.participant.cohort_id,
                actor_id=revision.confirmed_by_id,
                verb="revision.confirm",
                target_type=revision_type,
                target_id=revision.pk,
                target_label=revision.plan.title[:300],
                from_state="proposed",
                to_state="confirmed",
                at=revision.confirmed_at,
            )
        )
    AuditEvent.objects.bulk_create(events, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("participants", "0003_add_audit_log_and_notifications"),
        ("seminars", "0006_add_lifecycle_states"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
