"""A ceiling on password hashing for the whole installation (issue 28): a sign-in flood from rotating addresses,
which no per-address limit stops, cannot take every CPU. Past the ceiling a sign-in is told to wait a few seconds,
before any password is hashed; pages and the sign-ins within the ceiling go on."""

import threading
import time
from functools import partial

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from core import hashing
from participants.passwords import confirm_password
from tests.factories import UserFactory
from tests.races import at_once, require_postgresql

BUSY = "Many people are signing in at this moment. Wait a few seconds, then sign in again."


def sign_in(client, username, password, address="203.0.113.9"):
    return client.post(reverse("participants:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def counted_hashing(monkeypatch):
    """Every password hashed is counted, with the most at once, each taking a moment as a real hash does."""
    counts = {"now": 0, "most": 0, "all": 0}
    lock, encode = threading.Lock(), MD5PasswordHasher.encode

    def slow(self, password, salt):
        with lock:
            counts["now"] += 1
            counts["all"] += 1
            counts["most"] = max(counts["most"], counts["now"])
        time.sleep(0.3)
        with lock:
            counts["now"] -= 1
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", slow)  # every hash, checked (verify) or made
    return counts


def test_a_sign_in_past_the_ceiling_is_asked_to_wait_and_hashes_nothing(
    client, db, password, settings, counted_hashing
):
    settings.PASSWORD_HASHING_SLOTS = 2
    UserFactory(email="rina@example.org")
    for slot in range(2):  # two sign-ins hashing elsewhere this very moment
        cache.set(hashing.slot_key(slot), "elsewhere", 30)
    counted_hashing["all"] = 0

    response = sign_in(client, "rina@example.org", password)

    assert response.status_code == 503
    assert BUSY in response.content.decode()
    assert counted_hashing["all"] == 0


def test_a_sign_in_within_the_ceiling_signs_in_and_frees_its_place(client, db, password, settings, counted_hashing):
    settings.PASSWORD_HASHING_SLOTS = 2
    cache.set(hashing.slot_key(0), "elsewhere", 30)
    UserFactory(email="rina@example.org")
    counted_hashing["all"] = 0

    response = sign_in(client, "rina@example.org", password)

    assert (response.status_code, counted_hashing["all"]) == (302, 1)
    assert [cache.get(hashing.slot_key(slot)) for slot in range(2)] == ["elsewhere", None]


def test_a_place_held_by_a_process_that_died_is_free_again_after_its_hold(db, settings):
    settings.PASSWORD_HASHING_SLOTS = 1
    with freeze_time("2017-08-21 08:00:00"):
        cache.add(hashing.slot_key(0), "a killed worker", hashing.HOLD)
    with freeze_time("2017-08-21 08:00:11"), hashing.password_hashing():
        held = cache.get(hashing.slot_key(0))

    assert held not in {None, "a killed worker"}


@pytest.mark.django_db(transaction=True)
def test_a_flood_of_sign_ins_from_many_addresses_never_hashes_more_than_the_ceiling_at_once(
    password, settings, counted_hashing
):
    require_postgresql()
    settings.PASSWORD_HASHING_SLOTS = 2
    user = UserFactory(email="rina@example.org")
    flood = [partial(sign_in, Client(), f"tamu{n}@example.org", "salah", address=f"198.51.100.{n}") for n in range(8)]

    answers = at_once(*flood, partial(sign_in, Client(), user.email, password))

    assert counted_hashing["most"] == 2
    assert {answer.status_code for answer in answers} <= {200, 302, 503}
    assert 503 in {answer.status_code for answer in answers}


def test_a_password_typed_again_to_sign_past_the_ceiling_is_asked_to_wait(db, settings, password):
    settings.PASSWORD_HASHING_SLOTS = 1
    user = UserFactory()
    cache.set(hashing.slot_key(0), "elsewhere", 30)

    with pytest.raises(ValidationError) as refused:
        confirm_password(user, password)

    assert refused.value.messages == ["Many people are signing in at this moment. Wait a few seconds, then try again."]
