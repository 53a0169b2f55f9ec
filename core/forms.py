"""What every app's forms share."""

from django.core.exceptions import NON_FIELD_ERRORS


def labelled_errors(form) -> list[str]:
    """A form's errors as people read them away from the form (a save status, a message), each with its label."""
    return [
        " ".join(errors)
        if name == NON_FIELD_ERRORS or name not in form.fields
        else f"{form.fields[name].label}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    ]
