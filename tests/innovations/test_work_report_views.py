"""The report's pages: who may open them (anonymous, outsider, owner, coach, mentor), the participant's form and its
bad input (a fake upload, an older tab, a double submit), the reviewers' buttons, and the coach's and mentor's
to-do."""

import json
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from innovations import reports
from innovations.models import ActionPlan, ReportEvidence, WorkReport
from tests.conftest import require_tool
from tests.factories import ActionPlanFactory, UserFactory
from tests.innovations.report_world import latsar_plan, png, submitted, written
from tests.test_html_validity import VNU

State = WorkReport.State


def report_url(plan, name="work_report", *args) -> str:
    return reverse(f"innovations:{name}", args=[plan.pk, *args])


def form_data(plan, version=0, **changes) -> dict:
    data = {"version": version, "summary": "Aktualisasi berjalan.", "effect": "Antrean berkurang."}
    for milestone in plan.milestones.all():
        prefix = f"m{milestone.pk}"
        data |= {
            f"{prefix}-done": f"Melaksanakan {milestone.deliverable}.",
            f"{prefix}-output": "Dokumen",
            f"{prefix}-effect": "Lebih cepat.",
            f"{prefix}-values": ["Akuntabel", "Kolaboratif"],
        }
    return data | changes


def test_the_report_sends_an_anonymous_visitor_to_sign_in(client, db):
    plan = latsar_plan()

    response = client.get(report_url(plan))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("participants:login"))


def test_an_outsider_gets_404_on_every_report_page(client, db):
    plan = latsar_plan()
    report = submitted(plan)
    client.force_login(UserFactory())

    answers = [
        client.get(report_url(plan)).status_code,
        client.post(report_url(plan, "work_report_save"), form_data(plan, report.version)).status_code,
        client.get(report_url(plan, "work_report_review")).status_code,
        client.post(report_url(plan, "work_report_move", "approve")).status_code,
    ]

    assert answers == [404, 404, 404, 404]
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


def test_the_participant_may_not_open_the_review_or_move_it(client, db):
    plan = latsar_plan()
    submitted(plan)
    client.force_login(plan.participant.user)

    answers = [
        client.get(report_url(plan, "work_report_review")).status_code,
        client.post(report_url(plan, "work_report_move", "approve")).status_code,
    ]

    assert answers == [404, 404]


def test_the_2017_flow_has_no_report_pages(client, db):
    plan = ActionPlanFactory(state=ActionPlan.State.AGREED)
    client.force_login(plan.participant.user)

    answers = [client.get(report_url(plan)).status_code, client.post(report_url(plan, "work_report_save")).status_code]

    assert answers == [404, 404]
    assert report_url(plan) not in client.get(plan.get_absolute_url()).content.decode()


def test_the_participant_writes_with_a_photo_and_submits(client, db):
    plan = latsar_plan()
    client.force_login(plan.participant.user)
    milestone = plan.milestones.first()
    data = form_data(plan) | {f"m{milestone.pk}-evidence": png(), "submit": "1"}

    response = client.post(report_url(plan, "work_report_save"), data)

    assert (response.status_code, response.url) == (302, report_url(plan))
    report = WorkReport.objects.get(plan=plan)
    assert (report.state, report.versions.count()) == (State.SUBMITTED, 1)
    evidence = ReportEvidence.objects.get()
    assert (evidence.entry.milestone, evidence.content_type, bool(evidence.thumbnail)) == (milestone, "image/png", True)
    page = client.get(report_url(plan)).content.decode()
    assert ("Waiting for review" in page, "foto.png" in page) == (True, True)


def test_a_fake_upload_is_refused_and_nothing_is_written(client, db):
    plan = latsar_plan()
    client.force_login(plan.participant.user)
    milestone = plan.milestones.first()
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg")

    response = client.post(report_url(plan, "work_report_save"), form_data(plan) | {f"m{milestone.pk}-evidence": fake})

    assert response.status_code == 422
    refusal = "“foto.jpg” is not a PDF, an image or an office document, whatever its name says."
    assert refusal in response.content.decode()
    assert (WorkReport.objects.count(), ReportEvidence.objects.count()) == (0, 0)


def test_a_report_before_the_design_is_done_gets_the_message(client, db):
    plan = latsar_plan(state=ActionPlan.State.APPROVED)
    client.force_login(plan.participant.user)

    page = client.get(report_url(plan))
    response = client.post(report_url(plan, "work_report_save"), form_data(plan) | {"submit": "1"})

    assert "The report is written once the design is approved, examined and agreed." in page.content.decode()
    assert response.status_code == 422
    assert "finish the design stage first" in response.content.decode()
    assert WorkReport.objects.count() == 0


def test_a_save_from_an_older_tab_keeps_the_text_and_says_so(client, db):
    plan = latsar_plan()
    report = written(plan)
    written(plan, version=report.version)
    client.force_login(plan.participant.user)

    response = client.post(report_url(plan, "work_report_save"), form_data(plan, report.version, summary="Tab lama."))

    assert response.status_code == 409
    page = response.content.decode()
    assert ("changed in another tab or window" in page, "Tab lama." in page) == (True, True)
    report.refresh_from_db()
    assert report.summary == "Aktualisasi berjalan di Kelurahan."


def test_a_double_submit_submits_once(client, db):
    plan = latsar_plan()
    client.force_login(plan.participant.user)
    data = form_data(plan) | {"submit": "1"}

    first = client.post(report_url(plan, "work_report_save"), data)
    second = client.post(report_url(plan, "work_report_save"), data)

    assert (first.status_code, second.status_code) == (302, 409)
    assert WorkReport.objects.get().versions.count() == 1


def test_an_incomplete_report_is_saved_but_not_submitted(client, db):
    plan = latsar_plan()
    client.force_login(plan.participant.user)

    client.post(report_url(plan, "work_report_save"), form_data(plan, summary="") | {"submit": "1"})

    report = WorkReport.objects.get()
    assert (report.state, report.summary) == (State.DRAFT, "")
    page = client.get(report_url(plan)).content.decode()
    assert "Write the summary of what was carried out." in page


def test_the_coach_reviews_and_approves(client, db):
    plan = latsar_plan()
    report = submitted(plan)
    client.force_login(plan.participant.coach.user)

    page = client.get(report_url(plan, "work_report_review"))
    get_move = client.get(report_url(plan, "work_report_move", "approve"))
    response = client.post(report_url(plan, "work_report_move", "approve"))

    assert page.status_code == 200
    assert "Approve for the report seminar" in page.content.decode()
    assert (get_move.status_code, response.status_code) == (405, 302)
    report.refresh_from_db()
    assert report.state == State.APPROVED


def test_the_mentor_sees_only_the_return_where_the_coach_approves(client, db):
    plan = latsar_plan()
    report = submitted(plan)
    client.force_login(plan.participant.mentor.user)

    page = client.get(report_url(plan, "work_report_review")).content.decode()
    approve = client.post(report_url(plan, "work_report_move", "approve"))
    sent_back = client.post(report_url(plan, "work_report_move", "return"), {"note": "Tambah foto."})

    assert ("Approve for the report seminar" in page, "Return with notes" in page) == (False, True)
    assert (approve.status_code, sent_back.status_code) == (302, 302)
    report.refresh_from_db()
    assert (report.state, report.note) == (State.RETURNED, "Tambah foto.")


def test_the_waiting_report_is_on_the_coach_and_the_mentor_to_do(client, db):
    plan = latsar_plan()
    submitted(plan)

    pages = []
    for user in (plan.participant.coach.user, plan.participant.mentor.user):
        client.force_login(user)
        pages.append(client.get(reverse("portal:home")).content.decode())

    assert ["1 report to review" in page for page in pages] == [True, True]
    assert all(report_url(plan, "work_report_review") in page for page in pages)


def test_the_works_page_shows_the_reports_state(client, db):
    plan = latsar_plan()
    submitted(plan)
    client.force_login(plan.participant.mentor.user)

    page = client.get(plan.get_absolute_url()).content.decode()

    assert "Waiting for review" in page
    assert reports.report_of(plan) is not None


def _with_activities(count):
    plan = latsar_plan()
    plan.milestones.exclude(pk=plan.milestones.first().pk).delete()
    for number in range(count - 1):
        plan.milestones.create(term="short", deliverable=f"Kegiatan {number}", due_date="2017-10-01")
    report = written(plan)
    for entry in report.entries.all():
        ReportEvidence.objects.create(entry=entry, file="x.png", name="x.png", content_type="image/png", size=1)
    return plan, report


@pytest.mark.parametrize("count", [1, 3])
def test_the_report_page_query_count_does_not_grow_with_activities(client, db, count, django_assert_num_queries):
    plan, _report = _with_activities(count)
    client.force_login(plan.participant.user)

    # session, user, the plan with its people, the menu (roles and unread count), the report, its entries, their
    # evidence, the milestones (the form's rows, the page's rows, what is missing: one query each)
    with django_assert_num_queries(11):
        response = client.get(report_url(plan))

    assert response.content.decode().count('class="border rounded p-3 mb-3"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_the_review_page_query_count_does_not_grow_with_activities(client, db, count, django_assert_num_queries):
    plan, report = _with_activities(count)
    reports.submit_report(report, by=plan.participant.user, version=report.version)
    client.force_login(plan.participant.coach.user)

    # session, user, the plan with its people, the menu (roles and unread count), the report, its two latest
    # versions, the milestones for the labels
    with django_assert_num_queries(8):
        response = client.get(report_url(plan, "work_report_review"))

    assert response.content.decode().count('<dt id="section-milestone-') == count


def test_the_report_pages_are_valid_html(client, db, tmp_path):
    require_tool(VNU.exists() and shutil.which("java"), f"{VNU} or java is missing: run `make checkers`, install Java")
    plan = latsar_plan()
    report = written(plan)
    pages = [(plan.participant.user, report_url(plan))]
    reports.submit_report(report, by=plan.participant.user, version=report.version)
    pages += [(plan.participant.coach.user, report_url(plan, name)) for name in ("work_report", "work_report_review")]
    for number, (user, url) in enumerate(pages):
        client.force_login(user)
        (tmp_path / f"{number}.html").write_bytes(client.get(url).content)

    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *sorted(map(str, tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        check=False,
    )

    assert [message["message"] for message in json.loads(result.stderr)["messages"]] == []


def test_the_participant_removes_a_wrong_photo_while_writing_but_not_once_submitted(client, db):
    plan = latsar_plan()
    client.force_login(plan.participant.user)
    milestone = plan.milestones.first()
    data = form_data(plan) | {f"m{milestone.pk}-evidence": png()}
    client.post(report_url(plan, "work_report_save"), data)
    evidence = ReportEvidence.objects.get()
    stored = evidence.file.storage, evidence.file.name

    with TestCase.captureOnCommitCallbacks(execute=True):
        removed = client.post(report_url(plan, "work_report_evidence_delete", evidence.pk))

    assert (removed.status_code, ReportEvidence.objects.count(), stored[0].exists(stored[1])) == (302, 0, False)
    client.post(report_url(plan, "work_report_save"), form_data(plan, 2) | {f"m{milestone.pk}-evidence": png()})
    report = WorkReport.objects.get()
    reports.submit_report(report, by=plan.participant.user, version=report.version)
    kept = ReportEvidence.objects.get()
    refused = client.post(report_url(plan, "work_report_evidence_delete", kept.pk), follow=True)
    assert "it can be changed only once it is returned" in refused.content.decode()
    assert ReportEvidence.objects.count() == 1
