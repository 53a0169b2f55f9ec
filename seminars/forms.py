import re
import uuid
from decimal import Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.forms import CheckedFormSetMixin, CheckedHiddenFields, CheckedInlineFormSet
from innovations.forms import MilestoneForm
from participants.models import Examiner

from .models import Break, Criterion, PredicateBand, Room, Rubric, Seminar

TIME = {"type": "time"}


class SeminarForm(forms.ModelForm):
    class Meta:
        model = Seminar
        fields = ["title", "date", "end_date", "venue", "day_start", "day_end", "slot_minutes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "day_start": forms.TimeInput(attrs=TIME, format="%H:%M"),
            "day_end": forms.TimeInput(attrs=TIME, format="%H:%M"),
            "slot_minutes": forms.NumberInput(attrs={"min": 5, "max": 240}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("day_start") and cleaned.get("day_end") and cleaned["day_end"] <= cleaned["day_start"]:
            self.add_error("day_end", _("The day must end after it starts."))
        if cleaned.get("end_date") and cleaned.get("date") and cleaned["end_date"] < cleaned["date"]:
            self.add_error("end_date", _("The last day cannot come before the first."))
        if cleaned.get("slot_minutes") is not None and cleaned["slot_minutes"] < 5:
            self.add_error("slot_minutes", _("An exposé takes at least 5 minutes."))
        return cleaned


class BreakForm(forms.ModelForm):
    class Meta:
        model = Break
        fields = ["label", "start", "end"]
        widgets = {
            "start": forms.TimeInput(attrs=TIME, format="%H:%M"),
            "end": forms.TimeInput(attrs=TIME, format="%H:%M"),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] <= cleaned["start"]:
            self.add_error("end", _("A break must end after it starts."))
        return cleaned


BreakFormSet = forms.inlineformset_factory(
    Seminar, Break, form=BreakForm, formset=CheckedInlineFormSet, extra=1, can_delete=True
)


class RoomForm(forms.ModelForm):
    """A room with the examiners of its panel."""

    examiners = forms.ModelMultipleChoiceField(
        label=_("Panel"), queryset=Examiner.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Room
        fields = ["name", "order"]

    def __init__(self, *args, examiners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["examiners"].queryset = examiners if examiners is not None else Examiner.objects.none()
        self.fields["examiners"].label_from_instance = lambda e: e.user.full_name
        # A new room's number is given when it is saved (BaseRoomFormSet.clean): a blank row is blank, untouched.
        self.fields["order"].required = False
        self.fields["order"].initial = None
        if self.instance.pk is None:
            self.initial.pop("order", None)
        if self.instance.pk and hasattr(self.instance, "panel"):
            self.initial["examiners"] = list(self.instance.panel.examiners.all())


class BaseRoomFormSet(CheckedFormSetMixin, forms.BaseInlineFormSet):
    def __init__(self, *args, examiners=None, **kwargs):
        self.examiners = examiners
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "examiners": self.examiners}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            examiners=self.examiners,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        super().clean()
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        last = max((form.cleaned_data.get("order") or 0 for form in kept), default=0)
        for form in kept:
            if form.cleaned_data.get("order") is None:
                last += 1
                form.cleaned_data["order"] = form.instance.order = last
        seen = {}
        for form in kept:
            for examiner in form.cleaned_data.get("examiners", []):
                if examiner.pk in seen:
                    raise forms.ValidationError(
                        _(
                            "%(name)s sits on two panels (%(first)s and %(second)s); "
                            "an examiner can be in one room only."
                        )
                        % {
                            "name": examiner.user.full_name,
                            "first": seen[examiner.pk],
                            "second": form.cleaned_data["name"],
                        }
                    )
                seen[examiner.pk] = form.cleaned_data.get("name")


RoomFormSet = forms.inlineformset_factory(
    Seminar, Room, form=RoomForm, formset=BaseRoomFormSet, extra=1, can_delete=True
)


class MoveForm(forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none())
    starts_at = forms.ChoiceField(label=_("Time"))

    def __init__(self, *args, seminar, times, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = seminar.rooms.all()
        self.times = {start.isoformat(): start for start, _end in times}
        self.fields["starts_at"].choices = [(start.isoformat(), f"{start:%d-%m %H:%M}") for start, _end in times]

    def clean_starts_at(self):
        return self.times[self.cleaned_data["starts_at"]]


class DecimalCommaField(forms.DecimalField):
    """A score as Indonesians type it: "85,5" is 85.5, and so is "85.5"."""

    def to_python(self, value):
        if isinstance(value, str) and "," in value and "." not in value:
            value = value.replace(",", ".")
        return super().to_python(value)


def shown_score(value: Decimal | None) -> str | None:
    """A stored score as the examiner typed it, in the page's language: 85, 85,5 (Indonesian) or 85.5."""
    if value is None:
        return None
    plain = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(plain, use_l10n=True)


class ScoreForm(CheckedHiddenFields, forms.Form):
    """A 0–100 box per criterion of the rubric, and a note for the participant; `version` and `tab` carry the
    optimistic lock (core.editing), as on the plan's form."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    tab = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)

    def __init__(self, *args, criteria, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = sheet.version
        self.fields["tab"].initial = uuid.uuid4().hex
        self.criteria = list(criteria)
        given = {score.criterion_id: score.value for score in sheet.scores.all()} if sheet.pk else {}
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = DecimalCommaField(
                label=f"{criterion.name} ({criterion.weight} %)",
                min_value=0,
                max_value=100,
                decimal_places=2,
                max_digits=5,
                required=False,
                initial=shown_score(given.get(criterion.pk)),
                # Text, not number: a number box refuses "85,5" in some browsers, and phones then lack the comma.
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "class": "js-score",
                        "data-weight": criterion.weight,
                    }
                ),
            )
        self.fields["note"] = forms.CharField(
            label=_("Note for the participant"),
            required=False,
            initial=sheet.note,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def clean(self):
        cleaned = super().clean()
        if self.is_bound:
            posted = {key for key in self.data if key.startswith("criterion_")}
            if posted != {f"criterion_{c.pk}" for c in self.criteria}:
                # The page shows another rubric's criteria: the rubric changed after it was opened.
                raise forms.ValidationError(
                    _("The rubric changed after you opened this page. Reload it to score on the new one."),
                    code="stale_rubric",
                )
        return cleaned

    def values(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}") for c in self.criteria}

    def aspects(self):
        """The fields grouped by aspect, for the template."""
        groups = {}
        for criterion in self.criteria:
            groups.setdefault(criterion.aspect, []).append(self[f"criterion_{criterion.pk}"])
        return groups.items()


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.TextInput())


class VersionForm(CheckedHiddenFields, forms.Form):
    """The version of the row a page was opened at, for the optimistic lock of a page of formsets."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["aspect", "name", "weight", "order"]


class BaseCriterionFormSet(CheckedFormSetMixin, forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        weights = [
            form.cleaned_data["weight"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if sum(weights) != 100:
            raise forms.ValidationError(
                _("The weights add up to %(sum)d; they must add up to 100.") % {"sum": sum(weights)}
            )


CriterionFormSet = forms.inlineformset_factory(
    Rubric, Criterion, form=CriterionForm, formset=BaseCriterionFormSet, extra=1, can_delete=True
)


class BaseBandFormSet(CheckedFormSetMixin, forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if sum(1 for band in kept if band.get("above") is None) != 1:
            raise forms.ValidationError(
                _("Exactly one predicate must have no lower bound: it takes every other score.")
            )
        bounds = [band["above"] for band in kept if band.get("above") is not None]
        if len(bounds) != len(set(bounds)):
            raise forms.ValidationError(_("Two predicates start at the same score."))


# `form=` is the factory's default, named so that mypy can type the formset.
BandFormSet = forms.inlineformset_factory(
    Rubric,
    PredicateBand,
    form=forms.ModelForm,
    fields=["above", "label"],
    formset=BaseBandFormSet,
    extra=1,
    can_delete=True,
)


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to sign"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class VerifyCodeField(forms.RegexField):
    """A code as people type it from paper: lowercase, in groups with spaces or dashes between them."""

    def to_python(self, value):
        return re.sub(r"[\s\-‐‑–—]", "", super().to_python(value)).upper()


class VerifyForm(forms.Form):
    code = VerifyCodeField(
        label=_("Verification code"),
        regex=r"^[A-Z0-9]{6,16}$",
        max_length=40,
        error_messages={"invalid": _("A verification code has letters and digits only, as printed on the document.")},
    )


RevisionFormSet = forms.formset_factory(MilestoneForm, extra=1, can_delete=True)
