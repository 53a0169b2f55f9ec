"""Filters of the staff lists that reach across the apps: participants with their plans, the audit trail."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.pages import SortFilter
from innovations.models import ActionPlan, Cluster
from participants.filters import SIGNED_IN_CHOICES, filter_signed_in, search_people
from participants.models import AuditEvent, Participant, Region, User


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or NIP"), method=search_people)
    kecamatan = django_filters.ModelChoiceFilter(label=_("Kecamatan"), queryset=Region.objects.none())
    cluster = django_filters.ModelChoiceFilter(
        label=_("Cluster"), field_name="plans__cluster", queryset=Cluster.objects.none(), distinct=True
    )
    state = django_filters.ChoiceFilter(
        label=_("Plan state"), field_name="plans__state", choices=ActionPlan.State.choices, distinct=True
    )
    mentor = django_filters.ChoiceFilter(
        label=_("Mentor"),
        method="filter_mentor",
        choices=[("none", _("No mentor")), ("chosen", _("Chosen by staff"))],
    )
    signed_in = django_filters.ChoiceFilter(label=_("Sign-in"), method=filter_signed_in, choices=SIGNED_IN_CHOICES)
    sort = SortFilter(
        label=_("Sort by"),
        fields=[
            ("roll_number", "ndh"),
            ("user__full_name", "name"),
            ("kecamatan__name", "kecamatan"),
            ("work_unit", "unit"),
            ("grade", "grade"),
        ],
        field_labels={
            "roll_number": _("NDH"),
            "user__full_name": _("Name"),
            "kecamatan__name": _("Kecamatan"),
            "work_unit": _("Work unit"),
            "grade": _("Rank"),
        },
    )

    class Meta:
        model = Participant
        fields: list[str] = []

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["cluster"].queryset = Cluster.objects.filter(cohort=cohort)
        # Only the cohort's own kecamatan: Indonesia has 7,285, and rendering them all as options took most of
        # the page's time.
        self.filters["kecamatan"].queryset = Region.objects.filter(
            pk__in=Participant.objects.filter(cohort=cohort).values("kecamatan")
        ).order_by("name")

    def filter_mentor(self, queryset, name, value):
        if value == "none":
            return queryset.filter(mentor__isnull=True)
        return queryset.filter(mentor_assigned_by_staff=True)


# The audit trail's kinds of event: the part of the verb before the dot.
AUDIT_KINDS = [
    ("plan", _("Plans")),
    ("sheet", _("Score sheets")),
    ("results", _("Results")),
    ("revision", _("Milestone revisions")),
    ("agreement", _("Agreements")),
    ("report", _("Progress reports")),
    ("catalogue", _("Catalogue")),
    ("staff", _("Staff actions")),
]
STAFF_KINDS = ["cohort", "roster", "mentor", "examiner", "invitations", "seminar", "rubric", "schedule", "slot"]


class AuditFilter(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(label=_("Who"), queryset=User.objects.none())
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AUDIT_KINDS, method="filter_kind")
    after = django_filters.DateFilter(
        label=_("From"), field_name="at", lookup_expr="date__gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    before = django_filters.DateFilter(
        label=_("Until"), field_name="at", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the people who did something in this cohort.
        self.filters["actor"].queryset = User.objects.filter(
            pk__in=AuditEvent.objects.filter(cohort=cohort).values("actor")
        ).order_by("full_name")

    def filter_kind(self, queryset, name, value):
        prefixes = STAFF_KINDS if value == "staff" else [value]
        return queryset.filter(verb__regex=r"^({})\.".format("|".join(prefixes)))
