"""`plain_field`: one form field as Bootstrap markup, written in Python.

crispy-forms renders every field through several templates, and every option of a select through one more; on
the list pages' filter forms that was most of the page's time, and on the sign-in and password pages half of it.
Those use this instead; the forms people fill in at length keep crispy and its layouts.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


def _select(field, attrs: dict) -> str:
    widget = field.field.widget
    chosen = widget.format_value(field.value())
    # Every value written below goes through escape(); the markup around it is fixed.
    options = "".join(
        f'<option value="{escape(value)}"{" selected" if str(value) in chosen else ""}>{escape(label)}</option>'
        for value, label in widget.choices
    )
    attributes = "".join(
        f" {escape(key)}" if setting is True else f' {escape(key)}="{escape(setting)}"'
        for key, setting in widget.build_attrs(widget.attrs, attrs).items()
        if setting is not False and setting is not None
    )
    return f'<select name="{escape(field.html_name)}"{attributes}>{options}</select>'


@register.filter
def plain_field(field) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple | forms.FileInput):
        return as_crispy_field(field)  # rare in the forms that use this; crispy lays them out well
    single_select = isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple)
    attrs = {"class": "form-select" if single_select else "form-control", "id": field.auto_id}
    if field.field.required:
        attrs["required"] = True
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_error"
    control = _select(field, attrs) if single_select else field.as_widget(attrs=attrs)
    errors = (
        format_html('<div class="invalid-feedback" id="{}_error">{}</div>', field.auto_id, " ".join(field.errors))
        if field.errors
        else ""
    )
    # Help texts come from the code, never from people (the password rules are a list in HTML).
    help_text = format_html('<div class="form-text">{}</div>', mark_safe(field.help_text)) if field.help_text else ""
    label = format_html('<label class="form-label" for="{}">{}</label>', field.auto_id, field.label)
    return format_html('<div class="mb-3">{}{}{}{}</div>', label, mark_safe(control), errors, help_text)
