"""The public verification page: no input reaches the database unchecked, and its limit holds for the whole
installation, per client, behind proxies."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from freezegun import freeze_time

from seminars.views.verify import MAX_PDF_BYTES

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize("code", ["%00", "ABC%00DEF12", "A" * 500, "ZZ'--", "ÄÖÜ123"])
def test_verify_answers_a_code_no_document_could_carry_with_not_found(client, db, code):
    response = client.get(f"/verify/{code}/")

    assert response.status_code == 404
    assert "No sealed agreement or certificate has the code" in response.content.decode()


def test_verify_limit_counts_each_client_behind_the_proxy_on_its_own(client, db, settings):
    settings.PROXY_COUNT = 1
    url = reverse("seminars:verify", args=["ZZZZZZZZZZ"])

    def check(address):
        return client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.1, {address}").status_code

    with freeze_time("2017-08-21 10:00:30"):
        first = [check("203.0.113.1") for _ in range(31)]
        second = check("203.0.113.2")

    assert first[-2:] == [404, 429]
    assert second == 404


def test_verify_does_not_read_a_pdf_far_larger_than_a_sealed_one(client, db, monkeypatch):
    read = []
    monkeypatch.setattr("seminars.agreements.pdf_matches", lambda agreement, data: read.append(data) or True)
    # An unknown code answers before any upload is looked at; a known one is tested in test_agreements.
    response = client.post(reverse("seminars:verify", args=["ZZZZZZZZZZ"]), {"pdf": b"x"})

    assert response.status_code == 404
    assert read == []
    assert MAX_PDF_BYTES < 3 * 1024 * 1024


# Across processes -------------------------------------------------------------------------------

WORKER = """
import sys, time
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from freezegun import freeze_time

setup_test_environment()
client = Client()
start = float(sys.argv[1])
while time.time() < start:
    time.sleep(0.002)
with freeze_time("2017-08-21 10:00:30"):  # both processes in one rate-limit window
    print(" ".join(str(client.get("/verify/ZZZZZZZZZZ/").status_code) for _ in range(25)))
"""


@pytest.mark.django_db(transaction=True)
def test_verify_limit_of_30_a_minute_holds_across_two_processes():
    if connection.vendor != "postgresql":
        pytest.skip("two processes share a database on PostgreSQL; the SQLite test database lives in memory")
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST'] or '127.0.0.1'}"
            f":{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CONN_MAX_AGE": "0",
        "DEBUG": "1",  # static files without the collected manifest
    }
    start = time.time() + 4  # after both have loaded Django
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(start)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    statuses = [status for worker in workers for status in worker.communicate(timeout=120)[0].split()]

    assert [worker.returncode for worker in workers] == [0, 0]
    assert len(statuses) == 50
    assert statuses.count("404") == 30
    assert statuses.count("429") == 20
