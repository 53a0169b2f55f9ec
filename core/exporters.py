"""One shape for a list exported as a spreadsheet (after pretalx's exporters): an exporter names its columns once,
each with its key, its label and how its value is read from an object; a row is a dict keyed by column, laid out in
the columns' order, so a header and its values cannot drift apart.

A column that is a model's field takes its label from the field's `verbose_name` (`Column.field`); a column that is
not one, or whose header says something else than the field's name, gives its own.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import HttpResponse
from django.utils.text import capfirst

from .spreadsheets import spreadsheet_response


def field_at(model: type[models.Model], path: str) -> models.Field:
    """The field a lookup path names from `model` ("user__nip": the user's NIP)."""
    *relations, name = path.split("__")
    for relation in relations:
        related = model._meta.get_field(relation).related_model
        if not isinstance(related, type):
            raise ValueError(f"{relation} in {path} is not a relation to a model")
        model = related
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise ValueError(f"{path} names no field of {model.__name__}")
    return field


def _read(path: str) -> Callable[[Any], Any]:
    def read(obj):
        for name in path.split("__"):
            if obj is None:
                return None
            obj = getattr(obj, name)
        return obj

    return read


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # text, usually lazy
    value: Callable[[Any], Any]
    field: models.Field | None = None  # the model field the column shows, which gave its label

    @classmethod
    def of_field(
        cls, model: type[models.Model], path: str, *, value: Callable[[Any], Any] | None = None, key: str = ""
    ) -> "Column":
        """A column showing the field at `path` from `model`, labelled with its verbose_name; read along the path
        unless `value` says how."""
        field = field_at(model, path)
        return cls(key or path, capfirst(field.verbose_name), value or _read(path), field)


@dataclass(frozen=True)
class Exporter:
    """A list's columns, in order, and the rows of a set of objects as dicts keyed by column."""

    columns: tuple[Column, ...]

    def __post_init__(self):
        keys = [column.key for column in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"Two columns share a key: {keys}")

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]

    def header(self) -> list[str]:
        return [str(column.label) for column in self.columns]

    def row(self, obj) -> dict[str, Any]:
        return {column.key: column.value(obj) for column in self.columns}

    def rows(self, objects: Iterable) -> Iterator[dict[str, Any]]:
        return (self.row(obj) for obj in objects)

    def response(self, objects: Iterable, fmt: str, *, name: str, title: str) -> HttpResponse:
        """The objects as a download (`core.spreadsheets`): the header, then each row in the columns' order."""
        keys = self.keys
        cells = ([row[key] for key in keys] for row in self.rows(objects))
        return spreadsheet_response(name, self.header(), cells, fmt, title=title)
