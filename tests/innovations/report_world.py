"""What the report's tests share: a Latsar plan past its design (agreed), with a coach and a mentor, and the report's
words as the participant writes them."""

import datetime
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from innovations import reports
from innovations.models import ActionPlan, Milestone, WorkReport
from programmes.models import Programme
from tests.factories import CohortFactory, ParticipantFactory, complete_plan


def latsar_plan(state=ActionPlan.State.AGREED, cohort=None, **participant) -> ActionPlan:
    """A Latsar CPNS plan (the coach approves its report) in `state`, with two activities."""
    latsar = Programme.objects.get(code="latsar-cpns")
    cohort = cohort or CohortFactory(programme=latsar, spec=latsar.spec)
    plan = complete_plan(participant=ParticipantFactory(cohort=cohort, with_coach=True, **participant))
    Milestone.objects.create(
        plan=plan, term="short", deliverable="Sosialisasi layanan", due_date=datetime.date(2017, 10, 15)
    )
    ActionPlan.objects.filter(pk=plan.pk).update(state=state)
    plan.refresh_from_db()
    return plan


def entries(plan, **changes) -> dict[int, dict]:
    """Every activity written out, carrying Akuntabel."""
    return {
        milestone.pk: {
            "done": f"Melaksanakan {milestone.deliverable}.",
            "output": "Dokumen",
            "effect": "Layanan lebih cepat.",
            "values": ["Akuntabel"],
            **changes,
        }
        for milestone in plan.milestones.all()
    }


def written(plan, version=0, **changes) -> WorkReport:
    return reports.save_report(
        plan,
        by=plan.participant.user,
        version=version,
        summary="Aktualisasi berjalan di Kelurahan.",
        effect="Antrean berkurang.",
        entries=entries(plan, **changes),
    )


def submitted(plan) -> WorkReport:
    report = written(plan)
    return reports.submit_report(report, by=plan.participant.user, version=report.version)


def png(name="foto.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 100, 50)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
