"""Two web servers on different ports, sharing one PostgreSQL, behave as one site.

Each server is gunicorn with the product's settings in a process of its own, so nothing is shared but what a real
installation shares: the database (data, sessions, sign-in attempts), the cache in it (rate limits) and the media
directory. Both see every request come from 127.0.0.1, with no proxy configured: the rate limits and lock-outs count
it as the client's address (core.client.client_address, the connection's own address without BEHIND_PROXY).
"""

import io
import re
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse
from django_ratelimit.core import _get_window
from PIL import Image

from innovations.models import ActionPlan, Attachment
from tests.deployment.conftest import Browser, server_environment, start_gunicorn, stop
from tests.factories import PASSWORD, UserFactory, complete_plan


def real_password(user):
    """A hash the servers can check: they use the product's hashers, not the suite's fast MD5."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def servers(postgresql, tmp_path, collected_static):
    environment = server_environment(tmp_path / "media", collected_static)
    first = start_gunicorn(environment)
    try:
        second = start_gunicorn(environment)
    except Exception:
        stop(first.process)
        raise
    yield first, second
    stop(first.process)
    stop(second.process)


def sign_in(browser, server, username, password):
    login = server.url + reverse("participants:login")
    return browser.post_form(login, login, {"username": username, "password": password})


def test_a_session_made_on_one_server_works_on_the_other(servers):
    first, second = servers
    user = real_password(UserFactory(full_name="Rina Sembiring, S.Sos"))
    browser = Browser()

    status, headers, _body = sign_in(browser, first, user.email, PASSWORD)
    home = browser.get(second.url + reverse("portal:home"))
    browser.post_form(second.url + reverse("portal:home"), second.url + reverse("participants:logout"), {})
    after = browser.get(first.url + reverse("participants:password_change"))

    assert (status, headers["Location"]) == (302, reverse("portal:home"))
    assert home[0] == 200
    assert "Rina Sembiring, S.Sos" in home[2].decode()
    # Signed out on the second, so signed out on the first too: the session lives in the shared database.
    assert (after[0], after[1]["Location"].split("?")[0]) == (302, reverse("participants:login"))


def test_wrong_passwords_on_both_servers_lock_the_account_on_both(servers):
    first, second = servers
    user = real_password(UserFactory())
    browser = Browser()

    # Five wrong passwords for one account from one address lock it (AXES_FAILURE_LIMIT), wherever they were typed.
    answers = [sign_in(browser, server, user.email, "salah")[0] for server in (first, second, first, second, first)]
    right_on_second = sign_in(browser, second, user.email, PASSWORD)
    right_on_first = sign_in(browser, first, user.email, PASSWORD)

    assert answers == [200, 200, 200, 200, 429]  # the form again with its message, then the lock-out
    for status, _headers, body in (right_on_second, right_on_first):
        assert status == 429
        assert "Terlalu banyak percobaan" in body.decode()
    assert "sessionid" not in {cookie.name for cookie in browser.jar}


def test_rate_limits_count_the_requests_of_both_servers(servers):
    first, second = servers
    browser = Browser()
    path = reverse("seminars:verify_form")
    # The verify page allows 30 a minute per address; start in a window with time to spare.
    left = _get_window("127.0.0.1", 60) - time.time()
    if left < 15:
        time.sleep(left + 1)

    statuses = [browser.get((first if n % 2 else second).url + path)[0] for n in range(30)]
    over_on_first = browser.get(first.url + path)[0]
    over_on_second = browser.get(second.url + path)[0]

    assert statuses == [200] * 30
    assert (over_on_first, over_on_second) == (429, 429)


def test_a_plan_saved_on_one_server_is_a_conflict_on_the_other(servers):
    first, second = servers
    plan = complete_plan(state=ActionPlan.State.DRAFT)
    real_password(plan.participant.user)
    browser = Browser()
    sign_in(browser, first, plan.participant.user.email, PASSWORD)
    edit, autosave = reverse("innovations:edit", args=[plan.pk]), reverse("innovations:autosave", args=[plan.pk])
    _status, _headers, form_on_second = browser.get(second.url + edit)  # open in a second tab, on the other server
    version = re.search(rb'name="version" value="(\d+)"', form_on_second)[1].decode()

    # Autosave posts the page's lists too (their management forms): here with no rows, as the lists were left alone.
    lists = {
        f"{kind}-{field}": value
        for kind in ("stakeholders", "risks", "milestones")
        for field, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0), ("MIN_NUM_FORMS", 0), ("MAX_NUM_FORMS", 1000))
    }
    mine = {"title": "Dari tab pertama", "version": version, **lists}
    theirs = {"title": "Dari tab kedua", "version": version, **lists}

    saved = browser.post_form(first.url + edit, first.url + autosave, mine)
    stale = browser.post_form(second.url + edit, second.url + autosave, theirs)

    plan.refresh_from_db()
    assert (saved[0], stale[0]) == (200, 409)
    assert plan.title == "Dari tab pertama"


def test_a_file_uploaded_on_one_server_is_served_by_the_other(servers):
    first, second = servers
    plan = complete_plan(state=ActionPlan.State.DRAFT)
    real_password(plan.participant.user)
    browser = Browser()
    sign_in(browser, first, plan.participant.user.email, PASSWORD)
    picture = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(picture, "PNG")
    detail = first.url + reverse("innovations:detail", args=[plan.pk])

    uploaded = browser.post_file(
        detail,
        first.url + reverse("innovations:attachment_add", args=[plan.pk]),
        "file",
        "papan-informasi.png",
        picture.getvalue(),
        "image/png",
    )
    attachment = Attachment.objects.get(plan=plan)
    status, headers, body = browser.get(second.url + reverse("innovations:attachment", args=[plan.pk, attachment.pk]))

    assert uploaded[0] == 302
    assert (status, headers["Content-Type"], body) == (200, "image/png", picture.getvalue())
