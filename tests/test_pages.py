import pytest
from django.db import IntegrityError
from django.urls import reverse

from participants.models import User


def test_unknown_page_gets_the_inovasi_404_page(client, db):
    response = client.get("/tidak-ada/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert reverse("portal:home") in response.content.decode()


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get(reverse("participants:login"))

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_pages_load_bootstrap_and_htmx_from_our_own_static_files(client, db):
    body = client.get(reverse("participants:login")).content.decode()

    assert "/static/vendor/bootstrap/bootstrap.min.css" in body
    assert "/static/vendor/htmx/htmx.min.js" in body
    assert "http://" not in body.replace('xmlns="http://www.w3.org', "")
    assert "https://" not in body


def test_static_files_are_served_locally(client, db):
    response = client.get("/static/vendor/bootstrap/bootstrap.min.css")

    assert response.status_code == 200
    assert b"Bootstrap" in b"".join(response.streaming_content)[:200]


def test_user_needs_an_email_or_a_nip(db):
    with pytest.raises(IntegrityError):
        User.objects.create(full_name="Tanpa Identitas", email=None, nip=None)
