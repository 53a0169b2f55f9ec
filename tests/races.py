"""Races on PostgreSQL: calls released together by a barrier, each in its own thread and database connection."""

import threading

import pytest
from django.db import connection


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises every write")


def at_once(*calls) -> list:
    """Run the calls (functions of no argument, e.g. `functools.partial(client.post, url, data)`) at the same
    moment; their results, or the exceptions they raised, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - returned to the test, which asserts on it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
