import pytest


@pytest.fixture
def browser_locale():
    """Browser tests of the later pages read the English source strings; the sign-in test keeps Indonesian."""
    return "en-US"


def sign_in(page, live_server, user, password):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address or NIP").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
