"""Named points where the fault-injection tests kill an import (issue 13), like `kill -9` would.

`ARCHIVE_FAILPOINT=name:n` kills this process (SIGKILL: nothing is cleaned up, no handler runs) the
n-th time it reaches `reached("name")`; unset, a call costs one dictionary look-up. Points:
`analysing` (an article analysed, before its batch is written), `rows` (an article saved inside
its batch's transaction), `index-writers` (the index's writer processes have work in hand; the
parent dies, as when the import is killed), `commit` (the segments are written, the table of
contents not yet).
"""

import os
import signal

_point, _, _count = os.environ.get("ARCHIVE_FAILPOINT", "").partition(":")
_seen = {}


def reached(name, pid=None):
    """Kill this process (or `pid`) when the configured failpoint is reached for the n-th time."""
    if name != _point:
        return
    _seen[name] = _seen.get(name, 0) + 1
    if _seen[name] == int(_count or 1):
        os.kill(pid or os.getpid(), signal.SIGKILL)
