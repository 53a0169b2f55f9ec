"""What the project's forms share: errors people can read away from the form, and a clear answer to hidden
fields that were forged or are out of date.

Nobody types a hidden field (a row's id, a version, the plan a row belongs to), so its error would show beside
nothing and the page would come back unexplained. These mixins turn such errors into one message at the top.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

TAMPERED = _(
    "This form was changed outside its page or is out of date: it names a row that is not on this page. "
    "Reload the page and make your change again."
)


def hidden_errors(form) -> list[str]:
    return [name for name in form.errors if name in form.fields and form[name].is_hidden]


class CheckedHiddenFields:
    """A form mixin: an error in a hidden field becomes the form's one message, TAMPERED."""

    def clean(self):
        cleaned = super().clean()
        hidden = hidden_errors(self)
        if hidden:
            for name in hidden:
                del self._errors[name]
            self.add_error(None, ValidationError(TAMPERED, code="tampered"))
        return cleaned


class CheckedFormSetMixin:
    """A model formset mixin: a row whose hidden id or parent was forged makes the formset say TAMPERED.

    Django checks a row's id against every row of the model, not the parent's rows, and then leaves a row that
    names another parent's out without a word; here it is refused. So is a row the page showed that has since
    been deleted, and a new row that names an id.
    """

    def clean(self):
        pk = self.model._meta.pk.name
        for index, form in enumerate(self.forms):
            existing = index < self.initial_form_count()
            if hidden_errors(form) or (form.instance.pk is None if existing else bool(form[pk].value())):
                raise ValidationError(TAMPERED, code="tampered")
        super().clean()


class CheckedInlineFormSet(CheckedFormSetMixin, forms.BaseInlineFormSet):
    pass


def posted_text(request, name: str, *, max_length: int = 2000) -> str:
    """A free-text field read straight from a POST (a note beside a button): without the NUL characters no
    database stores, and no longer than `max_length`."""
    return request.POST.get(name, "").replace("\x00", "")[:max_length]


def posted_id(request, name: str) -> int | None:
    """A row's id read straight from a POST, or None when it is not one."""
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def labelled_errors(form) -> list[str]:
    """A form's errors as people read them away from the form (a save status, a message), each with its label."""
    return [
        " ".join(errors)
        if name == NON_FIELD_ERRORS or name not in form.fields
        else f"{form.fields[name].label}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    ]
