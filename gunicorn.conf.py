"""Gunicorn reads this file from the working folder (`make run`, `make serve`, the soak, the tests).

Two worker processes with four threads each (issue 13: two slow searches held both synchronous
workers and the home page waited). Requests that reach the search engine take turns in their
process (articles/engine_gate.py: the Whoosh engine serves one request per process at a time); the
home page, article pages and the admin are served beside them by the other threads.

When the server starts, `ensure_index` runs beside it: what a crashed import or edit left on the
index's to-do list is indexed, and a damaged index is rebuilt (issue 13). The site serves meanwhile;
search pages say so while the index cannot be read.
"""

import subprocess
import sys
from pathlib import Path

workers = 2
worker_class = "gthread"
threads = 4


def when_ready(server):
    manage = Path(__file__).resolve().parent / "manage.py"
    server.log.info("Checking the search index against the database (manage.py ensure_index)")
    subprocess.Popen([sys.executable, str(manage), "ensure_index", "-v", "0"], stdin=subprocess.DEVNULL)


def post_worker_init(worker):
    """Build the tagger, the search arrays and the home page's figures before the first reader
    waits for them (and before their few seconds count against that reader's time budget)."""
    import contextlib

    from articles.indexing import index_edits_in_background
    from articles.search import SearchParams, run_search
    from articles.tagging import current_tagger
    from articles.views import home_results

    index_edits_in_background()  # a curator's save answers without waiting for the index writer

    with contextlib.suppress(Exception):  # a damaged index: the pages say so, the worker still serves
        run_search(SearchParams(sort="newest"), tagger=current_tagger())
        home_results()


def worker_exit(server, worker):
    """Give edits still waiting for the index writer a moment (they stay on the to-do list anyway)."""
    import contextlib

    with contextlib.suppress(Exception):
        from articles.indexing import wait_for_catch_up

        wait_for_catch_up(timeout=10)
