"""Rate limits for the API: per IP address for anonymous clients, per account for token holders.

DRF's throttles count requests but tell the client nothing until it is refused; these also note the
limit, what is left and when the window frees a request, and `RateLimitHeadersMixin` sends them as
RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset (the IETF draft's names; seconds for Reset).
DRF adds Retry-After to a 429 itself. Rates come from settings.ARCHIVE_API_RATES at each request, so
they can be changed without touching DRF's class-level cache of its settings.

Counts live in the "shared" cache (a database table): every gunicorn worker reads and writes the same
history for a client, so the allowance does not grow with the number of workers. DRF reads a history
and writes it back; both happen in one transaction, which on SQLite (BEGIN IMMEDIATE, see settings)
holds the write lock, so workers take turns and none misses another's request. On PostgreSQL
(read committed) requests of one client arriving at the same instant on two workers may both pass:
the limit can be exceeded by the number of simultaneous requests, never by the number of workers.
Without the table (an upgrade not yet migrated) the API still answers: it logs the error and counts
per process, as before the table existed.
"""

import logging
import math

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

LIMIT_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
logger = logging.getLogger(__name__)


class _Reporting:
    alias = "shared"

    @property
    def cache(self):
        return caches[self.alias]

    def _count(self, request, view):
        try:
            # The database cache's own table (no router: the archive has one database).
            with transaction.atomic(using=DEFAULT_DB_ALIAS):
                return super().allow_request(request, view)
        except DatabaseError:
            logger.exception("API rate limits: the shared cache cannot be used (run manage.py migrate)")
            self.alias = "default"  # this request only: each throttle object serves one request
            return super().allow_request(request, view)

    def get_rate(self):
        return settings.ARCHIVE_API_RATES[self.scope]

    def allow_request(self, request, view):
        # The rate is read here rather than in __init__ so that each request sees the current setting.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        allowed = self._count(request, view)
        if getattr(self, "key", None) is not None:  # this throttle applies to the client
            used = len(self.history)
            oldest = self.history[-1] if self.history else self.now
            request.rate_limit = {
                "limit": self.num_requests,
                "remaining": max(0, self.num_requests - used),
                "reset": max(0, math.ceil(oldest + self.duration - self.now)),
            }
        return allowed


class AnonymousRateThrottle(_Reporting, AnonRateThrottle):
    """Clients without a token, counted per IP address (REMOTE_ADDR; see REST_FRAMEWORK NUM_PROXIES)."""


class TokenRateThrottle(_Reporting, UserRateThrottle):
    """Signed-in clients (an API token or a session), counted per account at the higher rate."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None  # anonymous clients are AnonymousRateThrottle's
        return super().get_cache_key(request, view)


class RateLimitHeadersMixin:
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        limit = getattr(request, "rate_limit", None)
        if limit is not None:
            response["RateLimit-Limit"] = str(limit["limit"])
            response["RateLimit-Remaining"] = str(limit["remaining"])
            response["RateLimit-Reset"] = str(limit["reset"])
        return response
