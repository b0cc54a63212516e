"""One request at a time in the search engine of a process, and a home page that never waits for it.

Gunicorn runs threaded workers (gunicorn.conf.py) so that slow requests do not hold every worker
(issue 13: two costly searches made the home page wait 21 s). The Whoosh engine, though, is built
for one request per process: its open searcher is shared and closed when the index changes, its
facet arrays are rebuilt in place, and Whoosh reads a segment file by seek-then-read on one shared
file object. So requests that may reach the engine pass this gate, one per process at a time (the
same as a synchronous worker, for them); everything else (article pages, the admin, static files)
runs beside them in the worker's other threads. The home page does not queue: when the engine is
busy it shows the figures this process computed last (a moment old), and it waits only when it has
none yet. The Solr engine is a remote service that serves many requests at once: with it the gate
stands open. Waiting for the gate is bounded (`ARCHIVE_ENGINE_WAIT_S`, then 503) and does not count
against the request's time budget (the deadline middleware comes after this one).
"""

import logging
import threading

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import failpoints

logger = logging.getLogger(__name__)
_gate = threading.Lock()
_latest = {}  # name -> the last result fresh_or_latest computed in this process

# Paths whose views never touch the engine's shared state (article pages and citations read the
# database; the admin's curation opens searchers of its own). The home page manages the gate itself.
ENGINE_FREE = ("/a/", "/admin/", "/i18n/")


class EngineBusy(Exception):
    """The engine stayed busy past ARCHIVE_ENGINE_WAIT_S."""


def _acquire():
    failpoints.mark("engine-wait")
    if not _gate.acquire(timeout=settings.ARCHIVE_ENGINE_WAIT_S):
        raise EngineBusy
    failpoints.hold("engine")  # tests: a search that stays in the engine until they release it


def _gated():
    return settings.ARCHIVE_SEARCH_ENGINE == "whoosh"


def fresh_or_latest(name, compute):
    """`compute()` through the gate when it is free; when another request is in the engine, the
    result this process computed last under `name`; with none yet, wait for the gate."""
    if not _gated():
        return compute()
    if _gate.acquire(blocking=False):
        try:
            result = _latest[name] = compute()
            return result
        finally:
            _gate.release()
    if name in _latest:
        return _latest[name]
    _acquire()
    try:
        result = _latest[name] = compute()
        return result
    finally:
        _gate.release()


class EngineGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.free = (settings.STATIC_URL, *ENGINE_FREE)

    def __call__(self, request):
        if request.path == "/" or request.path.startswith(self.free) or not _gated():
            return self.get_response(request)
        try:
            _acquire()
        except EngineBusy:
            return self.busy(request)
        # Streamed downloads (exports) take their ids from the engine in the view, then read only the
        # database while they are sent: the turn ends with the view.
        try:
            return self.get_response(request)
        finally:
            _gate.release()

    def process_exception(self, request, exception):
        if isinstance(exception, EngineBusy):  # the home page, waiting for its first figures
            return self.busy(request)
        return None

    @staticmethod
    def busy(request):
        logger.warning(
            "No turn in the search engine within %s s: %s", settings.ARCHIVE_ENGINE_WAIT_S, request.path
        )
        message = _("The archive is busy with other searches. Try again in a moment.")
        if request.GET.get("format") == "json" or request.path.startswith("/api/"):
            from django.http import JsonResponse

            response = JsonResponse({"error": message}, status=503, json_dumps_params={"ensure_ascii": False})
        else:
            response = render(request, "503.html", {"message": message}, status=503)
        response["Retry-After"] = "5"
        return response
