import pytest
from django.urls import reverse

from tests.factories import UserFactory


def sign_in(client, username, password):
    return client.post(reverse("participants:login"), {"username": username, "password": password})


def test_sign_in_with_email(client, db, password):
    user = UserFactory(email="Rina.Sembiring@medan.example")

    response = sign_in(client, "rina.sembiring@medan.example", password)

    assert response.status_code == 302
    assert response.url == reverse("portal:home")
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("typed", ["198001012005011777", "19800101 200501 1 777", " 19800101 200501 1 777 "])
def test_sign_in_with_nip_as_printed_or_as_digits(client, db, password, typed):
    user = UserFactory(nip="198001012005011777")

    response = sign_in(client, typed, password)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_in_with_nip_for_a_person_without_email(client, db, password):
    user = UserFactory(email=None, nip="198001012005011778")

    sign_in(client, "198001012005011778", password)

    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_in_wrong_password_is_refused_with_a_message(client, db):
    UserFactory(email="a@example.org")

    response = sign_in(client, "a@example.org", "wrong password")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "do not match" in response.content.decode()


def test_sign_in_unknown_nip_is_refused(client, db, password):
    response = sign_in(client, "198001012005011999", password)

    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_sign_in_inactive_account_is_refused(client, db, password):
    UserFactory(email="gone@example.org", is_active=False)

    sign_in(client, "gone@example.org", password)

    assert "_auth_user_id" not in client.session


def test_sign_in_page_is_in_indonesian_by_default(client, db, settings):
    settings.LANGUAGE_CODE = "id"

    response = client.get(reverse("participants:login"))

    assert response.status_code == 200
    assert '<html lang="id">' in response.content.decode()
    assert "Masuk ke Inovasi" in response.content.decode()
    assert "E-mail atau NIP" in response.content.decode()


def test_language_switch_to_english_is_remembered(client, db, settings):
    settings.LANGUAGE_CODE = "id"

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("participants:login")})
    page = client.get(reverse("participants:login"))

    assert response.status_code == 302
    assert "Sign in to Inovasi" in page.content.decode()


def test_sign_out_only_on_post(client, db, password):
    user = UserFactory()
    client.force_login(user)

    refused = client.get(reverse("participants:logout"))
    assert refused.status_code == 405
    assert client.session["_auth_user_id"] == str(user.pk)

    client.post(reverse("participants:logout"))
    assert "_auth_user_id" not in client.session


def test_password_change_requires_sign_in(client, db):
    response = client.get(reverse("participants:password_change"))

    assert response.status_code == 302
    assert response.url == f"{reverse('participants:login')}?next={reverse('participants:password_change')}"


def test_password_change_sets_the_new_password(client, db, password):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("participants:password_change"),
        {"old_password": password, "new_password1": "Kanaya-Seminar-2017", "new_password2": "Kanaya-Seminar-2017"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Kanaya-Seminar-2017")


def test_password_reset_mails_a_link_that_sets_a_password(client, db, mailoutbox):
    user = UserFactory(email="lupa@example.org")

    client.post(reverse("participants:password_reset"), {"email": "lupa@example.org"})

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["lupa@example.org"]
    link = next(word for word in mailoutbox[0].body.split() if "/accounts/password/reset/" in word)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Kanaya-Seminar-2017", "new_password2": "Kanaya-Seminar-2017"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Kanaya-Seminar-2017")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, db, mailoutbox):
    response = client.post(reverse("participants:password_reset"), {"email": "nobody@example.org"}, follow=True)

    assert mailoutbox == []
    assert response.redirect_chain[-1][0] == reverse("participants:password_reset_done")


def test_sign_in_locks_an_account_after_five_wrong_passwords_however_the_nip_is_typed(client, db, password):
    UserFactory(nip="198001012005011777")
    for typed in ["198001012005011777", "19800101 200501 1 777", " 198001012005011777", "19800101 2005011777"]:
        sign_in(client, typed, "salah")
    sign_in(client, "19800101200501 1777", "salah")

    response = sign_in(client, "198001012005011777", password)

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_lockout_does_not_touch_other_accounts(client, db, password):
    UserFactory(email="target@example.org")
    colleague = UserFactory(email="colleague@example.org")
    for _ in range(5):
        sign_in(client, "target@example.org", "salah")

    sign_in(client, "colleague@example.org", password)

    assert client.session["_auth_user_id"] == str(colleague.pk)


# Behind a proxy, and against strangers ---------------------------------------------------------


def sign_in_from(client, address, username, password):
    """A sign-in as it reaches the app through one proxy (10.0.0.1) that appended the client's address."""
    return client.post(
        reverse("participants:login"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.fixture
def behind_proxy(settings):
    settings.PROXY_COUNT = 1


def test_sign_in_a_stranger_elsewhere_cannot_lock_the_owner_out_with_a_forged_header(
    client, db, password, behind_proxy
):
    owner = UserFactory(email="rina@example.org")
    for forged in ["198.51.100.1", "203.0.113.7", "192.0.2.1", "198.51.100.2", "203.0.113.8"]:
        sign_in_from(client, f"{forged}, 203.0.113.66", "rina@example.org", "salah")

    stranger = sign_in_from(client, "203.0.113.66", "rina@example.org", password)
    client.cookies.clear()
    response = sign_in_from(client, "198.51.100.20", "rina@example.org", password)

    assert stranger.status_code == 429
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_sign_in_e_mail_and_nip_are_one_person_with_five_tries_in_all(client, db, password):
    UserFactory(email="rina@example.org", nip="198001012005011777")
    for typed in ["rina@example.org", "19800101 200501 1 777", "RINA@example.org", "198001012005011777"]:
        sign_in(client, typed, "salah")
    sign_in(client, "rina@example.org", "salah")

    response = sign_in(client, "198001012005011777", password)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_sign_in_is_limited_per_address_before_any_password_is_hashed(client, db, password, settings, monkeypatch):
    settings.SIGN_IN_RATE = "3/m"
    hashed = []
    monkeypatch.setattr("participants.backends.EmailOrNipBackend.authenticate", lambda *a, **k: hashed.append(1))
    for n in range(3):
        sign_in(client, f"nobody{n}@example.org", "salah")

    response = sign_in(client, "another@example.org", password)
    elsewhere = client.post(
        reverse("participants:login"), {"username": "x@example.org", "password": "y"}, REMOTE_ADDR="198.51.100.3"
    )

    assert response.status_code == 429
    assert "Too many attempts from your network address" in response.content.decode()
    assert len(hashed) == 4  # three before the limit, one from the other address
    assert elsewhere.status_code == 200


def test_password_reset_is_limited_per_address(client, db, settings, mailoutbox):
    settings.PASSWORD_RESET_RATE = "2/h"
    UserFactory(email="lupa@example.org")
    for _ in range(2):
        client.post(reverse("participants:password_reset"), {"email": "lupa@example.org"})

    response = client.post(reverse("participants:password_reset"), {"email": "lupa@example.org"})

    assert response.status_code == 429
    assert len(mailoutbox) == 2


# The password typed again -------------------------------------------------------------------------


def change_password(client, old):
    return client.post(
        reverse("participants:password_change"),
        {"old_password": old, "new_password1": "Kanaya-Seminar-2017", "new_password2": "Kanaya-Seminar-2017"},
    )


def test_password_change_after_five_wrong_passwords_refuses_even_the_right_one(client, db, password):
    user = UserFactory()
    client.force_login(user)
    for _ in range(5):
        assert "entered incorrectly" in change_password(client, "salah").content.decode()

    response = change_password(client, password)

    assert response.status_code == 200
    assert "wrong too many times. Wait 15 minutes" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(password)


def test_password_change_with_the_right_password_after_four_wrong_ones_changes_it(client, db, password):
    user = UserFactory()
    client.force_login(user)
    for _ in range(4):
        change_password(client, "salah")

    response = change_password(client, password)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Kanaya-Seminar-2017")


def test_password_change_with_no_current_password_asks_for_it(client, db):
    client.force_login(UserFactory())

    response = change_password(client, "")

    assert "Enter your current password." in response.content.decode()
    assert "incorrectly" not in response.content.decode()
