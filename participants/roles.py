from dataclasses import dataclass

from django.db.models import Exists

from .models import Cohort, Examiner, Mentor, Participant, User


@dataclass(frozen=True)
class Roles:
    """Which roles a person holds, in any cohort. One person may hold several."""

    staff: bool
    participant: bool
    mentor: bool
    examiner: bool

    @classmethod
    def of(cls, user) -> "Roles":
        if not user.is_authenticated:
            return cls(False, False, False, False)
        # One query for the four answers: every signed-in page asks, for its menu.
        flags = (
            User.objects.filter(pk=user.pk)
            .annotate(
                organiser=Exists(Cohort.objects.run_by(user)),
                participant=Exists(Participant.objects.filter(user=user)),
                mentor=Exists(Mentor.objects.filter(user=user)),
                examiner=Exists(Examiner.objects.filter(user=user)),
            )
            .values("organiser", "participant", "mentor", "examiner")
            .get()
        )
        return cls(
            staff=user.is_staff or flags["organiser"],
            participant=flags["participant"],
            mentor=flags["mentor"],
            examiner=flags["examiner"],
        )

    @property
    def any(self) -> bool:
        return self.staff or self.participant or self.mentor or self.examiner
