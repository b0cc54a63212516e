"""Gunicorn reads this file from the working folder (`make run`, `make serve`, the browser tests).

When the server starts, `ensure_index` runs beside it: what a crashed import or edit left on the
index's to-do list is indexed, and a damaged index is rebuilt (issue 13). The site serves meanwhile;
search pages say so while the index cannot be read.
"""

import subprocess
import sys
from pathlib import Path


def when_ready(server):
    manage = Path(__file__).resolve().parent / "manage.py"
    server.log.info("Checking the search index against the database (manage.py ensure_index)")
    subprocess.Popen([sys.executable, str(manage), "ensure_index", "-v", "0"], stdin=subprocess.DEVNULL)


def post_worker_init(worker):
    """Build the tagger and the search arrays before the first reader waits for them (and before
    their few seconds count against that reader's time budget)."""
    import contextlib

    from articles.search import SearchParams, run_search
    from articles.tagging import current_tagger

    with contextlib.suppress(Exception):  # a damaged index: the pages say so, the worker still serves
        run_search(SearchParams(sort="newest"), tagger=current_tagger())
