from django import forms
from django.utils.translation import gettext_lazy as _

from participants.models import Examiner

from .models import Break, Room, Seminar

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


BreakFormSet = forms.inlineformset_factory(Seminar, Break, form=BreakForm, extra=1, can_delete=True)


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
        if self.instance.pk and hasattr(self.instance, "panel"):
            self.initial["examiners"] = list(self.instance.panel.examiners.all())


class BaseRoomFormSet(forms.BaseInlineFormSet):
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
        seen = {}
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
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
