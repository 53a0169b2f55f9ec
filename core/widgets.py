"""Form widgets shared by the apps."""

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A select of plain choices (and option groups) that writes its options itself. Django renders every option
    through a template of its own, and for the thousand kecamatan of a national catalogue or the 552 provinces and
    kabupaten/kota of Indonesia that took most of the page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)

        def options(choices):
            # Every value written below goes through escape(); the markup around it is fixed.
            return "".join(
                f'<optgroup label="{escape(choice)}">{options(label)}</optgroup>'
                if isinstance(label, list | tuple)
                else f'<option value="{escape(choice)}"{" selected" if str(choice) in chosen else ""}>'
                f"{escape(label)}</option>"
                for choice, label in choices
            )

        # The attributes in their order, as Django's template writes them (flatatt would sort them).
        attributes = "".join(
            f" {escape(key)}" if setting is True else f' {escape(key)}="{escape(setting)}"'
            for key, setting in self.build_attrs(self.attrs, attrs).items()
            if setting is not False
        )
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options(self.choices)}</select>')
