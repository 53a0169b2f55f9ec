from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .civil_service import clean_nip
from .importer import MAX_BYTES
from .models import Kecamatan, Mentor, User
from .passwords import confirm_password


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


class PersonForm(forms.Form):
    """A mentor or an examiner, found by NIP or created."""

    full_name = forms.CharField(label=_("Full name with titles"), max_length=200)
    nip = forms.CharField(label=_("NIP"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    position = forms.CharField(label=_("Position (jabatan)"), max_length=200, required=False)

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
    kecamatan = forms.ModelChoiceField(label=_("Kecamatan"), queryset=Kecamatan.objects.all())

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["position"].initial = "Camat"

    def clean_kecamatan(self):
        kecamatan = self.cleaned_data["kecamatan"]
        if Mentor.objects.filter(cohort=self.cohort, kecamatan=kecamatan).exists():
            raise forms.ValidationError(
                _("%(kecamatan)s already has a mentor in this cohort.") % {"kecamatan": kecamatan}
            )
        return kecamatan


class ExaminerForm(PersonForm):
    institution = forms.CharField(label=_("Institution"), max_length=200, initial="LAN RI")


class ParticipantMentorForm(forms.Form):
    mentor = forms.ModelChoiceField(
        label=_("Mentor"),
        queryset=Mentor.objects.none(),
        required=False,
        empty_label=_("The Camat of the participant's kecamatan"),
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = Mentor.objects.filter(cohort=cohort).select_related("user", "kecamatan")
        self.fields["mentor"].label_from_instance = lambda m: f"{m.user.full_name} — {m.position or m.kecamatan}"


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
