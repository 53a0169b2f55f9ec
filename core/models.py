from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def issued_document_path(document, filename):
    return f"private/documents/{document.kind}/{document.pk}/{filename}"


class IssuedDocument(models.Model):
    """A numbered document as it was issued: its number, what it says (`content`, the data its page is made from)
    and, once rendered, its file. It never changes: a change makes a new revision with a number of its own, which
    names the one it replaces; every revision stays retrievable. Written only by `core.issuing`.

    `subject` is what the document is of (a seminar's minutes, its agenda; a participant's certificate), so this
    layer needs to know nothing of seminars or cohorts. Add a kind as a member of `Kind`.
    """

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Minutes of the seminar's results")
        AGENDA = "agenda", _("Seminar agenda")

    kind = models.CharField(_("document"), max_length=40, choices=Kind.choices)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    number = models.CharField(_("number"), max_length=100)
    # The revision this one replaces; the first has none.
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("replaces")
    )
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    dated = models.DateField(_("dated"))  # the date the document carries beside its place
    file = models.FileField(_("file"), upload_to=issued_document_path, blank=True)
    file_hash = models.CharField(_("file hash (SHA-256)"), max_length=64, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    # Nobody when the system issued it (a loader); kept when the person's account goes.
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["subject_type", "subject_id", "kind", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind", "revision"], name="one_document_per_revision"
            ),
            models.CheckConstraint(condition=models.Q(revision__gte=1), name="revision_from_one"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"
