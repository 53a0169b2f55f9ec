"""A cohort's audit trail: every move and every staff action, newest first, filtered and paged in SQL."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.lifecycle import Publication
from core.pages import page_of
from core.spreadsheets import spreadsheet_response
from innovations.models import ActionPlan, Consultation, ProgressReport
from participants.access import cohort_for_staff
from participants.audit import MASKED
from participants.models import AuditEvent, Job
from seminars.models import Agreement, MilestoneRevision, ScoreSheet, Signature

from ..filters import AuditFilter

# The states enum of each kind of event, to name the states it went from and to.
STATES = {
    "plan": ActionPlan.State,
    "catalogue": Publication,
    "sheet": ScoreSheet.State,
    "results": Publication,
    "revision": MilestoneRevision.State,
    "agreement": Agreement.State,
    "report": ProgressReport.State,
    "consultation": Consultation.State,
}


def state_label(event: AuditEvent, value: str) -> str:
    states = STATES.get(event.verb.partition(".")[0])
    return str(states(value).label) if states and value in states.values else value


# The keys of an event's data as people read them; values as recorded, but codes and yes or no in words.
DATA_LABELS = {
    "role": gettext_lazy("as"),
    "ip_address": gettext_lazy("address"),
    # A signature's: when the signer typed their password, now or earlier in the same session.
    "password_confirmed_at": gettext_lazy("password confirmed at"),
    "total": gettext_lazy("total"),
    "count": gettext_lazy("number"),
    "from": gettext_lazy("from"),
    "to": gettext_lazy("to"),
    "placed": gettext_lazy("placed"),
    "problems": gettext_lazy("rules not met"),
    "new": gettext_lazy("new"),
    "updated": gettext_lazy("updated"),
    "unchanged": gettext_lazy("unchanged"),
    "error": gettext_lazy("rejected"),
    "milestone": gettext_lazy("milestone"),
    "milestones": gettext_lazy("milestones"),
    "status": gettext_lazy("status"),
    "percent": gettext_lazy("progress (%)"),
    "kecamatan": gettext_lazy("kecamatan"),
    "mentees": gettext_lazy("mentees"),
    "institution": gettext_lazy("institution"),
    "first": gettext_lazy("first"),
    "second": gettext_lazy("second"),
    "chosen_by_staff": gettext_lazy("chosen by staff"),
    # A person's data as staff edit it (participants.services.edit_participant and its siblings).
    "full_name": gettext_lazy("name"),
    "nip": gettext_lazy("NIP"),
    "email": gettext_lazy("e-mail address"),
    "phone": gettext_lazy("phone number"),
    "grade": gettext_lazy("pangkat/golongan"),
    "position": gettext_lazy("position (jabatan)"),
    "work_unit": gettext_lazy("work unit"),
    "kelurahan": gettext_lazy("kelurahan/desa"),
    "roll_number": gettext_lazy("roll number (NDH)"),
    "plans": gettext_lazy("plans"),
    # An import's invitations, a schedule's pins, a job's kind, a restored participant's reason.
    "invitations": gettext_lazy("invitations sent"),
    "invite_later": gettext_lazy("invitations left for later"),
    "pinned": gettext_lazy("pinned"),
    "discarded": gettext_lazy("manual moves discarded"),
    "kind": gettext_lazy("what"),
    "reason": gettext_lazy("reason given"),
    "name": gettext_lazy("name"),
    "number": gettext_lazy("document number"),
    "place": gettext_lazy("place"),
    # A consultation's: whom the participant met, and when.
    "with": gettext_lazy("with"),
    "held_on": gettext_lazy("date"),
}
# Values recorded as codes, read as their labels.
DATA_VALUES = {
    "role": Signature.Role,
    "kind": Job.Kind,
    "status": ProgressReport.Status,
    "with": Consultation.With,
}


# Values recorded as ISO times, read as the local time.
DATA_TIMES = {"password_confirmed_at"}


# What an event's data holds for other pages: the notes per section of a return; the mark of the system's note.
HIDDEN_DATA = {"section_notes", "system_note"}


def _datum(key: str, value) -> str:
    choices = DATA_VALUES.get(key)
    if value == MASKED:
        value = _("changed (not shown)")
    elif choices is not None and value in choices.values:
        value = choices(value).label
    elif isinstance(value, bool):
        value = _("yes") if value else _("no")
    elif key in DATA_TIMES and isinstance(value, str):
        value = date_format(timezone.localtime(datetime.datetime.fromisoformat(value)), "j M Y H:i:s")
    return f"{DATA_LABELS.get(key, key)}: {value}"


DATA_ORDER = {key: index for index, key in enumerate(DATA_LABELS)}


def describe(event: AuditEvent) -> dict:
    """One row of the trail as people read it."""
    move = ""
    if event.from_state or event.to_state:
        move = _("%(from)s → %(to)s") % {
            "from": state_label(event, event.from_state) or "—",
            "to": state_label(event, event.to_state) or "—",
        }
    # In the labels' order, not the database's: PostgreSQL's jsonb keeps its keys by length.
    data = sorted(event.data.items(), key=lambda item: DATA_ORDER.get(item[0], len(DATA_ORDER)))
    details = [event.note_text, *(_datum(key, value) for key, value in data if key not in HIDDEN_DATA)]
    return {
        "event": event,
        "what": event.verb_label,
        "move": move,
        "details": "; ".join(filter(None, details)),
        # From the id alone: fetching each event's target would cost a query a row.
        "plan_url": reverse("innovations:detail", args=[event.target_id])
        if event.target_type and event.target_type.model_class() is ActionPlan
        else "",
    }


@login_required
def audit(request, slug):
    cohort = cohort_for_staff(request, slug)
    events = AuditEvent.objects.filter(cohort=cohort).select_related("actor", "target_type").order_by("-at", "-pk")
    found = AuditFilter(request.GET, queryset=events, cohort=cohort)
    if request.GET.get("format") == "xlsx":
        rows = (
            [
                row["event"].at,
                row["event"].actor.full_name if row["event"].actor else _("the system"),
                row["what"],
                row["event"].target_label,
                row["move"],
                row["details"],
            ]
            for row in map(describe, found.qs.iterator(chunk_size=2000))
        )
        headers = [_("When"), _("Who"), _("What"), _("On"), _("Change"), _("Note")]
        title = _("Audit trail of %(cohort)s") % {"cohort": cohort.name}
        return spreadsheet_response(f"jejak-audit-{cohort.slug}", headers, rows, "xlsx", title=title)
    page = page_of(request, found.qs, 100)
    context = {"cohort": cohort, "filter": found, "page": page, "rows": [describe(event) for event in page]}
    return render(request, "portal/audit.html", context)
