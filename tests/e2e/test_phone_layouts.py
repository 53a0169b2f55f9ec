"""Pages as people hold them at 390 px, in Indonesian: issue selection fits in about two screens, the catalogue's
results start on the first, the staff's home does not scroll sideways, and the cohort form shows whole cluster
names."""

import datetime

import pytest

from innovations.models import ActionPlan, CandidateIssue
from seminars import agreements
from tests.factories import ActionPlanFactory, ClusterFactory, CohortFactory, complete_plan, examined_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser_locale():
    return "id-ID"


def sign_in(page, live_server, user, password):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("[name=username]").fill(user.email)
    page.locator("[name=password]").fill(password)
    page.locator("[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_issue_selection_with_three_issues_takes_about_two_screens(page, live_server, password):
    plan = complete_plan()
    for description, urgency in [("Jam layanan belum diumumkan secara luas.", 3), ("Ruang kerja sempit.", 2)]:
        CandidateIssue.objects.create(plan=plan, description=description, aktual=True, urgency=urgency)
    sign_in(page, live_server, plan.participant.user, password)

    page.goto(f"{live_server.url}/plans/{plan.pk}/issues/")

    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 2 * PHONE["height"], f"{height} px: {height / PHONE['height']:.1f} screens"
    assert page.evaluate("() => { window.scrollTo(1000, 0); return window.scrollX; }") == 0


def test_the_catalogues_first_result_is_on_the_first_screen(page, live_server):
    cohort = CohortFactory()
    for title in ["Arsip Rapi", "E-Kelurahan"]:
        plan = ActionPlanFactory(participant__cohort=cohort, state=ActionPlan.State.COMPLETED, title=title)
        ActionPlan.objects.filter(pk=plan.pk).update(
            published_at=datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC), catalogue_state="published"
        )
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/catalogue/")

    first = page.locator("article h2").first.bounding_box()
    assert first["y"] + first["height"] < PHONE["height"] / 2 + 100
    page.get_by_text("Filter lainnya").click()
    assert page.get_by_label("Klaster").is_visible()


def test_the_staff_home_with_an_unsigned_agreement_does_not_scroll_sideways(page, live_server, password, staff_user):
    cohort = CohortFactory()
    cohort.organisation.staff_members.add(staff_user)
    plan, _examiner = examined_plan(cohort)
    agreements.prepare_agreement(plan, by=plan.participant.user)
    complete_plan(participant__cohort=cohort, state=ActionPlan.State.AGREED)  # its milestone is overdue: a badge after
    sign_in(page, live_server, staff_user, password)

    page.goto(f"{live_server.url}/")

    assert page.get_by_text("1 kesepakatan belum ditandatangani semua pihak").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_cohort_form_shows_each_cluster_name_whole(page, live_server, password, staff_user):
    cohort = CohortFactory()
    cohort.organisation.staff_members.add(staff_user)
    for order, name in enumerate(["Pemberdayaan Masyarakat", "Pelayanan Kepegawaian", "Tata Kelola Pemerintahan"]):
        ClusterFactory(cohort=cohort, name=name, order=order + 1)
    sign_in(page, live_server, staff_user, password)

    page.goto(f"{live_server.url}/cohorts/{cohort.slug}/edit/")

    cut = page.evaluate(
        """() => [...document.querySelectorAll("input[name^=clusters-][name$=-name]")]
            .filter((box) => box.value && box.scrollWidth > box.clientWidth).map((box) => box.value)"""
    )
    assert cut == []
