"""The cohort's printed booklet of approved plans: staff only, one chapter per plan, bounded queries."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from innovations.models import ActionPlan
from tests.factories import ClusterFactory, CohortFactory, UserFactory, complete_plan

State = ActionPlan.State


def pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def url(cohort):
    return reverse("innovations:booklet", args=[cohort.slug])


def test_booklet_holds_approved_plans_by_cluster_and_leaves_drafts_out(client, cohort, staff_user, url):
    cluster = ClusterFactory(cohort=cohort, name="Layanan Kependudukan")
    complete_plan(participant__cohort=cohort, cluster=cluster, state=State.APPROVED, title="Surat Pengantar Kilat")
    complete_plan(participant__cohort=cohort, cluster=cluster, state=State.AGREED, title="Taman Baca Kelurahan")
    complete_plan(participant__cohort=cohort, state=State.DRAFT, title="Rencana Yang Belum Jadi")
    client.force_login(staff_user)

    response = client.get(url)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="buku-rencana-aksi-{cohort.slug}.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 4  # cover, contents and a chapter for each of the two plans
    text = pdf_text(response)
    assert "Layanan Kependudukan" in text
    assert text.count("Surat Pengantar Kilat") >= 2  # in the contents and as a chapter title
    assert "Taman Baca Kelurahan" in text
    assert "Rencana Yang Belum Jadi" not in text


def test_booklet_of_a_cohort_without_approved_plans_says_so(client, cohort, staff_user, url):
    client.force_login(staff_user)

    assert "Belum ada rencana yang disetujui mentornya." in pdf_text(client.get(url))


def test_booklet_is_for_the_cohorts_staff_only(client, cohort, url):
    plan = complete_plan(participant__cohort=cohort, state=State.APPROVED)
    other_staff = UserFactory(is_staff=True)
    CohortFactory().organisation.staff_members.add(other_staff)

    assert client.get(url).url.startswith(reverse("participants:login"))
    for outsider in [plan.participant.user, plan.participant.mentor.user, other_staff]:
        client.force_login(outsider)
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_booklet_queries_do_not_grow_with_plans(client, cohort, staff_user, url, count, django_assert_num_queries):
    for _ in range(count):
        complete_plan(participant__cohort=cohort, state=State.APPROVED)
    client.force_login(staff_user)

    # session, user, cohort, plans; stakeholders, risks, milestones, issues, attachments
    with django_assert_num_queries(9):
        client.get(url)
