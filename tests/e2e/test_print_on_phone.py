"""The plan's print view on a phone: laid out at the phone's width, nothing scrolls sideways, and its icon is there."""

import pytest

from tests.e2e.conftest import sign_in
from tests.factories import complete_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, browser_locale):
    """A phone as a phone browser behaves: it lays a page out at 980 px unless the page asks for its width."""
    context = browser.new_context(
        locale=browser_locale, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_print_view_fits_a_phone_and_has_its_icon(phone, live_server, password):
    plan = complete_plan()
    sign_in(phone, live_server, plan.participant.user, password)

    phone.goto(f"{live_server.url}/plans/{plan.pk}/print/")

    assert phone.evaluate("window.innerWidth") == 390
    assert phone.evaluate("() => { window.scrollTo(1000, 0); return window.scrollX; }") == 0
    icon = phone.evaluate("document.querySelector('link[rel=icon]').href")
    assert phone.request.get(icon).status == 200
    assert phone.request.get(f"{live_server.url}/favicon.ico").status == 200
