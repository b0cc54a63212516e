import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the cache: every test starts with a full allowance."""
    cache.clear()
    yield
    cache.clear()
