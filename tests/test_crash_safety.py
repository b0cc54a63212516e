"""Fault injection (issue 13): an import killed with SIGKILL at several points, then run again.

Each import runs as its own process on a fresh data folder, killed at a named failpoint
(articles/failpoints.py). Afterwards: nothing is left holding the index's lock, the re-run finishes,
and database and index agree (check_archive), with every article once, none lost, none doubled.
Every step has a timeout, so a hang fails the test instead of stopping the suite.
"""

import fcntl
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from .conftest import ROOT, TODAY
from .invented import write_json

N = 230  # above the 200 at which an import writes the index through its two writer processes
STEP_TIMEOUT = 120


def all_indexed(check_output):
    """check_archive said the database's N articles are all in the index."""
    return f"Database: {N} articles to index (each version of a story counts). Index: {N}." in check_output


def manage(data, *args, failpoint="", timeout=STEP_TIMEOUT):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ARCHIVE_FAILPOINT")}
    env["ARCHIVE_DATA_DIR"] = str(data)
    if failpoint:
        env["ARCHIVE_FAILPOINT"] = failpoint
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A migrated, empty data folder and the file to import, made once for the module."""
    root = tmp_path_factory.mktemp("crash")
    data = root / "template"
    assert manage(data, "migrate", "--noinput").returncode == 0
    return data, write_json(root / "articles.json", N)


def import_args(source, *extra):
    return ("import_articles", str(source), "--no-progress", "--today", TODAY, *extra)


def assert_lock_free(data, within=10):
    """The index's writer lock can be taken: no orphaned writer process holds it."""
    fd = os.open(data / "whoosh_index.writelock", os.O_RDWR | os.O_CREAT)
    try:
        deadline = time.monotonic() + within
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                assert time.monotonic() < deadline, "the index lock is still held after the import died"
                time.sleep(0.1)
    finally:
        os.close(fd)


def articles_in_database(data):
    with sqlite3.connect(data / "archive.sqlite3") as db:
        total, distinct = db.execute("SELECT COUNT(*), COUNT(DISTINCT url) FROM articles_article").fetchone()
    return total, distinct


@pytest.mark.parametrize(
    ("failpoint", "extra"),
    [
        ("analysing:215", ("--jobs", "1")),  # two batches committed, the third being analysed
        ("rows:210", ()),  # inside the third batch's transaction
        ("index-writers:1", ()),  # rows committed, the writer processes at work
        ("commit:1", ()),  # segments written, table of contents not yet
    ],
)
def test_killed_import_is_completed_by_a_rerun(template, tmp_path, failpoint, extra):
    data = tmp_path / "data"
    shutil.copytree(template[0], data)
    source = template[1]

    killed = manage(data, *import_args(source, *extra), failpoint=failpoint)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    assert_lock_free(data)

    rerun = manage(data, *import_args(source))
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert articles_in_database(data) == (N, N)
    check = manage(data, "check_archive")
    assert check.returncode == 0, check.stdout
    assert all_indexed(check.stdout)
    assert not list((data / "whoosh_index").glob("*.tmp")), "a crashed writer's temporary files remain"


def test_an_analysing_worker_that_dies_fails_the_import_clearly_and_a_rerun_finishes(template, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(template[0], data)
    # The first 200 articles are analysed in the importing process; the workers forked after them
    # count on from there, so the 215th kills the worker that analyses it, not the import.
    died = manage(data, *import_args(template[1], "--jobs", "2"), failpoint="analysing:215")
    assert died.returncode == 1, died.stdout + died.stderr[-2000:]
    assert "an analysing worker process died" in died.stderr
    assert_lock_free(data)
    rerun = manage(data, *import_args(template[1]))
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert articles_in_database(data) == (N, N)
    assert all_indexed(manage(data, "check_archive").stdout)


def test_the_server_start_indexes_what_a_killed_import_left(template, tmp_path):
    """gunicorn.conf.py runs ensure_index when the server starts: the to-do list is worked off."""
    from .browser.conftest import free_port

    data = tmp_path / "data"
    shutil.copytree(template[0], data)
    killed = manage(data, *import_args(template[1]), failpoint="commit:1")
    assert killed.returncode == -signal.SIGKILL
    assert f"Index: {N}." not in manage(data, "check_archive").stdout

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ARCHIVE_FAILPOINT")}
    env["ARCHIVE_DATA_DIR"] = str(data)
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "newsarchive.wsgi", "--bind", f"127.0.0.1:{free_port()}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + STEP_TIMEOUT
        while (check := manage(data, "check_archive")).returncode != 0:
            assert time.monotonic() < deadline, check.stdout
            time.sleep(1)
        assert all_indexed(check.stdout)
    finally:
        server.terminate()
        server.wait(timeout=30)
