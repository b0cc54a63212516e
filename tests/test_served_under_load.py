"""The server as `make run` starts it (gunicorn.conf.py: two workers, threads), under load (issue 13).

- Two searches held in the search engine (ARCHIVE_HOLD, articles/failpoints.py: they wait there
  until the test releases them) do not make the home page wait: it answers while both are in flight.
- A curator's action while a job holds the index's writer lock answers at once; the change is in the
  database and on the index's to-do list, and reaches the search once the lock is free.

Ordering, not timing: the held requests cannot finish before the test releases them. Every step
has a timeout, and the server is always stopped.
"""

import fcntl
import http.cookiejar
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .browser.conftest import free_port
from .conftest import ROOT, SAMPLES, TODAY

STEP_TIMEOUT = 120
CURATOR = ("curator", "a-long-test-passphrase-13")


def until(condition, what, timeout=STEP_TIMEOUT, stop=None):
    end = time.monotonic() + timeout
    while not (result := condition()):
        assert not (stop and stop()), f"gave up waiting for {what}: {stop()}"
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.1)
    return result


class Served:
    def __init__(self, data, hold, env):
        self.data, self.hold, self.env = data, hold, env
        self.base = ""

    def manage(self, *args, env=None):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=dict(self.env, **(env or {})),
            check=True,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
        )

    def get(self, path, opener=None, timeout=STEP_TIMEOUT):
        try:
            with (opener or urllib.request.build_opener()).open(
                self.base + path, timeout=timeout
            ) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def search_ids(self):
        status, body = self.get("/search/?format=json&sort=newest")
        assert status == 200, body[:500]
        return [hit["id"] for hit in json.loads(body)["results"]]

    def sql(self, query, *params):
        with sqlite3.connect(self.data / "archive.sqlite3", timeout=20) as db:
            return db.execute(query, params).fetchall()

    def release_held(self):
        (self.hold / "release").touch()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("served-load")
    data, hold = root / "data", root / "hold"
    hold.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ARCHIVE_FAILPOINT")}
    env.update({"ARCHIVE_DATA_DIR": str(data), "DJANGO_DEBUG": "false", "ARCHIVE_HOLD": str(hold)})
    served = Served(data, hold, env)
    served.manage("migrate", "--noinput")
    served.manage("collectstatic", "--noinput")
    served.manage("import_articles", str(SAMPLES), "--no-progress", "--today", TODAY)
    served.manage(
        "createsuperuser", "--noinput", "--username", CURATOR[0], "--email", "c@example.org",
        env={"DJANGO_SUPERUSER_PASSWORD": CURATOR[1]},
    )  # fmt: skip
    port = free_port()
    log = open(root / "gunicorn.log", "w")  # noqa: SIM115
    # No --workers or --threads: the test serves with gunicorn.conf.py's, as `make run` does.
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "newsarchive.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    served.base = f"http://127.0.0.1:{port}"
    try:
        served.release_held()  # the probe's own requests pass; each test decides when to hold

        def answers():
            assert server.poll() is None, (root / "gunicorn.log").read_text()[-3000:]
            try:
                return served.get("/", timeout=5)[0] == 200
            except OSError:
                return False

        until(answers, "gunicorn to answer")
        yield served
    finally:
        served.release_held()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


def test_two_held_searches_do_not_make_the_home_page_wait(served):
    for marker in served.hold.iterdir():
        marker.unlink()
    with ThreadPoolExecutor(2) as pool:
        try:
            searches = [urllib.parse.urlencode({"q": q}) for q in ("ঢাকা", "সরকার")]
            slow = [pool.submit(served.get, f"/search/?{query}") for query in searches]
            # Both are in the server, and at least one is in the engine: in one worker each, or one
            # in the engine and the other waiting for its turn behind it.
            until(
                lambda: (
                    len(list(served.hold.glob("engine-wait.*"))) == 2 and list(served.hold.glob("engine.*"))
                ),
                "both searches to reach the engine",
                stop=lambda: [r.result() for r in slow if r.done()],  # one that failed says why
            )
            status, page = served.get("/", timeout=STEP_TIMEOUT)
            assert status == 200
            assert not any(request.done() for request in slow), "a held search finished before its release"
            assert not (served.hold / "release").exists()
            assert 'lang="bn"' in page
        finally:
            served.release_held()
        assert [request.result(timeout=STEP_TIMEOUT)[0] for request in slow] == [200, 200]


def signed_in(served):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(served.base + "/admin/login/", timeout=STEP_TIMEOUT).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"username": CURATOR[0], "password": CURATOR[1], "csrfmiddlewaretoken": token, "next": "/admin/"}
    opener.open(
        served.base + "/admin/login/", urllib.parse.urlencode(form).encode(), timeout=STEP_TIMEOUT
    ).read()
    return opener


def hold_writer_lock(served):
    """A process holding the index's writer lock, as a running import does while it writes."""
    path = served.data / "whoosh_index.writelock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    holder = subprocess.Popen(["sleep", str(STEP_TIMEOUT)], pass_fds=[fd])
    os.close(fd)  # only the holder has it now
    path.write_text(str(holder.pid))  # a live holder: never taken for a stale lock
    return holder


def test_a_curators_action_answers_while_a_job_holds_the_index_and_reaches_it_afterwards(served):
    served.release_held()
    opener = signed_in(served)
    shown = served.search_ids()
    article = shown[0]
    changelist = "/admin/articles/article/"
    status, page = served.get(changelist, opener)
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"action": "hide", "_selected_action": article, "csrfmiddlewaretoken": token, "index": 0}

    holder = hold_writer_lock(served)
    try:
        response = opener.open(served.base + changelist, urllib.parse.urlencode(form).encode(), timeout=60)
        assert response.status == 200
        response.read()
        assert holder.poll() is None, "the lock was released before the action answered"
        # The change is in the database and on the to-do list; the index does not have it yet.
        assert served.sql("SELECT status FROM articles_article WHERE id = ?", article) == [("hidden",)]
        assert served.sql("SELECT article_id FROM articles_pendingindex WHERE article_id = ?", article)
        assert article in served.search_ids()
    finally:
        holder.kill()
        holder.wait(timeout=10)
    until(lambda: article not in served.search_ids(), "the hidden article to leave the search")
    until(
        lambda: not served.sql("SELECT 1 FROM articles_pendingindex WHERE article_id = ?", article),
        "the to-do list to be worked off",
    )
