from dataclasses import dataclass

from .models import Cohort, Examiner, Mentor, Participant


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
        return cls(
            staff=user.is_staff or Cohort.objects.run_by(user).exists(),
            participant=Participant.objects.filter(user=user).exists(),
            mentor=Mentor.objects.filter(user=user).exists(),
            examiner=Examiner.objects.filter(user=user).exists(),
        )

    @property
    def any(self) -> bool:
        return self.staff or self.participant or self.mentor or self.examiner
