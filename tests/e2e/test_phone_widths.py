"""The organisation pages and the second organisation's cohort pages on a phone: nothing scrolls sideways."""

import pytest

from tests.pages import main_pages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", ["superuser", "staff_elsewhere", "bureau", "confirmer"])
def test_no_page_scrolls_sideways_at_390_pixels(page, live_server, role):
    user, urls = main_pages()[role]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("[name=username]").fill(user.email)
    page.locator("[name=password]").fill("inovasi2017")
    page.locator("[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    wide = []
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        # Wide tables scroll inside their own box; the page itself must not move sideways.
        moved = page.evaluate("() => { window.scrollTo(1000, 0); return window.scrollX; }")
        if moved:
            wide.append(f"{url}: {moved} px")

    assert wide == []


# The pages of issue 25: the final grades (grid, rules, import), the certificates, the tokens, the sharing page
# and the verification of a certificate.
CLOSING = ("/grades/", "/certificates/", "/my-certificate/", "/api-tokens/", "/accounts/sharing/", "/verify/")


@pytest.mark.parametrize("role", ["staff", "participant", "public"])
def test_the_pages_that_close_a_training_do_not_scroll_sideways_at_390_pixels(page, live_server, role):
    user, urls = main_pages()[role]
    page.set_viewport_size({"width": 390, "height": 844})
    if user is not None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("[name=username]").fill(user.email)
        page.locator("[name=password]").fill("inovasi2017")
        page.locator("[name=password]").press("Enter")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    wide = []
    for url in [url for url in urls if any(part in url for part in CLOSING)]:
        page.goto(f"{live_server.url}{url}")
        moved = page.evaluate("() => { window.scrollTo(1000, 0); return window.scrollX; }")
        if moved:
            wide.append(f"{url}: {moved} px")

    assert wide == []
