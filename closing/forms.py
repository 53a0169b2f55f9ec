from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import TAMPERED, CheckedHiddenFields
from participants.importer import MAX_BYTES
from programmes.spec import ENTERED, SEMINAR
from seminars.forms import DecimalCommaField, shown_score

SCORE_ERRORS = {
    "min_value": _("A score is from 0 to 100."),
    "max_value": _("A score is from 0 to 100."),
    "invalid": _("Write a number from 0 to 100, e.g. 85 or 85,5."),
    "max_digits": _("A score is from 0 to 100."),
    "max_whole_digits": _("A score is from 0 to 100."),
    "max_decimal_places": _("A score has at most two decimals."),
}


def score_field(label: str, initial) -> DecimalCommaField:
    return DecimalCommaField(
        label=label,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        required=False,
        initial=shown_score(initial),
        error_messages=SCORE_ERRORS,
        # Text, not number: a number box refuses "85,5" in some browsers (as on the score sheet).
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "class": "form-control form-control-sm score-box"}
        ),
    )


class ScoreGridForm(CheckedHiddenFields, forms.Form):
    """One box per participant and entered component, named score_<participant id>_<component key>; the grade
    book's version carries the optimistic lock. A participant who holds a certificate keeps their scores (no box)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, rows, components, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = version
        self.boxes_at: dict[str, tuple[int, str]] = {}
        for row in rows:
            if row.certificate is not None:
                continue
            for component in components:
                name = f"score_{row.participant.pk}_{component.key}"
                label = f"{component.label} · {row.participant.user.full_name}"
                self.fields[name] = score_field(label, row.scores.get(component.key))
                self.boxes_at[name] = (row.participant.pk, component.key)

    def clean(self):
        cleaned = super().clean()
        # A box this page did not show (another cohort's participant, a seminar's component): refused, not ignored.
        if self.is_bound and {key for key in self.data if key.startswith("score_")} - self.boxes_at.keys():
            raise ValidationError(TAMPERED, code="tampered")
        return cleaned

    @property
    def values(self) -> dict[int, dict[str, Decimal | None]]:
        values: dict[int, dict[str, Decimal | None]] = {}
        for name, (pk, key) in self.boxes_at.items():
            values.setdefault(pk, {})[key] = self.cleaned_data.get(name)
        return values

    def cells(self, row, components) -> list:
        """(component, stored value, bound box or None) for one participant's row, in the components' order: a box
        where staff type the score, the value alone for a seminar's component or a certificate holder."""
        cells = []
        for component in components:
            name = f"score_{row.participant.pk}_{component.key}"
            box = self[name] if name in self.fields else None
            if box is not None and box.errors:
                box.field.widget.attrs["class"] = "form-control form-control-sm score-box is-invalid"
            cells.append((component, row.scores.get(component.key), box))
        return cells


class GradeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet of scores"),
        help_text=_("Excel (.xlsx) or CSV, at most 5 MB: a NIP column and a column of scores."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )
    score_column = forms.ChoiceField(
        label=_("A column headed NILAI or SKOR holds"),
        help_text=_("As in the results file of LAN's e-learning; columns headed with a component's name fill it."),
    )

    def __init__(self, *args, components, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score_column"].choices = [(c.key, c.label) for c in components]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB. Remove other sheets or images and try again."))
        return upload


class ComponentForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=40)
    label = forms.CharField(label=_("Name"), max_length=100)
    weight = forms.IntegerField(label=_("Weight (%)"), min_value=1, max_value=100)
    source = forms.ChoiceField(label=_("Comes from"))
    minimum = DecimalCommaField(
        label=_("Minimum"), min_value=0, max_value=100, max_digits=5, decimal_places=2, required=False
    )

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(ENTERED, _("Entered by staff or imported"))] + [
            (f"{SEMINAR}:{stage.key}", stage.seminar.title or stage.name) for stage in stages
        ]


class BandForm(forms.Form):
    above = DecimalCommaField(
        label=_("Above"), min_value=0, max_value=100, max_digits=5, decimal_places=2, required=False
    )
    label = forms.CharField(label=_("Qualification"), max_length=100)


ComponentFormSet = forms.formset_factory(ComponentForm, extra=1, can_delete=True)
BandFormSet = forms.formset_factory(BandForm, extra=1, can_delete=True)


class GradingForm(CheckedHiddenFields, forms.Form):
    pass_mark = DecimalCommaField(
        label=_("Pass mark"), min_value=0, max_value=100, max_digits=5, decimal_places=2, required=False
    )
    lesson_hours = forms.IntegerField(
        label=_("Lesson hours (JP)"),
        min_value=1,
        max_value=2000,
        required=False,
        help_text=_("Printed on each certificate."),
    )
    training_type = forms.CharField(
        label=_("Type of training (SIASN)"),
        max_length=100,
        required=False,
        help_text=_("As SIASN names it in the training history, e.g. Diklat Teknis or Pelatihan Dasar CPNS."),
    )
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
