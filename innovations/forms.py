import uuid

import filetype
from django import forms
from django.core.validators import MaxLengthValidator, URLValidator
from django.db.models import Max
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core import images
from core.forms import TAMPERED, CheckedFormSetMixin, CheckedHiddenFields, hidden_errors
from core.responses import PREVIEWABLE
from participants.models import Cohort

from . import sections
from .models import (
    ActionPlan,
    CandidateIssue,
    Cluster,
    Consultation,
    Milestone,
    ProgressReport,
    Risk,
    Stakeholder,
    TeamMember,
)

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Detected content type -> what people call it. Office files are zip or OLE containers underneath;
# `filetype` looks inside and names them.
ALLOWED_CONTENT = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.presentation": "ODP",
    "application/msword": "Word 97–2003",
    "application/vnd.ms-excel": "Excel 97–2003",
    "application/vnd.ms-powerpoint": "PowerPoint 97–2003",
}
LONG_TEXT = {"rows": 5, "class": "js-count", "maxlength": 5000}


class PlanForm(CheckedHiddenFields, forms.ModelForm):
    """The plan's title, cluster and written sections; `version` carries the optimistic lock."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    tab = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)

    class Meta:
        model = ActionPlan
        fields = ["title", "cluster"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = Cluster.objects.filter(cohort=self.instance.participant.cohort)
        # A cohort without clusters (Latsar's usually has none) offers no choice and asks for none.
        self.has_clusters = self.fields["cluster"].queryset.exists()
        self.fields["version"].initial = self.instance.version
        self.fields["tab"].initial = uuid.uuid4().hex
        # The sections of the cohort's programme, in its order, under its headings (innovations.sections).
        self.sections = sections.of(self.instance)
        for section in self.sections:
            self.fields[section.key] = forms.CharField(
                label=capfirst(section.label),
                help_text=section.help,
                required=False,
                initial=section.text,
                widget=forms.Textarea(attrs=LONG_TEXT),
                validators=[MaxLengthValidator(5000)],
            )

    def section_fields(self):
        return [self[section.key] for section in self.sections]

    def written(self) -> dict[str, str]:
        """The sections' texts as typed, by key."""
        return {section.key: self.cleaned_data[section.key] for section in self.sections}


class CandidateIssueForm(forms.ModelForm):
    class Meta:
        model = CandidateIssue
        fields = ["description", "aktual", "problematik", "kekhalayakan", "layak", "urgency", "seriousness", "growth"]
        # Only 1 to 5 can be chosen: a list, not a box to type in.
        widgets = {
            name: forms.Select(choices=[(n, n) for n in range(1, 6)]) for name in ["urgency", "seriousness", "growth"]
        }

    def clean(self):
        cleaned = super().clean()
        for name in ["urgency", "seriousness", "growth"]:
            value = cleaned.get(name)
            if value is not None and not 1 <= value <= 5:
                self.add_error(name, _("Score from 1 to 5."))
        return cleaned

    # The page lays the screen's four boxes and the three scores out side by side, each group under its name.
    def apkl_fields(self):
        return [self[name] for name in ["aktual", "problematik", "kekhalayakan", "layak"]]

    def usg_fields(self):
        return [self[name] for name in ["urgency", "seriousness", "growth"]]


ORDER = {"order": forms.NumberInput(attrs={"min": 1, "max": 99, "class": "row-order"})}


class NumberedRowForm(forms.ModelForm):
    """A row of a plan's list with its number ("No."), which the participant may leave blank: a blank row goes
    last when saved (PlanRowFormSet.save). A new row shows no number, not the model's 0."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["order"].initial = None
        if self.instance.pk is None:
            self.initial.pop("order", None)


class StakeholderForm(NumberedRowForm):
    class Meta:
        model = Stakeholder
        fields = ["order", "name", "role", "interest", "influence"]
        widgets = ORDER
        labels = {"order": _("No.")}


class TeamMemberForm(NumberedRowForm):
    class Meta:
        model = TeamMember
        fields = ["order", "name", "role_in_team", "position"]
        widgets = ORDER
        labels = {"order": _("No.")}


class RiskForm(NumberedRowForm):
    class Meta:
        model = Risk
        fields = ["order", "description", "mitigation"]
        widgets = ORDER
        labels = {"order": _("No.")}


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["term", "deliverable", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class PlanRowFormSet(forms.BaseInlineFormSet):
    """A plan's list (stakeholders, team, risks, milestones) as the plan form posts it, also while typing.

    Autosave gives a new row its id at once (its answer fills the row's hidden id), so each row is matched by the id
    it posts, wherever it stands in the form; a row whose object is gone (deleted by an earlier save, or another
    plan's) is left out. `saved_rows` lists, after `save()`, the new rows' id fields and ids for that answer.
    """

    def _construct_form(self, i, **kwargs):
        gone = False
        if self.is_bound:
            raw = self.data.get(f"{self.add_prefix(i)}-{self.model._meta.pk.name}", "")
            if raw:
                found = self._existing_object(int(raw)) if str(raw).isdigit() else None
                if found is None:
                    gone = True
                else:
                    kwargs["instance"] = found
        form = super()._construct_form(i, **kwargs)
        if gone:
            form.gone = True
            form.empty_permitted = True
        return form

    def _existing_object(self, pk):
        if not hasattr(self, "_object_dict"):
            self._object_dict = {o.pk: o for o in self.get_queryset()}
        return self._object_dict.get(pk)

    def _should_delete_form(self, form):
        return getattr(form, "gone", False) or super()._should_delete_form(form)

    def clean(self):
        """A gone row is fine when it was being deleted anyway (this tab's earlier save deleted it); one that is
        still meant to be kept names a row this plan does not have (another tab deleted it, or the id was forged),
        and the whole save is refused with one message rather than losing it without a word."""
        for form in self.forms:
            if form.data.get(form.add_prefix("DELETE")):
                continue  # going anyway: whatever its hidden fields say
            if getattr(form, "gone", False) or hidden_errors(form):
                raise forms.ValidationError(TAMPERED, code="tampered")
        super().clean()

    def save(self, commit=True):
        self.saved_rows = []
        last = self.model.objects.filter(**{self.fk.name: self.instance}).aggregate(last=Max("order"))["last"] or 0
        for form in self.forms:
            if self._should_delete_form(form):
                if form.instance.pk and not getattr(form, "gone", False):
                    form.instance.delete()
                continue
            if not form.has_changed():
                continue
            adding = form.instance.pk is None
            row = form.save(commit=False)
            setattr(row, self.fk.name, self.instance)
            if not row.order:
                last += 1
                row.order = last
            row.save()
            if adding:
                self.saved_rows.append((form[self.model._meta.pk.name].auto_id, form.add_prefix("id"), row.pk))
        return []


def _formset(model, form):
    return forms.inlineformset_factory(ActionPlan, model, form=form, formset=PlanRowFormSet, extra=0, can_delete=True)


StakeholderFormSet = _formset(Stakeholder, StakeholderForm)
RiskFormSet = _formset(Risk, RiskForm)
MilestoneFormSet = _formset(Milestone, MilestoneForm)
TeamFormSet = _formset(TeamMember, TeamMemberForm)
LIST_FORMSETS = {
    "stakeholders": StakeholderFormSet,
    "team": TeamFormSet,
    "risks": RiskFormSet,
    "milestones": MilestoneFormSet,
}


def checked_upload(upload):
    """An uploaded file if it is, by its content, a PDF, an image or an office document of at most 10 MB; a picture
    of at most core.images.MAX_PIXELS."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise forms.ValidationError(_("The file is larger than 10 MB."))
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_CONTENT:
        raise forms.ValidationError(
            _("“%(name)s” is not a PDF, an image or an office document, whatever its name says.")
            % {"name": upload.name}
        )
    if kind.mime in PREVIEWABLE:
        images.measure(upload)  # a picture is measured by what it decodes to, not by its bytes on disk
    upload.detected_type = kind.mime
    return upload


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attachment"), help_text=_("PDF, images or office documents, at most 10 MB."))

    def clean_file(self):
        return checked_upload(self.cleaned_data["file"])


class ProgressReportForm(forms.ModelForm):
    evidence = forms.FileField(
        label=_("Evidence file"), required=False, help_text=_("PDF, images or office documents, at most 10 MB.")
    )

    class Meta:
        model = ProgressReport
        fields = ["status", "percent", "narrative", "links"]
        widgets = {
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100}),
            "narrative": forms.Textarea(attrs={"rows": 3}),
            "links": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        return checked_upload(upload) if upload else None

    def clean_percent(self):
        percent = self.cleaned_data["percent"]
        if not 0 <= percent <= 100:
            raise forms.ValidationError(_("Give a percentage from 0 to 100."))
        return percent

    def clean_links(self):
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                validate(link)
            except forms.ValidationError:
                raise forms.ValidationError(_("“%(link)s” is not a web address.") % {"link": link}) from None
        return "\n".join(links)


class ConsultationForm(forms.ModelForm):
    """A meeting with the coach or the mentor, as the participant records it or corrects it; only the people the
    participant has are offered."""

    attachment = forms.FileField(
        label=_("Attachment"), required=False, help_text=_("PDF, images or office documents, at most 10 MB.")
    )

    class Meta:
        model = Consultation
        fields = ["consultant", "held_on", "mode", "topic", "advice", "follow_up"]
        widgets = {
            "consultant": forms.RadioSelect,
            "mode": forms.RadioSelect,
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "advice": forms.Textarea(attrs={"rows": 3, "maxlength": 5000}),
            "follow_up": forms.Textarea(attrs={"rows": 2, "maxlength": 5000}),
        }

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        offered = [
            (value, label)
            for value, label in Consultation.With.choices
            if (participant.coach_id if value == Consultation.With.COACH else participant.mentor_id)
        ]
        self.fields["consultant"].choices = offered or Consultation.With.choices
        if len(offered) == 1 and not self.instance.pk:
            self.fields["consultant"].initial = offered[0][0]
        for name in ("advice", "follow_up"):
            self.fields[name].validators.append(MaxLengthValidator(5000))
        self.fields["topic"].error_messages["required"] = _("Write the topic of the consultation.")
        self.fields["advice"].error_messages["required"] = _("Write the advice given.")

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        return checked_upload(upload) if upload else None

    @property
    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReviewForm(forms.Form):
    """The mentor's note, with an optional note beside each section."""

    note = forms.CharField(label=_("Note to the participant"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, labels, **kwargs):
        super().__init__(*args, **kwargs)
        self.section_keys = list(labels)
        for key, label in labels.items():
            self.fields[f"section_{key}"] = forms.CharField(
                label=_("Note on %(section)s") % {"section": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def section_notes(self) -> dict:
        return {key: self.cleaned_data.get(f"section_{key}", "") for key in self.section_keys}


class ClusterForm(forms.ModelForm):
    class Meta:
        model = Cluster
        fields = ["name", "order"]
        widgets = {
            "name": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "order": forms.NumberInput(attrs={"min": 0, "class": "form-control form-control-sm cluster-order"}),
        }


class BaseClusterFormSet(CheckedFormSetMixin, forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        names = [
            form.cleaned_data["name"].strip().lower()
            for form in self.forms
            if form.cleaned_data.get("name") and not form.cleaned_data.get("DELETE")
        ]
        if len(names) != len(set(names)):
            raise forms.ValidationError(_("Two clusters have the same name."))
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.plans.exists():
                raise forms.ValidationError(
                    _("The cluster %(name)s has action plans, so it cannot be removed. Rename it instead.")
                    % {"name": form.instance.name}
                )


ClusterFormSet = forms.inlineformset_factory(
    Cohort, Cluster, form=ClusterForm, formset=BaseClusterFormSet, extra=2, can_delete=True
)
