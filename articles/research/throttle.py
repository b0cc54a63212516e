"""Failed sign-ins counted per account and per address over a sliding window.

Kept in the database, not the cache: the site runs several gunicorn workers and the default cache is
per process, so a cache count would let an attacker spread guesses across workers. django-axes does
the same with far more machinery (its own middleware, backend and admin); two counts are all we need.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import SignInFailure


def per_account():
    return int(getattr(settings, "ARCHIVE_SIGNIN_FAILURES", 5))


def per_address():
    return int(getattr(settings, "ARCHIVE_SIGNIN_ADDRESS_FAILURES", 20))


def window():
    return timedelta(seconds=int(getattr(settings, "ARCHIVE_SIGNIN_WINDOW", 15 * 60)))


def _key(username):
    # Usernames differ by case only in theory; counting them apart would multiply an attacker's tries.
    return (username or "").strip().lower()[:150]


def client_address(request):
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client says unless a trusted proxy sets it.
    return request.META.get("REMOTE_ADDR") or None


def _recent():
    return SignInFailure.objects.filter(at__gte=timezone.now() - window())


def blocked(username, address):
    """True once either count reached its limit within the window."""
    if _recent().filter(username=_key(username)).count() >= per_account():
        return True
    return bool(address) and _recent().filter(address=address).count() >= per_address()


def record_failure(username, address):
    SignInFailure.objects.filter(at__lt=timezone.now() - window()).delete()
    SignInFailure.objects.create(username=_key(username), address=address)


def clear(username):
    """A successful sign-in forgets the account's failures (the address's stay: they may be others')."""
    SignInFailure.objects.filter(username=_key(username)).delete()
