"""Numbered documents that keep their word (docs/architecture.md, "Documents").

A document's number stands for what it said when it was issued. `issue()` compares what the document would say now
(`content`, plain data) with its latest revision: the same content is the same document, with the same number and
the same file; different content is a new revision, with a new number, that names the one it replaces. Nothing in
an `IssuedDocument` is ever changed afterwards but its file, written once (`document_file`).
"""

import datetime
import hashlib
import json
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction

from .models import IssuedDocument


def content_hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def revisions(kind: str, subject):
    """Every revision of a subject's document, the first first."""
    return IssuedDocument.objects.filter(
        kind=kind, subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    ).order_by("revision")


def latest(kind: str, subject) -> IssuedDocument | None:
    return revisions(kind, subject).last()


@transaction.atomic
def issue(
    kind: str, subject, *, content: dict, dated: datetime.date, number: Callable[[], str], by=None
) -> tuple[IssuedDocument, bool]:
    """The subject's document of this kind as `content` says; returns (document, created).

    Its latest revision when that says the same; otherwise a new revision, numbered by `number()` (called only
    then, inside this transaction, so a rolled-back revision gives its number back), which replaces the latest.
    The subject's row is locked first, so two at once make one revision.
    """
    list(type(subject).objects.select_for_update().filter(pk=subject.pk).values_list("pk", flat=True))
    previous = latest(kind, subject)
    digest = content_hash(content)
    if previous is not None and previous.content_hash == digest:
        return previous, False
    document = IssuedDocument.objects.create(
        kind=kind,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        revision=previous.revision + 1 if previous else 1,
        number=number(),
        replaces=previous,
        content=content,
        content_hash=digest,
        dated=dated,
        issued_by=by,
    )
    return document, True


def document_file(document: IssuedDocument, render: Callable[[IssuedDocument], bytes], filename: str) -> bytes:
    """The document's file: rendered from its own content the first time, then kept and given as it is, byte for
    byte, every time after. Rendering happens outside any lock; only storing it takes the row's."""
    if document.file:
        try:
            with document.file.open("rb") as file:
                return file.read()
        except OSError:
            pass  # lost from storage: made again from the content it was issued with
    data = render(document)
    with transaction.atomic():
        current = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if current.file and current.file_hash:
            try:
                with current.file.open("rb") as file:
                    return file.read()
            except OSError:
                pass
        current.file_hash = hashlib.sha256(data).hexdigest()
        current.file.save(filename, ContentFile(data), save=False)
        current.save(update_fields=["file", "file_hash"])
    document.file, document.file_hash = current.file, current.file_hash
    return data
