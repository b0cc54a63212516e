"""Stopping and starting the local cluster's nodes (its control port), one outage at a time.

Several test runs may share one local cluster (developers' checkouts, `make test-solr` beside a
benchmark): two of them stopping different nodes at once would leave no node at all. A stop takes an
exclusive lock on a file every checkout sees (the system's temporary folder) and the matching start
gives it back once the node is live again and every replica of every collection is active, so
outages queue instead of overlapping.
"""

import fcntl
import os
import tempfile
import time
import urllib.request
from pathlib import Path

from articles.search.solr.admin import SolrAdmin

CONTROL_PORT = os.environ.get("SOLR_CONTROL_PORT", "8989")
CONTROL = f"http://127.0.0.1:{CONTROL_PORT}"
LOCK = Path(tempfile.gettempdir()) / f"archive-solr-outage-{CONTROL_PORT}.lock"
NODE_URLS = [
    f"http://127.0.0.1:{port.strip()}/solr" for port in os.environ.get("SOLR_PORTS", "8983,8984").split(",")
]
WAIT_FOR_TURN_S = 900
RECOVERY_S = 180
_held = None  # the open lock file while this process has a node stopped


def _post(action):
    request = urllib.request.Request(f"{CONTROL}{action}", method="POST")
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read().decode()


def control(action: str) -> str:
    """POST /nodes/N/stop or /nodes/N/start to the control port; stops queue behind other outages."""
    global _held
    if action.endswith("/stop") and _held is None:
        held = LOCK.open("a")
        waited = time.monotonic() + WAIT_FOR_TURN_S
        while True:
            try:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > waited:
                    held.close()
                    raise TimeoutError(f"another outage test held {LOCK} for {WAIT_FOR_TURN_S} s") from None
                time.sleep(1)
        _held = held
    answer = _post(action)
    if action.endswith("/start") and _held is not None:
        try:
            _recovered()
        finally:
            _held.close()  # closing releases the lock
            _held = None
    return answer


def _recovered():
    """Every node live and every replica of every collection active (bounded)."""
    deadline = time.monotonic() + RECOVERY_S
    while time.monotonic() < deadline:
        try:
            admin = SolrAdmin(NODE_URLS[0], timeout=30)
            if len(admin.live_nodes()) == len(NODE_URLS) and all(
                admin.health(name).complete for name in admin.collections()
            ):
                return
        except Exception:  # a node still starting
            pass
        time.sleep(1)
