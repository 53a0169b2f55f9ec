import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.pages import SortFilter

from .models import Coach, Examiner, Mentor, Region


def search_people(queryset, name, value):
    """Name or NIP; a NIP may be typed with spaces, as printed."""
    digits = "".join(value.split())
    if digits.isdigit():
        return queryset.filter(user__nip__contains=digits)
    return queryset.filter(Q(user__full_name__icontains=value.strip()) | Q(user__email__icontains=value.strip()))


def filter_signed_in(queryset, name, value):
    return queryset.filter(user__last_login__isnull=value == "no")


SIGNED_IN_CHOICES = [("no", _("Not yet signed in")), ("yes", _("Signed in"))]


class MentorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or NIP"), method=search_people)
    kecamatan = django_filters.ModelChoiceFilter(label=_("Kecamatan"), queryset=Region.objects.none())
    signed_in = django_filters.ChoiceFilter(label=_("Sign-in"), method=filter_signed_in, choices=SIGNED_IN_CHOICES)
    sort = SortFilter(
        label=_("Sort by"),
        fields=[("kecamatan__name", "kecamatan"), ("user__full_name", "name"), ("mentee_count", "mentees")],
        field_labels={"kecamatan__name": _("Kecamatan"), "user__full_name": _("Name"), "mentee_count": _("Mentees")},
    )

    class Meta:
        model = Mentor
        fields: list[str] = []

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the kecamatan of this cohort's mentors, not the 7,285 of Indonesia.
        self.filters["kecamatan"].queryset = Region.objects.filter(
            pk__in=Mentor.objects.filter(cohort=cohort).values("kecamatan")
        ).order_by("name")


class ExaminerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or NIP"), method=search_people)
    signed_in = django_filters.ChoiceFilter(label=_("Sign-in"), method=filter_signed_in, choices=SIGNED_IN_CHOICES)
    sort = SortFilter(
        label=_("Sort by"),
        fields=[("user__full_name", "name"), ("institution", "institution")],
        field_labels={"user__full_name": _("Name"), "institution": _("Institution")},
    )

    class Meta:
        model = Examiner
        fields: list[str] = []


class CoachFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or NIP"), method=search_people)
    signed_in = django_filters.ChoiceFilter(label=_("Sign-in"), method=filter_signed_in, choices=SIGNED_IN_CHOICES)
    sort = SortFilter(
        label=_("Sort by"),
        fields=[("user__full_name", "name"), ("coachee_count", "coachees")],
        field_labels={"user__full_name": _("Name"), "coachee_count": _("Coachees")},
    )

    class Meta:
        model = Coach
        fields: list[str] = []
