"""API rate limits are counted where every worker process sees them (the "shared" database cache)."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import caches

from tests.conftest import ROOT

# One client's requests as a worker serves them: the anonymous throttle, as the API views run it.
WORKER = """
import json
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from articles.api.throttling import AnonymousRateThrottle

for _ in range({n}):
    request = Request(APIRequestFactory().get("/api/v1/outlets/", REMOTE_ADDR="192.0.2.7"))
    allowed = AnonymousRateThrottle().allow_request(request, None)
    print(json.dumps(dict(request.rate_limit, allowed=allowed)))
"""


def test_two_worker_processes_share_one_clients_allowance(tmp_path):
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp_path / 'archive.sqlite3'}",
        ARCHIVE_DATA_DIR=str(tmp_path),
        ARCHIVE_API_ANON_RATE="3/min",
    )

    def run(*args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("createcachetable")

    def worker(n):
        return [json.loads(line) for line in run("shell", "-v", "0", "-c", WORKER.format(n=n)).splitlines()]

    first, second = worker(2), worker(2)
    assert [r["remaining"] for r in first] == [2, 1]
    # The second process continues the first one's count: with a per-process cache it would start at 2.
    assert [r["remaining"] for r in second] == [0, 0]
    assert [r["allowed"] for r in first + second] == [True, True, True, False]
    assert all(r["limit"] == 3 and 0 < r["reset"] <= 60 for r in first + second)


@pytest.mark.django_db
def test_the_api_counts_in_the_database_cache_table(client):
    assert settings.CACHES["shared"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    client.get("/api/v1/topics/", REMOTE_ADDR="192.0.2.8")
    # A cache opened separately (as another worker opens its own) sees the count the request left.
    other = caches.create_connection("shared")
    (history,) = [other.get(key) for key in ["throttle_anon_192.0.2.8"]]
    assert history is not None and len(history) == 1
    response = client.get("/api/v1/topics/", REMOTE_ADDR="192.0.2.8")
    assert response["RateLimit-Remaining"] == str(int(response["RateLimit-Limit"]) - 2)
    assert len(other.get("throttle_anon_192.0.2.8")) == 2


@pytest.mark.django_db
def test_without_the_table_the_api_answers_and_counts_per_process(client, settings, caplog):
    # An upgrade not yet migrated: the request is served, the error logged, the count kept per process.
    settings.ARCHIVE_API_RATES = {"anon": "3/min", "user": "6/min"}
    settings.CACHES = dict(settings.CACHES, shared=dict(settings.CACHES["shared"], LOCATION="no_such_table"))
    caches["default"].clear()
    remaining = [client.get("/api/v1/topics/")["RateLimit-Remaining"] for _ in range(3)]
    assert remaining == ["2", "1", "0"]
    assert client.get("/api/v1/topics/").status_code == 429
    assert "run manage.py migrate" in caplog.text
    caches["default"].clear()
