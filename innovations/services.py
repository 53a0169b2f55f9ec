"""Writes to a plan that do more than one thing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import images
from core.editing import bump, check_fresh
from core.responses import safe_filename
from core.storage import StorageFailed, store_field
from participants.audit import Verb, record
from participants.models import Participant, User

from . import approvers, sections
from .models import ActionPlan, Attachment, CandidateIssue, Consultation, Evidence, ReportEvidence


@transaction.atomic
def start_plan(participant: Participant) -> ActionPlan:
    """The participant's plan in progress, started if they have none (a withdrawn one does not count)."""
    participant = (
        Participant.objects.select_for_update(of=("self",)).select_related("cohort", "user").get(pk=participant.pk)
    )
    plan = participant.plans.exclude(state=ActionPlan.State.WITHDRAWN).first()
    if plan is None:
        plan = ActionPlan.objects.create(participant=participant, title=_("My action plan"))
        record(Verb.PLAN_START, cohort=participant.cohort, actor=participant.user, target=plan, to_state=plan.state)
    return plan


@transaction.atomic
def save_plan(
    plan: ActionPlan, *, fields: dict, version: int, by: User, written: dict | None = None, tab: str = "", formsets=()
) -> ActionPlan:
    """Save the owner's edits if nobody else saved in between (optimistic lock): `fields` of the plan, the texts of
    its programme's sections (`written`, by key: innovations.sections), and its lists.

    `tab` identifies the browser tab: a tab may overtake its own autosave, never another tab's save.
    Raises core.editing.EditConflict when another tab saved since, ValidationError when the plan is no longer
    editable by `by`. Nothing is written in either case.
    """
    # The version is compared after the row is locked: a check inside the UPDATE's subquery is not evaluated
    # again once a concurrent save releases the row, and both saves would win.
    current = ActionPlan.objects.editable_by(by).select_for_update(of=("self",)).filter(pk=plan.pk).first()
    if current is None:
        raise ValidationError(str(approvers.words_for(plan).locked))
    check_fresh(current, version=version, tab=tab)
    for name, value in fields.items():
        setattr(current, name, value)
    texts = sections.write(current, written or {})
    current.save(update_fields=[*fields, *texts, *bump(current, tab=tab), "updated_at"])
    for formset in formsets:
        formset.save()
    return current


@transaction.atomic
def choose_core_issue(plan: ActionPlan, issue: CandidateIssue, *, by: User) -> ActionPlan:
    plan = ActionPlan.objects.editable_by(by).select_for_update().filter(pk=plan.pk).first()
    if plan is None or issue.plan_id != plan.pk:
        raise ValidationError(_("Only the owner can choose the core issue of a draft plan."))
    if not issue.passes_apkl:
        raise ValidationError(
            _("“%(issue)s” does not pass APKL, so it cannot be the core issue: an issue passes when all four hold.")
            % {"issue": issue.description}
        )
    plan.core_issue = issue
    plan.version += 1
    plan.save(update_fields=["core_issue", "version", "updated_at"])
    return plan


def keep_upload(row: Attachment | Consultation | Evidence | ReportEvidence, upload, *, save: bool = True) -> list[str]:
    """Store a checked upload (`detected_type` set by the form: core.images measured a picture) as `row`'s file,
    under a safe name with the extension of its type, with a thumbnail if it is a picture, and save the row (or,
    `save=False`, leave the save to the caller's transaction: the names of the fields set are returned). A storage
    that fails (a full disk) raises core.storage.StorageFailed, and nothing of it stays."""
    upload.name = safe_filename(upload.name, upload.detected_type)
    row.name, row.content_type, row.size = upload.name, upload.detected_type, upload.size
    fields = ["file", "thumbnail", "name", "content_type", "size"]
    stored = [store_field(row, "file", upload, upload.name)]
    try:
        if row.is_picture:
            stem = upload.name.rsplit(".", 1)[0]
            stored.append(store_field(row, "thumbnail", images.thumbnail(upload), f"{stem}-thumbnail.jpg"))
        else:
            row.thumbnail = ""
        if save:
            row.save()
    except BaseException:
        for name in stored:
            row.file.storage.delete(name)
        raise
    return fields


def thumbnail_of(row: Attachment | Consultation | Evidence | ReportEvidence):
    """A picture's thumbnail; one uploaded before thumbnails were made gets it now, once (if the storage cannot
    keep it, it is made for this answer alone). A ValidationError for a picture that cannot be read."""
    if row.thumbnail:
        return row.thumbnail
    with row.file.open("rb") as picture:
        made = images.thumbnail(picture)
    try:
        store_field(row, "thumbnail", made, f"{row.name.rsplit('.', 1)[0]}-thumbnail.jpg")
    except StorageFailed:
        return made
    type(row).objects.filter(pk=row.pk).update(thumbnail=row.thumbnail.name)
    return row.thumbnail


def add_attachment(plan: ActionPlan, upload, *, by: User) -> Attachment:
    """Keep a checked upload as an attachment of a plan its owner may still edit (`keep_upload`)."""
    if not ActionPlan.objects.editable_by(by).filter(pk=plan.pk).exists():
        raise ValidationError(_("Attachments can be added only while the plan is a draft or in revision."))
    attachment = Attachment(plan=plan, uploaded_by=by)
    keep_upload(attachment, upload)
    return attachment
