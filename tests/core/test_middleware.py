"""Request bodies: anonymous visitors may send only small ones, and an oversized body is never read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import UserFactory

MB = 1024 * 1024


def upload(size):
    return {"file": SimpleUploadedFile("berkas.pdf", b"x" * size, content_type="application/pdf")}


@pytest.fixture
def unread(monkeypatch):
    """Fails the test if anything parses the request body."""

    def refuse(request):
        raise AssertionError("the body was read")

    monkeypatch.setattr("django.http.request.HttpRequest._load_post_and_files", refuse)


@pytest.mark.parametrize("name", ["participants:login", "seminars:verify_form"])
def test_an_anonymous_body_above_the_anonymous_cap_is_refused_unread(client, db, unread, name):
    response = client.post(reverse(name), upload(4 * MB))

    assert response.status_code == 413
    assert "larger than this page accepts (3.0" in response.content.decode()


def test_a_signed_in_person_may_send_more_than_a_stranger(client, db, settings):
    client.force_login(UserFactory())

    response = client.post(reverse("participants:notifications_read"), upload(4 * MB))

    assert response.status_code != 413


def test_a_signed_in_body_above_the_upload_cap_is_refused_unread(client, db, unread):
    client.force_login(UserFactory())

    response = client.post(reverse("participants:notifications_read"), upload(13 * MB))

    assert response.status_code == 413


def test_a_small_anonymous_body_passes(client, db):
    response = client.post(reverse("participants:login"), {"username": "a@example.org", "password": "x"})

    assert response.status_code == 200
