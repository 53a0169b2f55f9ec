from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .models import Cohort, Examiner, Mentor, Organisation, Participant, User


@dataclass(frozen=True)
class Roles:
    """Which roles a person holds, in any cohort (one person may hold several), and the organisation the menu
    and footer name: the one they are staff of, or the organiser of their latest cohort."""

    staff: bool
    participant: bool
    mentor: bool
    examiner: bool
    organisation: str = ""  # its short name
    organisation_name: str = ""
    organisation_government: str = ""
    staff_of: int | None = None  # the organisation they are staff of, for the menu's link

    @classmethod
    def of(cls, user) -> "Roles":
        if not user.is_authenticated:
            return cls(False, False, False, False)
        # One query for everything the menu asks: every signed-in page asks, for its menu.
        own = Organisation.objects.filter(staff_members=OuterRef("pk")).order_by("pk")
        latest = Cohort.objects.filter(
            Q(pk__in=Participant.objects.filter(user=user).values("cohort"))
            | Q(pk__in=Mentor.objects.filter(user=user).values("cohort"))
            | Q(pk__in=Examiner.objects.filter(user=user).values("cohort"))
        ).order_by("-start_date", "-pk")

        def identity(field):
            return Coalesce(Subquery(own.values(field)[:1]), Subquery(latest.values(f"organisation__{field}")[:1]))

        flags = (
            User.objects.filter(pk=user.pk)
            .annotate(
                organiser=Exists(own),
                participant=Exists(Participant.objects.filter(user=user)),
                mentor=Exists(Mentor.objects.filter(user=user)),
                examiner=Exists(Examiner.objects.filter(user=user)),
                organisation=identity("short_name"),
                organisation_name=identity("name"),
                organisation_government=identity("government"),
                staff_of=Subquery(own.values("pk")[:1]),
            )
            .values(
                "organiser",
                "participant",
                "mentor",
                "examiner",
                "organisation",
                "organisation_name",
                "organisation_government",
                "staff_of",
            )
            .get()
        )
        return cls(
            staff=user.is_superuser or flags["organiser"],
            participant=flags["participant"],
            mentor=flags["mentor"],
            examiner=flags["examiner"],
            organisation=flags["organisation"] or "",
            organisation_name=flags["organisation_name"] or "",
            organisation_government=flags["organisation_government"] or "",
            staff_of=flags["staff_of"],
        )

    @property
    def any(self) -> bool:
        return self.staff or self.participant or self.mentor or self.examiner
