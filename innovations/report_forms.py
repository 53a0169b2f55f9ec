"""The report stage's report as the participant writes it: its summary and effect, and a group of fields per milestone
(what was done, output, effect, basic values, an evidence file); `version` carries the optimistic lock."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .forms import checked_upload

TEXT = {"rows": 3, "maxlength": 5000}


class WorkReportForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    summary = forms.CharField(
        label=_("Summary of what was carried out"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
        validators=[MaxLengthValidator(5000)],
    )
    effect = forms.CharField(
        label=_("Effect on the work unit"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        validators=[MaxLengthValidator(5000)],
    )

    def __init__(self, *args, rows, values=(), report=None, **kwargs):
        """`rows`: (milestone, its entry or None) in order; `values`: the programme's basic values, if it asks."""
        initial = {"version": report.version if report else 0}
        if report is not None:
            initial.update(summary=report.summary, effect=report.effect)
        super().__init__(*args, initial=initial, **kwargs)
        self.milestones = []
        for milestone, entry in rows:
            prefix = f"m{milestone.pk}"
            for name, label in (("done", _("What was done")), ("output", _("Output")), ("effect", _("Effect"))):
                self.fields[f"{prefix}-{name}"] = forms.CharField(
                    label=label,
                    required=False,
                    widget=forms.Textarea(attrs=TEXT),
                    validators=[MaxLengthValidator(5000)],
                    initial=getattr(entry, name, ""),
                )
            if values:
                self.fields[f"{prefix}-values"] = forms.MultipleChoiceField(
                    label=_("Basic values it carries"),
                    required=False,
                    choices=[(value, value) for value in values],
                    widget=forms.CheckboxSelectMultiple,
                    initial=entry.values if entry else [],
                )
            self.fields[f"{prefix}-evidence"] = forms.FileField(
                label=_("Evidence (a file or a photo)"),
                required=False,
                help_text=_("PDF, images or office documents, at most 10 MB."),
            )
            self.milestones.append((milestone, entry, prefix))

    def clean(self):
        cleaned = super().clean()
        for _milestone, _entry, prefix in self.milestones:
            upload = cleaned.get(f"{prefix}-evidence")
            if upload:
                try:
                    cleaned[f"{prefix}-evidence"] = checked_upload(upload)
                except forms.ValidationError as error:
                    self.add_error(f"{prefix}-evidence", error)
        return cleaned

    def groups(self):
        """Each milestone with its bound fields and its entry, for the template."""
        return [
            (milestone, entry, [self[name] for name in self.fields if name.startswith(f"{prefix}-")])
            for milestone, entry, prefix in self.milestones
        ]

    @property
    def entries(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            milestone.pk: {
                "done": data[f"{prefix}-done"],
                "output": data[f"{prefix}-output"],
                "effect": data[f"{prefix}-effect"],
                "values": data.get(f"{prefix}-values", []),
            }
            for milestone, _entry, prefix in self.milestones
        }

    @property
    def uploads(self) -> dict[int, list]:
        data = self.cleaned_data
        return {
            milestone.pk: [data[f"{prefix}-evidence"]]
            for milestone, _entry, prefix in self.milestones
            if data.get(f"{prefix}-evidence")
        }
