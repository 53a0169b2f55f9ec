"""The mentor's first review reads as the plan does: its lists as tables, a row each, and its attachments; a later
review keeps each changed list line by line."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innovations import workflow
from innovations.models import Attachment, Milestone, Risk, Stakeholder
from tests.factories import complete_plan


@pytest.fixture
def plan(cohort):
    plan = complete_plan(participant__cohort=cohort)
    Stakeholder.objects.create(plan=plan, name="Lurah", role="Penggerak warga", order=2)
    Risk.objects.create(plan=plan, description="Listrik padam", mitigation="Genset", order=2)
    Milestone.objects.create(plan=plan, term="medium", deliverable="Evaluasi", due_date=datetime.date(2017, 12, 1))
    Attachment.objects.create(
        plan=plan,
        file=SimpleUploadedFile("alur.pdf", b"%PDF-1.4 alur"),
        name="alur-layanan.pdf",
        content_type="application/pdf",
        size=13,
        uploaded_by=plan.participant.user,
    )
    workflow.submit_plan(plan, by=plan.participant.user)
    return plan


def rows_of(body: str, heading: str) -> list[list[str]]:
    """The body rows of the table right after a heading, each as its cells' text."""
    table = body.split(f">{heading}</", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], flags=re.S)
    return [
        [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in rows
    ]


def test_the_first_review_shows_each_list_as_a_table_and_the_attachments(client, plan):
    client.force_login(plan.participant.mentor.user)

    response = client.get(reverse("innovations:review", args=[plan.pk]))

    body = response.content.decode()
    assert rows_of(body, "Stakeholders") == [
        ["Camat", "Pembina", "", "Medium"],
        ["Lurah", "Penggerak warga", "", "Medium"],
    ]
    assert rows_of(body, "Risks and mitigations") == [["Anggaran", "Swadaya"], ["Listrik padam", "Genset"]]
    assert rows_of(body, "Milestones") == [
        ["Short term", "SK tim", "30 Sep 2017"],
        ["Medium term", "Evaluasi", "1 Dec 2017"],
    ]
    attachment = plan.attachments.get()
    url = reverse("innovations:attachment", args=[plan.pk, attachment.pk])
    assert f'<a href="{url}">alur-layanan.pdf</a>' in body


def test_a_later_review_shows_a_changed_list_line_by_line(client, plan):
    workflow.return_plan(plan, by=plan.participant.mentor.user, note="Tambah pemangku kepentingan.")
    Stakeholder.objects.create(plan=plan, name="Kepala lingkungan", role="Penghubung", order=3)
    workflow.submit_plan(plan, by=plan.participant.user)
    client.force_login(plan.participant.mentor.user)

    response = client.get(reverse("innovations:review", args=[plan.pk]))

    row = next(row for row in response.context["rows"] if row.get("key") == "stakeholders")
    assert row["diff"].count("<br>") == 2
    assert row["diff"].endswith("(Medium)<ins><br>Kepala lingkungan — Penghubung;  (Medium)</ins>")
