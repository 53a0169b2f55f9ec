"""The cohort's printed booklet of approved plans: asked for by staff, made by the worker, one chapter per plan."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from innovations.documents import booklet_pdf
from innovations.models import ActionPlan
from participants.models import AuditEvent, Job, Notification
from tests.downloads import ask, fetch, pdf_text
from tests.factories import ClusterFactory, CohortFactory, UserFactory, complete_plan

State = ActionPlan.State


@pytest.fixture
def url(cohort):
    return reverse("innovations:booklet", args=[cohort.slug])


def test_booklet_holds_approved_plans_by_cluster_and_leaves_drafts_out(client, cohort, staff_user, url):
    cluster = ClusterFactory(cohort=cohort, name="Layanan Kependudukan")
    complete_plan(participant__cohort=cohort, cluster=cluster, state=State.APPROVED, title="Surat Pengantar Kilat")
    complete_plan(participant__cohort=cohort, cluster=cluster, state=State.AGREED, title="Taman Baca Kelurahan")
    complete_plan(participant__cohort=cohort, state=State.DRAFT, title="Rencana Yang Belum Jadi")
    client.force_login(staff_user)

    response, job = ask(client, url)
    download, data = fetch(client, job)

    assert response.url == reverse("participants:downloads")
    assert (job.kind, job.state, job.progress_done, job.requested_by) == ("booklet", "done", 2, staff_user)
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="buku-rencana-aksi-{cohort.slug}.pdf"'
    assert len(PdfReader(io.BytesIO(data)).pages) >= 4  # cover, contents and a chapter for each of the two plans
    text = pdf_text(data)
    assert "Layanan Kependudukan" in text
    assert text.count("Surat Pengantar Kilat") >= 2  # in the contents and as a chapter title
    assert "Taman Baca Kelurahan" in text
    assert "Rencana Yang Belum Jadi" not in text


def test_booklet_request_is_audited_and_the_requester_told_when_ready(client, cohort, staff_user, url):
    client.force_login(staff_user)

    _response, job = ask(client, url)

    event = AuditEvent.objects.get(verb="job.request")
    assert (event.actor, event.cohort, event.target_id, event.data) == (staff_user, cohort, job.pk, {"kind": "booklet"})
    notification = Notification.objects.get(user=staff_user)
    assert notification.url == reverse("participants:downloads")
    assert notification.message == "Siap diunduh: Buku rencana aksi yang disetujui (PDF)."


def test_booklet_asked_twice_while_waiting_is_one_job(client, cohort, staff_user, url):
    client.force_login(staff_user)

    client.post(url)  # inside the test's transaction: enqueued only after a commit that never comes
    response = client.post(url, follow=True)

    assert Job.objects.count() == 1
    assert "already being prepared" in response.content.decode()


def test_booklet_of_a_cohort_without_approved_plans_says_so(client, cohort, staff_user, url):
    client.force_login(staff_user)

    _response, job = ask(client, url)

    assert "Belum ada rencana yang disetujui." in pdf_text(fetch(client, job)[1]).splitlines()


def test_booklet_is_for_the_cohorts_staff_only(client, cohort, url):
    plan = complete_plan(participant__cohort=cohort, state=State.APPROVED)
    other_staff = UserFactory(is_staff=True)
    CohortFactory().organisation.staff_members.add(other_staff)

    assert client.post(url).url.startswith(reverse("participants:login"))
    for outsider in [plan.participant.user, plan.participant.mentor.user, other_staff]:
        client.force_login(outsider)
        assert client.post(url).status_code == 404
    assert Job.objects.count() == 0


@pytest.mark.parametrize("count", [1, 3])
def test_booklet_queries_do_not_grow_with_plans(cohort, count, django_assert_num_queries):
    for _ in range(count):
        complete_plan(participant__cohort=cohort, state=State.APPROVED)

    # plans with their participant, cluster and people; stakeholders, risks, milestones, issues, attachments
    with django_assert_num_queries(6):
        booklet_pdf(cohort)
