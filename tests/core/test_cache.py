"""The shared cache counts exactly, however many processes count at once."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from freezegun import freeze_time


def test_incr_keeps_the_expiry_it_was_given(db):
    with freeze_time("2017-08-21 09:00:00") as clock:
        cache.add("tries", 0, timeout=60)
        clock.tick(50)

        assert cache.incr("tries") == 1
        assert cache.incr("tries", 2) == 3
        clock.tick(11)
        assert cache.get("tries") is None


def test_incr_of_a_missing_key_fails_as_django_says(db):
    with pytest.raises(ValueError, match="not found"):
        cache.incr("nothing")


@pytest.mark.django_db(transaction=True)
def test_forty_increments_at_once_count_forty():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises every write")
    cache.add("hits", 0, timeout=60)
    barrier, errors = threading.Barrier(40), []

    def hit():
        try:
            barrier.wait()
            cache.incr("hits")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=hit) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert cache.get("hits") == 40
