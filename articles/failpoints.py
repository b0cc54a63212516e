"""Named points where the fault-injection tests kill an import (issue 13), like `kill -9` would.

`ARCHIVE_FAILPOINT=name:n` kills this process (SIGKILL: nothing is cleaned up, no handler runs) the
n-th time it reaches `reached("name")`; unset, a call costs one dictionary look-up. Points:
`analysing` (an article analysed, before its batch is written), `rows` (an article saved inside
its batch's transaction), `index-writers` (the index's writer processes have work in hand; the
parent dies, as when the import is killed), `commit` (the segments are written, the table of
contents not yet).

`ARCHIVE_HOLD=FOLDER` is for tests of the server under load: a request reaching `hold("engine")`
(it holds the search engine's gate, articles/engine_gate.py) writes a file named after the point
into FOLDER and waits until FOLDER/release exists (60 s at most); `mark(name)` only writes the file.
Unset, both return at once.
"""

import os
import signal
import threading
import time
from pathlib import Path

_point, _, _count = os.environ.get("ARCHIVE_FAILPOINT", "").partition(":")
_seen = {}
_hold_folder = os.environ.get("ARCHIVE_HOLD", "")
HOLD_LIMIT_S = 60


def reached(name, pid=None):
    """Kill this process (or `pid`) when the configured failpoint is reached for the n-th time."""
    if name != _point:
        return
    _seen[name] = _seen.get(name, 0) + 1
    if _seen[name] == int(_count or 1):
        os.kill(pid or os.getpid(), signal.SIGKILL)


def mark(name):
    """Say (with a file in ARCHIVE_HOLD) that a request reached this point."""
    if _hold_folder:
        (Path(_hold_folder) / f"{name}.{os.getpid()}.{threading.get_ident()}").touch()


def hold(name):
    """Mark, then wait until the test writes ARCHIVE_HOLD/release."""
    if not _hold_folder:
        return
    mark(name)
    release = Path(_hold_folder) / "release"
    end = time.monotonic() + HOLD_LIMIT_S
    while not release.exists() and time.monotonic() < end:
        time.sleep(0.05)
