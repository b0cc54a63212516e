"""Long jobs pause a moment between their batch transactions, so that a waiting save gets its turn.

SQLite has one writer at a time and no queue: a connection that finds the database locked polls
(every 100 ms once it has waited a while, up to the busy timeout). A job that begins its next batch
the instant it commits the last can keep an admin save waiting for as long as the job runs (issue 13:
a curator's action waited up to 30 s behind an import). Pausing a little longer than one poll
after each commit lets the waiting writer in. PostgreSQL locks rows, not the database: no pause.
"""

import time

from django.db import connection

PAUSE_S = 0.11


def after_commit():
    if connection.vendor == "sqlite":
        time.sleep(PAUSE_S)
