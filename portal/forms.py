from django import forms
from django.utils.translation import gettext_lazy as _

from participants.models import Cohort


class CohortForm(forms.ModelForm):
    """The cohort with its seminar's date and venue, which staff set on the same page."""

    seminar_title = forms.CharField(label=_("Seminar title"), max_length=250, required=False)
    seminar_date = forms.DateField(
        label=_("Seminar date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    seminar_venue = forms.CharField(label=_("Seminar venue"), max_length=250, required=False)

    class Meta:
        model = Cohort
        fields = ["name", "slug", "training_title", "organiser", "start_date", "end_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"slug": _("Letters, digits and hyphens; used in addresses and on the command line.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        seminar = self.instance.seminars.first() if self.instance.pk else None
        if seminar:
            self.initial.update(seminar_title=seminar.title, seminar_date=seminar.date, seminar_venue=seminar.venue)
        self.fields["seminar_date"].widget.format = "%Y-%m-%d"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The training cannot end before it starts."))
        if cleaned.get("seminar_date") and not cleaned.get("seminar_venue"):
            self.add_error("seminar_venue", _("Where is the seminar held?"))
        return cleaned
