from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core import images
from core.forms import CheckedHiddenFields
from participants.civil_service import clean_nip
from participants.forms import PersonForm, RegionField
from participants.models import Cohort, Mentor, Organisation, Participant
from participants.organisations import validate_number_pattern
from participants.services import check_mentor_rule
from seminars.models import Seminar

from .selectors import work_started

LOGO_MAX_BYTES = 1024 * 1024


class VersionedForm(CheckedHiddenFields, forms.ModelForm):
    """A settings page edited by several staff members: it carries the row's version when it was opened (the
    service compares it under the row lock, core.editing). A new row has none yet; a forged one is TAMPERED."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].required = True
            self.initial["version"] = self.instance.version


class CohortForm(VersionedForm):
    """The cohort with its seminar's date and venue, which staff set on the same page."""

    region = RegionField(
        label=_("Region"),
        help_text=_("The kabupaten/kota its participants serve in, or the province of a provincial cohort."),
    )
    seminar_title = forms.CharField(label=_("Seminar title"), max_length=250, required=False)
    seminar_date = forms.DateField(
        label=_("Seminar date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    seminar_venue = forms.CharField(label=_("Seminar venue"), max_length=250, required=False)
    # Offered only once a seminar date outside the training period has been questioned.
    seminar_date_confirmed = forms.BooleanField(
        label=_("Yes, the seminar is held on this date"), required=False, widget=forms.HiddenInput
    )
    field_order = [
        "name",
        "slug",
        "training_title",
        "organisation",
        "region",
        "mentor_rule",
        "start_date",
        "end_date",
        "seminar_title",
        "seminar_date",
        "seminar_date_confirmed",
        "seminar_venue",
        "version",
    ]

    class Meta:
        model = Cohort
        fields = [
            "name",
            "slug",
            "training_title",
            "organisation",
            "programme",
            "mentor_rule",
            "start_date",
            "end_date",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "mentor_rule": forms.RadioSelect,
        }
        labels = {"slug": _("Short address")}
        help_texts = {
            "slug": _(
                "Letters, digits and hyphens, used in the cohort's addresses and on the command line; "
                "left blank, it is made from the name."
            ),
            "mentor_rule": _("Staff can still choose another mentor for any participant."),
            "programme": _(
                "What the participants write, its stages, seminars and sheets; adjust them for this cohort on its "
                "programme page."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A region's organisation bureau runs no cohort.
        organisations = Organisation.objects.run_by(user).filter(kind=Organisation.Kind.ORGANISER)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None
        self.fields["programme"].empty_label = None
        self.fields["programme"].required = False  # left out, a new cohort runs the 2017 flow; an old one keeps its own
        self.fields["programme"].show_hidden_initial = False  # a model default given by a function asks for one
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
        else:
            first = organisations.select_related("region").first()
            if first is not None and first.region_id:
                self.initial["region"] = first.region_id
        seminar = self.instance.seminars.filter(stage=Seminar.Stage.DESIGN).first() if self.instance.pk else None
        if seminar:
            self.initial.update(seminar_title=seminar.title, seminar_date=seminar.date, seminar_venue=seminar.venue)
        self.fields["seminar_date"].widget.format = "%Y-%m-%d"
        self.fields["slug"].required = False

    def clean_slug(self):
        typed = self.cleaned_data["slug"].strip()
        others = Cohort.objects.exclude(pk=self.instance.pk)
        if typed:
            if others.filter(slug=typed).exists():
                raise ValidationError(
                    _("This short address is already used by another cohort: choose another one."), code="unique"
                )
            return typed
        # Made from the name, with a number added when another cohort already has it.
        base = slugify(self.cleaned_data.get("name", ""))[:70] or "angkatan"
        slug, number = base, 1
        while others.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    def clean_programme(self):
        programme = self.cleaned_data["programme"] or self.instance.programme
        if self.instance.pk and programme != self.instance.programme and work_started(self.instance):
            raise ValidationError(
                _("Work has started in this cohort, so its programme can no longer change."), code="started"
            )
        return programme

    def clean_region(self):
        code = self.cleaned_data["region"]
        if self.instance.pk:
            # People already placed elsewhere would fall outside the region their kecamatan are looked up in.
            outside = [
                *Participant.objects.filter(cohort=self.instance, kecamatan__isnull=False)
                .exclude(kecamatan__code__startswith=f"{code}.")
                .values_list("kecamatan__name", flat=True)[:3],
                *Mentor.objects.filter(cohort=self.instance, kecamatan__isnull=False)
                .exclude(kecamatan__code__startswith=f"{code}.")
                .values_list("kecamatan__name", flat=True)[:3],
            ]
            if outside:
                raise ValidationError(
                    _("Participants or mentors of this cohort are in kecamatan outside it: %(names)s."),
                    params={"names": ", ".join(sorted(set(outside)))},
                )
        return code

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The training cannot end before it starts."))
        rule = cleaned.get("mentor_rule")
        if self.instance.pk and rule and "mentor_rule" in self.changed_data:
            try:
                check_mentor_rule(self.instance, rule)
            except ValidationError as error:
                self.add_error("mentor_rule", error)
        seminar_date = cleaned.get("seminar_date")
        if seminar_date and not cleaned.get("seminar_venue"):
            self.add_error("seminar_venue", _("Where is the seminar held?"))
        outside = start and end and seminar_date and not start <= seminar_date <= end
        # Asked when the date or the period changes, not again on every later save of the settings.
        changed = {"seminar_date", "start_date", "end_date"} & set(self.changed_data)
        if outside and changed and not cleaned.get("seminar_date_confirmed"):
            # Usually a typing slip (a wrong year or month), but a seminar after the training does happen: asked once.
            self.fields["seminar_date_confirmed"].widget = forms.CheckboxInput()
            self.add_error(
                "seminar_date",
                _(
                    "The seminar date %(date)s is outside the training period (%(start)s – %(end)s). Correct it, "
                    "or tick the box below to keep it."
                )
                % {
                    "date": date_format(seminar_date, "j F Y"),
                    "start": date_format(start, "j F Y"),
                    "end": date_format(end, "j F Y"),
                },
            )
        return cleaned


class PictureField(forms.ImageField):
    """Django's image field, measured by core.images before Pillow opens it whole: a pixel bomb is refused by its
    header, in words; a file that is no picture gets Django's own message."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "read"):
            try:
                images.measure(data)
            except ValidationError as error:
                if error.code != "unreadable":
                    raise
        return super().to_python(data)


class OrganisationForm(VersionedForm):
    """An organisation's identity, as its letterhead, signature blocks and document numbers show it."""

    region = RegionField(label=_("Region"), help_text=_("The province or kabupaten/kota it belongs to."))
    # Written as printed, with spaces; stored as its 18 digits.
    head_nip = forms.CharField(label=_("head's NIP"), max_length=40, required=False)

    class Meta:
        model = Organisation
        fields = [
            "kind",
            "name",
            "short_name",
            "government",
            "place",
            "address",
            "phone",
            "email",
            "website",
            "logo",
            "head_name",
            "head_nip",
            "head_grade",
            "head_position",
            "number_pattern",
        ]
        widgets = {"logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"})}
        field_classes = {"logo": PictureField}
        help_texts = {
            "logo": _("PNG or JPEG, at most 1 MB; printed at the left of the letterhead."),
            "head_name": _("The head who signs, e.g. Drs. Ahmad Siregar, M.Si."),
        }

    def __init__(self, *args, can_set_kind: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
        # What an organisation is decides what its staff see (a bureau, every innovation of its region): only
        # superusers choose it; its own staff see it and cannot change it.
        self.fields["kind"].disabled = not can_set_kind
        self.fields["kind"].required = False

    def clean_kind(self):
        return self.cleaned_data["kind"] or self.instance.kind or Organisation.Kind.ORGANISER

    def clean_head_nip(self):
        value = self.cleaned_data["head_nip"]
        return clean_nip(value) if value.strip() else ""

    def clean_logo(self):
        """A PNG or JPEG of at most 1 MB and core.images.MAX_PIXELS, kept at most DOCUMENT_SIZE: every document on
        the letterhead embeds it, so it is made small once, here."""
        logo = self.cleaned_data["logo"]
        if not logo or not hasattr(logo, "image"):
            return logo  # none, or the one already stored
        if getattr(logo, "size", 0) > LOGO_MAX_BYTES:
            raise ValidationError(_("The logo is larger than 1 MB: save it smaller, as PNG or JPEG."))
        if logo.image.format not in ("PNG", "JPEG"):
            raise ValidationError(_("The logo must be a PNG or JPEG image."))
        if images.fits(logo, images.DOCUMENT_SIZE):
            return logo
        stem = logo.name.rsplit(".", 1)[0]
        return images.bounded_copy(logo, images.DOCUMENT_SIZE, keep_transparency=True, name=f"{stem}.png")

    def clean_number_pattern(self):
        pattern = self.cleaned_data["number_pattern"].strip()
        validate_number_pattern(pattern)
        return pattern

    def clean(self):
        cleaned = super().clean()
        # A head is named with their position, or not at all: a signature block needs both.
        if bool(cleaned.get("head_name", "").strip()) != bool(cleaned.get("head_position", "").strip()):
            field = "head_position" if cleaned.get("head_name", "").strip() else "head_name"
            self.add_error(field, _("Give both the head's name and their position, so documents can be signed."))
        return cleaned


class StaffMemberForm(PersonForm):
    """A person who becomes staff of an organisation: found by NIP or e-mail address, or created and invited."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["position"], self.fields["grade"]
