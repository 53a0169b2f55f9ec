from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import CheckedHiddenFields
from core.widgets import PlainSelect

from . import regions
from .civil_service import GRADE_CHOICES, clean_grade, clean_nip
from .importer import MAX_BYTES
from .importer import _kecamatan_key as place_key
from .models import Coach, Mentor, Region, User
from .passwords import confirm_password
from .services import send_password_reset_mail


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with one box that takes an e-mail address or a NIP."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The e-mail address or NIP and the password do not match. Both are case-sensitive only in the password."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"] = forms.CharField(
            label=_("E-mail address or NIP"),
            max_length=254,
            widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
        )


class ChangePasswordForm(PasswordChangeForm):
    """Django's form, with the current password throttled like sign-in and asked for by name when left empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].error_messages["required"] = _("Enter your current password.")

    def clean_old_password(self):
        password = self.cleaned_data["old_password"]
        try:
            confirm_password(self.user, password)
        except ValidationError as error:
            if error.code == "wrong":
                raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect") from None
            raise
        return password


class RegionField(forms.ChoiceField):
    """A province or kabupaten/kota of Indonesia, grouped by province; its Kemendagri code is the value."""

    widget = PlainSelect

    def __init__(self, **kwargs):
        super().__init__(choices=self.region_choices, **kwargs)

    @staticmethod
    def region_choices():
        groups, current = [("", "—")], None
        for entry in regions.provinces_and_regencies():
            if entry.level == regions.PROVINCE:
                current = []
                groups.append((entry.name, current))
                current.append((entry.code, _("Provinsi %(name)s") % {"name": entry.name}))
            else:
                current.append((entry.code, entry.name))
        return groups


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's form, with the mail sent by the worker: the request never waits for the mail server, and answers
    as fast for an address it knows as for one it does not."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # Nothing is written first, so nothing to wait for: the link's token is made by the worker from the user.
        send_password_reset_mail.enqueue(context["user"].pk, context["site_name"])


class PersonForm(forms.Form):
    """A mentor, an examiner or a staff member, found by NIP or created."""

    full_name = forms.CharField(label=_("Full name with titles"), max_length=200)
    nip = forms.CharField(label=_("NIP"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    position = forms.CharField(label=_("Position (jabatan)"), max_length=200, required=False)
    grade = forms.ChoiceField(label=_("Pangkat/golongan"), choices=[("", "—"), *GRADE_CHOICES], required=False)

    def clean_nip(self):
        value = self.cleaned_data["nip"]
        return clean_nip(value) if value.strip() else None

    def clean_email(self):
        return self.cleaned_data["email"].lower() or None

    def clean(self):
        cleaned = super().clean()
        nip, email = cleaned.get("nip"), cleaned.get("email")
        if not nip and not email and not self.errors:
            raise forms.ValidationError(_("Give a NIP or an e-mail address, so the person can sign in."))
        owner = User.objects.filter(email=email).exclude(nip=nip).first() if email and nip else None
        if owner and owner.nip:
            self.add_error("email", _("This e-mail address belongs to %(name)s.") % {"name": owner.full_name})
        return cleaned


class MentorForm(PersonForm):
    """A mentor of a cohort: under the Camat rule, the Camat of one of the kecamatan of the cohort's region; under
    the direct-superior rule, anyone, with a kecamatan if they have one."""

    kecamatan = forms.ModelChoiceField(label=_("Kecamatan"), queryset=Region.objects.none())

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        field = self.fields["kecamatan"]
        if cohort.region is not None:
            field.queryset = (
                Region.objects.within(cohort.region).filter(level=Region.Level.DISTRICT).select_related("parent")
            )
            if cohort.region.level == Region.Level.PROVINCE:  # names repeat between its kabupaten and kota
                field.label_from_instance = lambda k: f"{k.name} ({k.parent})"
        if cohort.region is None:
            field.help_text = _("Set the cohort's region in its settings first, so its kecamatan can be chosen.")
        if cohort.mentors_are_camat:
            self.fields["position"].initial = "Camat"
            field.help_text = field.help_text or _("The participants of this kecamatan get this mentor.")
        else:
            field.required = False
            field.help_text = _("Optional: the mentors of this cohort are the direct superiors the roster names.")

    def clean_kecamatan(self):
        kecamatan = self.cleaned_data["kecamatan"]
        if not self.cohort.mentors_are_camat:  # direct superiors may share a kecamatan
            return kecamatan
        if kecamatan is not None and Mentor.objects.filter(cohort=self.cohort, kecamatan=kecamatan).exists():
            raise forms.ValidationError(
                _("%(kecamatan)s already has a mentor in this cohort.") % {"kecamatan": kecamatan}
            )
        return kecamatan


class ExaminerForm(PersonForm):
    institution = forms.CharField(label=_("Institution"), max_length=200, initial="LAN RI")


class CoachForm(PersonForm):
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    institution = forms.CharField(
        label=_("Institution"), max_length=200, required=False, help_text=_("Usually the coach's training agency.")
    )


class ParticipantCoachForm(forms.Form):
    coach = forms.ModelChoiceField(label=_("Coach"), queryset=Coach.objects.none(), required=False)

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["coach"]
        field.queryset = Coach.objects.filter(cohort=cohort).select_related("user")
        field.label_from_instance = lambda c: f"{c.user.full_name} — {c.position or c.institution or ''}"
        field.empty_label = _("No coach")


class ParticipantMentorForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Mentor.objects.none(), required=False)

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["mentor"]
        field.queryset = Mentor.objects.filter(cohort=cohort).select_related("user", "kecamatan")
        field.label_from_instance = lambda m: f"{m.user.full_name} — {m.position or m.kecamatan or ''}"
        field.empty_label = (
            _("The Camat of the participant's kecamatan")
            if cohort.mentors_are_camat
            else _("The direct superior named in the roster")
        )


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster spreadsheet"),
        help_text=_("Excel (.xlsx) or CSV, at most 5 MB. The header row needs at least NAMA and NIP."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Remove other sheets or images and try again."))
        return upload


class PersonEditForm(CheckedHiddenFields, forms.Form):
    """A person's data as staff correct it, with the roster's rules: the NIP and the pangkat/golongan go through
    participants.civil_service like every imported row. The version is the row's when the page was opened."""

    full_name = forms.CharField(label=_("Full name with titles"), max_length=200)
    nip = forms.CharField(label=_("NIP"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    grade = forms.CharField(
        label=_("Pangkat/golongan"),
        max_length=60,
        required=False,
        help_text=_("As the roster writes it: III/b, III.b or Penata Muda Tk. I (III/b)."),
    )
    position = forms.CharField(label=_("Position (jabatan)"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    PERSON = ["full_name", "nip", "email", "phone"]
    ROLE: list[str] = ["grade", "position"]

    def __init__(self, *args, role, **kwargs):
        user = role.user
        initial = {
            "full_name": user.full_name,
            "nip": user.nip_display,
            "email": user.email,
            "phone": user.phone,
            "grade": role.grade_display,
            "version": role.version,
            **{name: getattr(role, name) for name in self.ROLE if name != "grade"},
        }
        super().__init__(*args, initial=initial, **kwargs)

    def clean_nip(self):
        value = self.cleaned_data["nip"]
        return clean_nip(value) if value.strip() else None

    def clean_email(self):
        return self.cleaned_data["email"].lower() or None

    def clean_grade(self):
        value = self.cleaned_data["grade"]
        return clean_grade(value) if value.strip() else ""

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("nip") and not cleaned.get("email") and not self.errors:
            raise forms.ValidationError(_("Give a NIP or an e-mail address, so the person can sign in."))
        return cleaned

    @property
    def person(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.PERSON}

    @property
    def role_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.ROLE}


def _kecamatan_field(cohort, *, required: bool) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(label=_("Kecamatan"), queryset=Region.objects.none(), required=required)
    if cohort.region is not None:
        field.queryset = (
            Region.objects.within(cohort.region).filter(level=Region.Level.DISTRICT).select_related("parent")
        )
        if cohort.region.level == Region.Level.PROVINCE:  # names repeat between its kabupaten and kota
            # Django's documented way to relabel one field's choices, without a subclass for a single line.
            field.label_from_instance = lambda obj: f"{obj.name} ({obj.parent})"  # type: ignore[method-assign]
    return field


class ParticipantEditForm(PersonEditForm):
    """A participant's data; the kelurahan/desa is written as the roster writes it, and looked up in the kecamatan."""

    PERSON = [*PersonEditForm.PERSON, "birth_place"]
    ROLE = ["grade", "position", "work_unit", "kecamatan", "kelurahan", "roll_number"]

    birth_place = forms.CharField(
        label=_("Place of birth"), max_length=100, required=False, help_text=_("Printed on the certificate.")
    )
    roll_number = forms.IntegerField(label=_("Roll number (NDH)"), min_value=1)
    work_unit = forms.CharField(label=_("Work unit"), max_length=200)
    kelurahan = forms.CharField(
        label=_("Kelurahan/desa"),
        max_length=100,
        required=False,
        help_text=_("Its name or Kemendagri code, within the kecamatan above."),
    )

    field_order = [
        "full_name", "nip", "birth_place", "email", "phone", "grade", "position", "work_unit", "kecamatan",
        "kelurahan", "roll_number",
    ]  # fmt: skip

    def __init__(self, *args, role, **kwargs):
        super().__init__(*args, role=role, **kwargs)
        self.fields["kecamatan"] = _kecamatan_field(role.cohort, required=False)
        self.initial["kelurahan"] = role.kelurahan.name if role.kelurahan_id else ""
        self.initial["birth_place"] = role.user.birth_place
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        text, kecamatan = cleaned.get("kelurahan", "").strip(), cleaned.get("kecamatan")
        cleaned["kelurahan"] = None
        if text and kecamatan is None and "kecamatan" not in self.errors:
            self.add_error("kelurahan", _("Choose the kecamatan first."))
        elif text and kecamatan is not None:
            code = regions.normalise_code(text)
            villages = Region.objects.filter(parent=kecamatan, level=Region.Level.VILLAGE)
            key = place_key(text)
            found = [v for v in villages if v.code == code or (code is None and place_key(v.name) == key)]
            if len(found) == 1:
                cleaned["kelurahan"] = found[0]
            else:
                self.add_error(
                    "kelurahan",
                    _("“%(value)s” is not a kelurahan or desa in Kecamatan %(kecamatan)s.")
                    % {"value": text, "kecamatan": kecamatan},
                )
        return cleaned


class MentorEditForm(PersonEditForm):
    ROLE = ["grade", "position", "kecamatan"]

    def __init__(self, *args, role, **kwargs):
        super().__init__(*args, role=role, **kwargs)
        self.fields["kecamatan"] = _kecamatan_field(role.cohort, required=False)
        self.initial["kecamatan"] = role.kecamatan_id


class ExaminerEditForm(PersonEditForm):
    ROLE = ["grade", "position", "institution"]

    institution = forms.CharField(label=_("Institution"), max_length=200)


class CoachEditForm(PersonEditForm):
    ROLE = ["grade", "position", "institution"]

    institution = forms.CharField(label=_("Institution"), max_length=200, required=False)


class ReplaceMentorForm(PersonForm):
    """The person who takes over a mentor: found by NIP (or e-mail address) or created."""


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
