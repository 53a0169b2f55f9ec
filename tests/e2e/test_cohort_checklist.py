"""A clerk on a phone: the cohort's next step on its overview, then two catalogue entries published at once and
one taken out again after the confirmation; neither page scrolls sideways."""

import pytest
from django.utils import timezone

from innovations.models import ActionPlan
from participants.models import AuditEvent
from tests.e2e.conftest import confirm, sign_in
from tests.factories import PASSWORD, ActionPlanFactory, CohortFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def scrolls_sideways(page) -> int:
    return page.evaluate("() => { window.scrollTo(1000, 0); return window.scrollX; }")


def test_clerk_follows_the_next_step_and_publishes_entries_in_bulk(page, live_server):
    staff = UserFactory(is_staff=True, language="en")
    cohort = CohortFactory(name="Angkatan II Tahun 2018")
    cohort.organisation.staff_members.add(staff)
    ParticipantFactory(cohort=cohort, mentor=None)
    first, second = (
        ActionPlanFactory(participant__cohort=cohort, state="agreed", title=title)
        for title in ["Arsip digital kelurahan", "Bank sampah kampung"]
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, staff, PASSWORD)

    page.goto(f"{live_server.url}/cohorts/{cohort.slug}/")
    next_step = page.locator(".alert-primary")
    assert next_step.inner_text() == "Next step: Mentors for everyone: 1 participant has no mentor yet."
    assert scrolls_sideways(page) == 0

    page.get_by_role("link", name="Publish plans in the public catalogue").click()
    assert scrolls_sideways(page) == 0
    page.get_by_label("Arsip digital kelurahan").check()
    page.get_by_label("Bank sampah kampung").check()
    page.get_by_role("button", name="Publish the ticked plans").click()
    page.get_by_text("2 plans are now in the public catalogue.").wait_for()

    page.get_by_label("Bank sampah kampung").check()
    page.get_by_label("Reason for taking them out").fill("Foto bukti belum jelas")
    page.get_by_role("button", name="Take the ticked plans out").click()
    confirm(page, "Take out")
    page.get_by_text("1 plan was taken out of the public catalogue.").wait_for()

    states = dict(ActionPlan.objects.filter(pk__in=[first.pk, second.pk]).values_list("title", "catalogue_state"))
    assert states == {"Arsip digital kelurahan": "published", "Bank sampah kampung": "withdrawn"}
    assert list(AuditEvent.objects.filter(verb__startswith="catalogue.").values_list("verb", "note")) == [
        ("catalogue.publish", ""),
        ("catalogue.publish", ""),
        ("catalogue.withdraw", "Foto bukti belum jelas"),
    ]
    assert timezone.localdate(ActionPlan.objects.get(pk=first.pk).published_at) == timezone.localdate()
