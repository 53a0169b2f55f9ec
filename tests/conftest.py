import os
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.mail.backends import locmem
from django.test import override_settings
from django.utils import translation
from django_tasks.signals import task_finished, task_started

from tests import guards
from tests.factories import PASSWORD, CohortFactory, UserFactory

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# The test client and the live server speak plain HTTP; hashing is made fast on purpose.
TEST_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "STORAGES": {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    "SECURE_SSL_REDIRECT": False,
    "SECURE_HSTS_SECONDS": 0,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
    "LANGUAGE_COOKIE_SECURE": False,
    "WHITENOISE_USE_FINDERS": True,
    "WHITENOISE_AUTOREFRESH": True,
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    # Assertions read the English source strings; one test checks that Indonesian is the real default.
    "LANGUAGE_CODE": "en",
    # Tests run tasks at once (ImmediateBackend), whatever the environment says; tests/guards.py watches requests.
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    "MIDDLEWARE": ["tests.guards.MarkRequests", *django_settings.MIDDLEWARE],
}


@pytest.fixture(scope="session", autouse=True)
def _test_settings():
    """Applied for the whole session, so that even the session-wide live server sees them."""
    with override_settings(**TEST_SETTINGS):
        yield


@pytest.fixture(scope="session", autouse=True)
def _no_slow_work_in_requests():
    """No request in the suite sends mail or renders a multi-plan PDF itself (tests/guards.py)."""
    from weasyprint import HTML  # noqa: PLC0415 - WeasyPrint loads slowly; only here, once, for the guard

    task_started.connect(guards.task_started, dispatch_uid="guard-task-started")
    task_finished.connect(guards.task_finished, dispatch_uid="guard-task-finished")
    with (
        mock.patch.object(locmem.EmailBackend, "send_messages", guards.guard_mail(locmem.EmailBackend.send_messages)),
        mock.patch.object(HTML, "write_pdf", guards.guard_pdf(HTML.write_pdf)),
    ):
        yield


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _language_restored():
    """A page asked for in Indonesian leaves Indonesian active in the test's thread (LocaleMiddleware activates it);
    every test starts and ends in the language it found."""
    with translation.override(translation.get_language()):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Rate limits count in the cache, which lives in the database. A test inside a transaction rolls its cache back
    with everything else; a transactional test (browsers, races) empties it first, as the flush between such tests
    leaves tables without a model alone."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def staff_user(db):
    user = UserFactory(is_staff=True)
    return user


@pytest.fixture
def cohort(staff_user):
    cohort = CohortFactory()
    cohort.organisation.staff_members.add(staff_user)
    return cohort


# Browser tests ---------------------------------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_call = report.failed
    return report


def require_tool(present: bool, message: str) -> None:
    """Outside CI, a machine without a tool skips only the tests that need it, and says why; CI fails."""
    if not present:
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    # Imported here so that suites run with `-p no:playwright` never load it.
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    require_tool(CHROMIUM.exists(), f"{CHROMIUM} is missing: install it with `apt-get install chromium`")

    # Playwright runs an event loop in this thread; Django's ORM calls from the same thread are safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_locale():
    """The browser's language; a test module may override this fixture with "en-US"."""
    return "id-ID"


@pytest.fixture
def bypass_csp():
    """Only the accessibility test sets this: it injects axe-core, which the strict policy would block."""
    return False


@pytest.fixture
def page(browser, browser_locale, bypass_csp, request):
    context = browser.new_context(locale=browser_locale, viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    if getattr(request.node, "failed_call", False):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)
    context.close()
