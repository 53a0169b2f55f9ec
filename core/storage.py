"""Files kept in media storage (uploads, thumbnails, made documents) so that a failing store leaves nothing half
written: a full disk or a store that does not answer gets a clear message, and what was written is removed.

A file stored in a transaction that is then rolled back, or by a process killed between writing the file and its
row, is an orphan: no row names it. `remove_orphans` (housekeeping) removes those old enough that no transaction can
still be about to name them.
"""

import datetime
import logging
from contextlib import suppress
from typing import cast

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

FAILED = _(
    "The file could not be stored: the server's storage is full or does not answer. Nothing was saved; what you "
    "typed is still here. Try again later, and tell the administrator if it happens again."
)
# Kept aside by the imports themselves, outside any row: the roster files between upload and confirm.
NOT_SWEPT = ("imports/",)


class StorageFailed(ValidationError):
    """Storing a file failed; nothing of it stays. A ValidationError, so forms and views show it as a refusal."""


def store(storage, name: str, content, *, max_length: int | None = None) -> str:
    """Save `content` under `name`, or a free name like it; returns the name it was saved under. Raises
    StorageFailed, having removed whatever was written, when the storage fails (a full disk: OSError)."""
    name = storage.get_available_name(name, max_length=max_length)
    try:
        return storage.save(name, content, max_length=max_length)
    except Exception as error:  # any failure of the store: a full disk, a refused or broken connection
        logger.exception("Storing %s failed", name)
        with suppress(Exception):  # the store may not answer at all; the orphan sweep removes it then
            storage.delete(name)
        raise StorageFailed(FAILED, code="storage") from error


def store_field(instance: models.Model, field_name: str, content, filename: str) -> str:
    """Store `content` as the file of `instance`'s FileField `field_name` (under the field's own path for
    `filename`), and set the field to it; the row is saved by the caller. Raises StorageFailed as `store` does."""
    field = cast(models.FileField, instance._meta.get_field(field_name))
    name = store(field.storage, field.generate_filename(instance, filename), content, max_length=field.max_length)
    setattr(instance, field_name, name)
    return name


def kept_names() -> set[str]:
    """Every file name a row holds, in any FileField of any model."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and not field.many_to_many and field.concrete:
                names.update(model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True))
    return names


def _walk(storage, folder: str = ""):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}{name}"
    for directory in directories:
        yield from _walk(storage, f"{folder}{directory}/")


def remove_orphans(*, older_than: datetime.timedelta = datetime.timedelta(days=1), storage=None) -> int:
    """Housekeeping: remove the stored files no row names (a half-written file, one of a rolled-back transaction or
    of a killed worker) once older than `older_than`; returns how many."""
    storage = storage or default_storage
    try:
        found = list(_walk(storage))
    except FileNotFoundError:
        return 0  # nothing stored yet
    kept, cutoff, count = kept_names(), timezone.now() - older_than, 0
    for name in found:
        if name in kept or name.startswith(NOT_SWEPT):
            continue
        with suppress(FileNotFoundError):
            if storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                count += 1
    return count
