"""Long jobs make room for the server: a pause between batches for saves, less CPU for readers.

SQLite has one writer at a time and no queue: a connection that finds the database locked polls
(every 100 ms once it has waited a while, up to the busy timeout). A job that begins its next batch
the instant it commits the last can keep an admin save waiting for as long as the job runs (issue 13:
a curator's action waited up to 30 s behind an import). Pausing a little longer than one poll
after each commit lets the waiting writer in. PostgreSQL locks rows, not the database: no pause.

Jobs also lower their CPU priority (`ARCHIVE_JOB_NICE`, 10; 0 keeps it): their analysing and index
writer processes inherit it, so on a busy machine the server's readers are served first and the job
takes a little longer (issue 13: search p95 under 1 s while an import and a re-tagging run).
"""

import os
import time

from django.conf import settings
from django.db import connection

PAUSE_S = 0.11


_lowered = False


def lower_priority():
    """Once per process (a test suite calls many commands in one)."""
    global _lowered
    increment = int(getattr(settings, "ARCHIVE_JOB_NICE", 10))
    if increment > 0 and not _lowered:
        os.nice(increment)
        _lowered = True


def after_commit():
    if connection.vendor == "sqlite":
        time.sleep(PAUSE_S)
