"""The roster's COACH / NIP COACH column, where the cohort's programme has coaches: the NIP of one of the cohort's
coaches, who becomes the row's participant's coach. A coach is added first (by form or by their own import); a NIP
no coach of the cohort has is the row's error. An empty cell keeps the coach the participant has."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..civil_service import clean_nip, format_nip
from ..models import Coach, Cohort
from .columns import _text


def check_coaches(cohort: Cohort, cleaned) -> None:
    """Read each row's coach into its clean values (`coach`: a Coach, or None to keep what is stored), adding an
    error to the rows whose NIP is wrong or names no coach of the cohort. In a cohort without coaches the column
    is not read. One query."""
    if not cohort.programme_spec.coach:
        return
    coaches = None
    for row, clean in cleaned:
        clean["coach"] = None
        value = row.values.get("coach_nip")
        if not _text(value):
            continue
        try:
            nip = clean_nip(value if not isinstance(value, str) else _text(value))
        except ValidationError as error:
            row.errors.extend(
                _("The coach's NIP (NIP COACH) “%(value)s”: %(error)s") % {"value": _text(value), "error": message}
                for message in error.messages
            )
            continue
        if coaches is None:
            coaches = {c.user.nip: c for c in Coach.objects.filter(cohort=cohort).select_related("user")}
        clean["coach"] = coaches.get(nip)
        if clean["coach"] is None:
            row.errors.append(
                _(
                    "No coach of this cohort has the NIP %(nip)s (NIP COACH): add the coach on the cohort's "
                    "Coaches page, or import the coaches, then import the roster again."
                )
                % {"nip": format_nip(nip)}
            )
