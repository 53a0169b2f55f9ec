"""Small things people hit: the core issue must pass APKL, USG from a list of 1–5, the catalogue's filters, the
mentor's diff and the dashboard's bands."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from innovations import services
from innovations.catalogue import CatalogueFilter
from innovations.documents import plan_pdf
from innovations.forms import CandidateIssueForm
from innovations.models import CandidateIssue
from innovations.snapshots import compare
from portal.dashboard import SCORE_BANDS
from tests.factories import CohortFactory, complete_plan
from tests.innovations.test_catalogue import published_plan


@pytest.fixture
def plan(cohort):
    return complete_plan(participant__cohort=cohort)


def test_an_issue_that_fails_apkl_cannot_be_the_core_issue(client, plan):
    failing = CandidateIssue.objects.create(plan=plan, description="Ruang sempit", aktual=True)
    client.force_login(plan.participant.user)

    with pytest.raises(ValidationError, match="does not pass APKL"):
        services.choose_core_issue(plan, failing, by=plan.participant.user)
    page = client.get(reverse("innovations:issues", args=[plan.pk])).content.decode()

    assert reverse("innovations:issue_choose", args=[plan.pk, failing.pk]) not in page
    plan.refresh_from_db()
    assert plan.core_issue.description == "Antrian panjang"


def test_usg_is_chosen_from_1_to_5_only(plan):
    form = CandidateIssueForm()

    assert [value for value, _label in form.fields["urgency"].widget.choices] == [1, 2, 3, 4, 5]
    assert not CandidateIssueForm({"description": "x", "urgency": 6, "seriousness": 1, "growth": 1}).is_valid()


def test_catalogue_filters_offer_only_years_and_clusters_with_published_plans(cohort):
    published_plan(cohort)
    later = CohortFactory(start_date="2019-03-01", end_date="2019-04-01")
    complete_plan(participant__cohort=later, state="agreed")  # agreed, not published

    form = CatalogueFilter()

    assert [value for value, _label in form.fields["year"].choices] == ["", 2017]
    assert len(form.fields["cluster"].choices) == 2


def test_the_mentors_diff_ignores_line_ending_changes():
    rows = {
        row["key"]: row
        for row in compare({"problem": "Antre\r\nlama"}, {"problem": "Antre\nlama"}, {"problem": "Problem"})
    }

    assert rows["problem"]["changed"] is False


def test_the_dashboards_score_bands_say_where_each_boundary_falls():
    assert [label for _bound, label in SCORE_BANDS] == ["> 90", "> 80–90", "> 70–80", "> 60–70", "≤ 60"]


def test_the_plan_pdf_has_the_issue_selection_and_the_attachments(plan, tmp_path):
    CandidateIssue.objects.create(plan=plan, description="Jam layanan belum diumumkan", urgency=3)
    pdf = plan_pdf(plan)
    (tmp_path / "plan.pdf").write_bytes(pdf)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)

    # Documents are written in Indonesian, whatever the reader's language.
    assert "Pemilihan isu" in text
    assert "Jam layanan belum diumumkan" in text
    assert "Lampiran" in text
