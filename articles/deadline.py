"""A time budget per request (issue 13: two costly searches held both workers for 12 s each).

The middleware gives each request a deadline; the loops a costly search runs (query evaluation,
Whoosh's own collectors, did-you-mean) call `check()` and give up with DeadlineExceeded once it has
passed, so a worker is free again within the budget. Cooperative, because a Python thread cannot be
interrupted safely from outside; gunicorn's own timeout stays the last resort. Nothing here
imports Django.
"""

import contextlib
import contextvars
import time

_deadline = contextvars.ContextVar("archive_deadline", default=None)


class DeadlineExceeded(Exception):
    """The request ran out of its time budget."""


@contextlib.contextmanager
def budget(seconds):
    """Run the block with a deadline `seconds` from now (an enclosing, earlier deadline stays)."""
    current = _deadline.get()
    deadline = time.monotonic() + seconds
    token = _deadline.set(deadline if current is None else min(current, deadline))
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining():
    """Seconds left (infinity when no deadline is set, as in management commands)."""
    deadline = _deadline.get()
    return float("inf") if deadline is None else deadline - time.monotonic()


def check():
    if remaining() <= 0:
        raise DeadlineExceeded
