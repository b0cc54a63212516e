"""Jobs and the server share SQLite's one write lock (issues 12 and 13): a server connection that waits
for the lock announces itself, a job waits after its commit only while someone is announced, and
never longer than its bound."""

import os
import sqlite3
import threading
import time

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from articles import writer_turns


@pytest.fixture
def server_db(tmp_path, monkeypatch, django_db_blocker):
    """A file database opened as the server opens it (the test process counts as a job after the
    session's import: it is a server process again here)."""
    monkeypatch.setattr(writer_turns, "_job", False)
    settings = {**connection.settings_dict, "NAME": str(tmp_path / "archive.sqlite3"), "TEST": {}}
    settings["OPTIONS"] = {"timeout": 10, "transaction_mode": "IMMEDIATE"}
    server = DatabaseWrapper(settings, alias="turns")
    with django_db_blocker.unblock():
        server.ensure_connection()
        writer_turns.announce_writes(None, server)
        server.cursor().execute("CREATE TABLE saves (id INTEGER PRIMARY KEY, what TEXT)")
        yield server, writer_turns.markers(settings)
        server.close()


def held_lock(path):
    job = sqlite3.connect(path, timeout=10, isolation_level=None)
    job.execute("BEGIN IMMEDIATE")
    return job


def test_a_server_write_that_waits_for_the_lock_is_announced_until_it_has_it(server_db):
    server, folder = server_db
    job = held_lock(server.settings_dict["NAME"])  # a job's batch holds the write lock
    saved = threading.Event()

    def save():
        server.inc_thread_sharing()
        server.cursor().execute("INSERT INTO saves (what) VALUES ('curator')")
        saved.set()

    thread = threading.Thread(target=save)
    thread.start()
    deadline = time.monotonic() + 5
    while not writer_turns.writers_waiting(folder) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert writer_turns.writers_waiting(folder), "the waiting save did not announce itself"
    assert not saved.is_set()
    job.execute("COMMIT")  # the batch ends
    thread.join(timeout=10)
    assert saved.is_set()
    assert not writer_turns.writers_waiting(folder), "the marker outlived the save"
    assert list(folder.iterdir()) == []
    job.close()


def test_reads_and_writes_inside_a_held_transaction_are_not_announced(server_db):
    server, folder = server_db
    server.cursor().execute("SELECT count(*) FROM saves")
    assert not folder.exists() or list(folder.iterdir()) == []
    writer_turns._job = True  # a job's own writes never make it wait for itself
    server.cursor().execute("INSERT INTO saves (what) VALUES ('job')")
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_job_goes_on_at_once_when_nobody_waits_and_waits_for_an_announced_writer(server_db, monkeypatch):
    server, folder = server_db
    monkeypatch.setattr(writer_turns, "connection", server)
    order = []
    writer_turns.after_commit()
    order.append("job went on")
    assert order == ["job went on"]  # nobody announced: no pause at all

    order.clear()
    marker = writer_turns.waiting(folder).__enter__()

    def writer_takes_its_turn():
        time.sleep(0.3)
        order.append("writer had its turn")
        marker.__exit__(None, None, None)

    thread = threading.Thread(target=writer_takes_its_turn)
    thread.start()
    writer_turns.after_commit()
    order.append("job went on")
    thread.join()
    assert order == ["writer had its turn", "job went on"]


def test_a_job_waits_no_longer_than_its_bound_nor_for_a_dead_writers_marker(server_db, monkeypatch):
    server, folder = server_db
    monkeypatch.setattr(writer_turns, "connection", server)
    monkeypatch.setattr(writer_turns, "MAX_WAIT_S", 0.2)
    with writer_turns.waiting(folder):  # a writer that never gets its turn (or never lets go)
        started = time.monotonic()
        writer_turns.after_commit()
        assert time.monotonic() - started < 5
    stale = folder / "12345.1"
    stale.touch()
    old = time.time() - writer_turns.STALE_S - 1
    os.utime(stale, (old, old))
    assert not writer_turns.writers_waiting(folder)
