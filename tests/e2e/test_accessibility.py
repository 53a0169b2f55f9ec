"""Every main page of every role, checked in Chromium with axe-core (from npm): no serious or critical violation."""

from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.pages import ROLES, main_pages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def browser_locale():
    """People read these pages in Indonesian."""
    return "id-ID"


@pytest.fixture
def bypass_csp():
    return True


@pytest.fixture
def axe():
    require_tool(AXE.exists(), f"{AXE} is missing: run `make checkers`")
    return AXE


def serious_violations(page, axe) -> list[str]:
    page.add_script_tag(path=str(axe))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['failureSummary']}"
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("role", ROLES)
def test_main_pages_have_no_serious_accessibility_violations(page, live_server, axe, role):
    user, urls = main_pages()[role]
    if user:
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("[name=username]").fill(user.email)
        page.locator("[name=password]").fill("inovasi2017")
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    problems = []
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        problems += [f"{url}: {problem}" for problem in serious_violations(page, axe)]

    assert not problems, "\n".join(problems)
