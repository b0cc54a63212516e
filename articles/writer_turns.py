"""Long jobs make room for the server: they let a waiting writer in between batches, and take less CPU.

SQLite has one writer at a time and no queue: a connection that finds the database locked polls
(every 100 ms once it has waited a while, up to the busy timeout). A job that begins its next batch
the instant it commits the last can keep an admin save waiting for as long as the job runs (issue 13:
a curator's action waited up to 30 s behind an import). So a server process that is about to write
announces it (a marker file beside the database, for as long as it waits for the lock), and a job,
after each commit, waits while anyone is announced: the waiter's next poll finds the lock free. Jobs
no longer pause when nobody waits (issue 12: fixed pauses cost an import of 115,015 records 126 s of
806). PostgreSQL locks rows, not the database: no waiting.

Jobs also lower their CPU priority (`ARCHIVE_JOB_NICE`, 10; 0 keeps it): their analysing and index
writer processes inherit it, so on a busy machine the server's readers are served first and the job
takes a little longer (issue 13: search p95 under 1 s while an import and a re-tagging run).
"""

import os
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

# A job gives a waiting writer this long at most after each commit (one busy-handler poll is 100 ms).
MAX_WAIT_S = 2.0
POLL_S = 0.01
# A marker older than this was left by a process that died while waiting: ignored.
STALE_S = 60.0
_WRITES = ("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE", "INSERT", "UPDATE", "DELETE", "REPLACE")

_job = False


def lower_priority():
    """Once per process (a test suite calls many commands in one). Marks the process as a job: its
    own writes are not announced (a job never waits for itself)."""
    global _job
    increment = int(getattr(settings, "ARCHIVE_JOB_NICE", 10))
    if increment > 0 and not _job:
        os.nice(increment)
    _job = True


def markers(settings_dict) -> Path | None:
    """The folder where writers of this SQLite database announce themselves (None: not a shared file)."""
    name = str(settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    return Path(f"{name}-writers")


def announce_writes(sender, connection, **kwargs):
    """connection_created: a server's SQLite connection announces each wait for the write lock."""
    if connection.vendor != "sqlite" or getattr(connection, "_archive_announces", False):
        return
    folder = markers(connection.settings_dict)
    if folder is None:
        return

    def announced(execute, sql, params, many, context):
        # Transactions begin IMMEDIATE: inside one the lock is held already, so only its BEGIN and
        # autocommit writes can wait for it.
        if _job or (connection.in_atomic_block and not sql.startswith("BEGIN")):
            return execute(sql, params, many, context)
        if not sql.lstrip()[:15].upper().startswith(_WRITES):
            return execute(sql, params, many, context)
        with waiting(folder):
            return execute(sql, params, many, context)

    connection.execute_wrappers.append(announced)
    connection._archive_announces = True


class waiting:
    """A marker file naming this thread, present while it waits for (and takes) the write lock."""

    def __init__(self, folder: Path):
        self.path = folder / f"{os.getpid()}.{threading.get_ident()}"

    def __enter__(self):
        try:
            self.path.parent.mkdir(exist_ok=True)
            self.path.touch()
        except OSError:  # a read-only folder: the write goes on unannounced (the old behaviour)
            self.path = None
        return self

    def __exit__(self, *exc):
        if self.path is not None:
            self.path.unlink(missing_ok=True)


def writers_waiting(folder: Path) -> bool:
    now = time.time()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    if now - entry.stat().st_mtime < STALE_S:
                        return True
                except FileNotFoundError:  # gone between listing and stat: it got its turn
                    continue
    except FileNotFoundError:
        return False
    return False


def after_commit():
    """Called by a job after each batch it commits: while a server writer is announced, wait (up to
    MAX_WAIT_S) so that it takes the lock before the job's next batch does."""
    if connection.vendor != "sqlite":
        return
    folder = markers(connection.settings_dict)
    if folder is None:
        return
    deadline = time.monotonic() + MAX_WAIT_S
    while writers_waiting(folder) and time.monotonic() < deadline:
        time.sleep(POLL_S)
