import datetime

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.forms import CheckedHiddenFields, CheckedInlineFormSet
from innovations.forms import checked_upload
from innovations.records import Evaluation, Indicator, InnovationRecord, Measurement, Replication, Stage
from participants.forms import RegionField
from participants.models import Organisation, Participant

from .dossiers import CURRENT, words
from .models import Question, Questionnaire

DATE = {"type": "date"}
UPLOAD_HELP = _("PDF, images or office documents, at most 10 MB.")


def date_input():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


def not_in_future(day: datetime.date | None) -> None:
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."), code="future")


def word_limits() -> dict[str, int]:
    """The strictest word limit each text has in the current guidelines (KIPP's summary: 200): a text over it
    could never go forward, so it is not kept either."""
    limits: dict[str, int] = {}
    for guideline in CURRENT.values():
        for section in guideline.sections:
            if section.max_words:
                limits[section.key] = min(section.max_words, limits.get(section.key, section.max_words))
    return limits


class RecordForm(CheckedHiddenFields, forms.ModelForm):
    """The record's profile and texts, with the decree's file; `version` carries the optimistic lock."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    decree_file = forms.FileField(label=_("Decree (SK) file"), required=False, help_text=UPLOAD_HELP)

    class Meta:
        model = InnovationRecord
        fields = [
            "stage",
            "trial_date",
            "implementation_date",
            "initiator",
            "digital",
            "form",
            "decree_number",
            "decree_date",
            *InnovationRecord.TEXTS,
        ]
        widgets = {
            "trial_date": date_input(),
            "implementation_date": date_input(),
            "decree_date": date_input(),
            "stage": forms.RadioSelect,
            **{name: forms.Textarea(attrs={"rows": 5, "maxlength": 10000}) for name in InnovationRecord.TEXTS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.limits = word_limits()
        for name in InnovationRecord.TEXTS:
            self.fields[name].validators.append(MaxLengthValidator(10000))
            if name in self.limits:
                field = self.fields[name]
                field.widget.attrs.update({"class": "js-words", "data-words-max": self.limits[name]})
                field.help_text = _("At most %(count)d words.") % {"count": self.limits[name]}

    def clean_decree_file(self):
        upload = self.cleaned_data.get("decree_file")
        return checked_upload(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        for name in ["trial_date", "implementation_date", "decree_date"]:
            try:
                not_in_future(cleaned.get(name))
            except forms.ValidationError as error:
                self.add_error(name, error)
        for name, limit in self.limits.items():
            count = words(cleaned.get(name) or "")
            if count > limit:
                self.add_error(
                    name,
                    _("This has %(count)d words; at most %(limit)d are allowed.") % {"count": count, "limit": limit},
                )
        stage, trial, implemented = cleaned.get("stage"), cleaned.get("trial_date"), cleaned.get("implementation_date")
        if stage in (Stage.TRIAL, Stage.IMPLEMENTATION) and not trial and "trial_date" not in self.errors:
            self.add_error("trial_date", _("When did the trial begin?"))
        if stage == Stage.IMPLEMENTATION and not implemented and "implementation_date" not in self.errors:
            self.add_error("implementation_date", _("When did implementation begin?"))
        if trial and implemented and implemented < trial:
            self.add_error("implementation_date", _("Implementation cannot begin before the trial."))
        return cleaned


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "baseline_on", "lower_is_better"]
        widgets = {"baseline_on": date_input()}
        # Written as the reader's language writes numbers: "2,5" in Indonesian.
        localized_fields = ["baseline"]

    def clean_baseline_on(self):
        day = self.cleaned_data["baseline_on"]
        not_in_future(day)
        return day


class MeasurementForm(forms.ModelForm):
    evidence = forms.FileField(label=_("Evidence"), help_text=UPLOAD_HELP)

    class Meta:
        model = Measurement
        fields = ["value", "measured_on", "note"]
        widgets = {"measured_on": date_input()}
        localized_fields = ["value"]

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    def clean_measured_on(self):
        day = self.cleaned_data["measured_on"]
        not_in_future(day)
        if day < self.indicator.baseline_on:
            raise forms.ValidationError(
                _("A measure cannot come before its baseline (%(date)s).")
                % {"date": date_format(self.indicator.baseline_on, "j F Y")},
                code="before_baseline",
            )
        return day

    def clean_evidence(self):
        return checked_upload(self.cleaned_data["evidence"])


class EvaluationForm(forms.ModelForm):
    report = forms.FileField(label=_("Evaluation report"), help_text=UPLOAD_HELP)

    class Meta:
        model = Evaluation
        fields = ["kind", "evaluator", "evaluated_on", "findings"]
        widgets = {"evaluated_on": date_input(), "findings": forms.Textarea(attrs={"rows": 3, "maxlength": 3000})}

    def clean_evaluated_on(self):
        day = self.cleaned_data["evaluated_on"]
        not_in_future(day)
        return day

    def clean_report(self):
        return checked_upload(self.cleaned_data["report"])


class ReplicationForm(forms.ModelForm):
    """A unit records that it replicated an innovation: an organisation of this installation, or any unit by name."""

    region = RegionField(label=_("Region"), required=False)

    class Meta:
        model = Replication
        fields = ["organisation", "unit", "adapted", "contact_name", "contact", "replicated_on"]
        widgets = {"replicated_on": date_input(), "adapted": forms.Textarea(attrs={"rows": 4, "maxlength": 3000})}
        help_texts = {
            "organisation": _("If the unit belongs to an organisation that uses Inovasi."),
            "unit": _("E.g. Kantor Camat Tanjung Morawa."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("short_name")
        self.fields["organisation"].required = False

    def clean_replicated_on(self):
        day = self.cleaned_data["replicated_on"]
        not_in_future(day)
        return day


class ReplicateForm(forms.Form):
    """Where "replicate this" starts the new plan: one of the person's places in a cohort without a plan yet."""

    participation = forms.ModelChoiceField(label=_("Start the plan in"), queryset=Participant.objects.none())
    adapted = forms.CharField(
        label=_("What will you adapt to your unit?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the innovation's page with your unit's name, for others to learn from."),
    )

    def __init__(self, *args, participations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participation"].queryset = participations
        self.fields["participation"].label_from_instance = lambda p: f"{p.cohort.name} · {p.cohort.training_title}"


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["order", "text", "kind"]
        widgets = {"order": forms.NumberInput(attrs={"min": 0, "max": 99})}
        labels = {"order": _("No.")}


class BaseQuestionFormSet(CheckedInlineFormSet):
    def clean(self):
        super().clean()
        kept = [form for form in self.forms if form.cleaned_data.get("text") and not form.cleaned_data.get("DELETE")]
        if not kept:
            raise forms.ValidationError(_("Ask at least one question."), code="empty")


QuestionFormSet = forms.inlineformset_factory(
    Questionnaire, Question, form=QuestionForm, formset=BaseQuestionFormSet, extra=2, can_delete=True
)


class AnswersForm(forms.Form):
    """One field per question of the questionnaire: a 1–5 scale to choose, or text."""

    SCALE = [(n, str(n)) for n in range(1, 6)]

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            if question.kind == Question.Kind.SCALE:
                field = forms.TypedChoiceField(
                    label=question.text,
                    choices=self.SCALE,
                    coerce=int,
                    widget=forms.RadioSelect,
                    help_text=_("1 = not at all, 5 = fully."),
                )
            else:
                field = forms.CharField(
                    label=question.text, required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
                )
            self.fields[f"q{question.pk}"] = field

    def answers(self) -> list[tuple[Question, object]]:
        return [(question, self.cleaned_data[f"q{question.pk}"]) for question in self.questions]
