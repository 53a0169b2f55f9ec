"""A PKP participant writes their effective team on the editing page, a row at a time, as any other list."""

import pytest

from innovations.models import ActionPlan
from programmes.models import Programme
from tests.e2e.conftest import sign_in
from tests.factories import ActionPlanFactory, CohortFactory, ParticipantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_pkp_participant_adds_their_team_and_the_autosave_keeps_it(page, live_server, password, programmes):
    pkp = Programme.objects.get(code="pkp")
    plan = ActionPlanFactory(participant=ParticipantFactory(cohort=CohortFactory(programme=pkp, spec=pkp.spec)))
    sign_in(page, live_server, plan.participant.user, password)
    page.goto(f"{live_server.url}/plans/{plan.pk}/edit/")

    page.get_by_role("group", name="Tim efektif").get_by_role("button", name="Add a team member").click()
    page.locator("[name=team-0-name]").fill("Rina Marpaung")
    page.locator("[name=team-0-role_in_team]").fill("Ketua tim")
    page.locator("[name=team-0-position]").fill("Kepala Seksi Layanan")
    page.get_by_text("Saved at").wait_for()

    plan = ActionPlan.objects.get(pk=plan.pk)
    assert list(plan.team.values_list("name", "role_in_team", "position")) == [
        ("Rina Marpaung", "Ketua tim", "Kepala Seksi Layanan")
    ]
    assert page.get_by_label("Role in the team").input_value() == "Ketua tim"
