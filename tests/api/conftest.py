import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def fresh_rate_limits(request):
    """Rate-limit counters live in the shared cache (a database table): every test that reaches the
    database starts with a full allowance."""
    if request.node.get_closest_marker("django_db") is None:
        yield
        return
    caches["shared"].clear()
    yield
    caches["shared"].clear()
