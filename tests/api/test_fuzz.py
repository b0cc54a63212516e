"""Schema-driven fuzz of /api/v1/openapi.json (schemathesis), in-process against the WSGI app.

Bounded and repeatable: 20 derandomised examples per operation. Every response must be a non-5xx
whose status, content type and body the schema documents.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_connection_per_test():
    # The WSGI app is called directly, not through Django's test client, which would keep the test's
    # connection open: Django closes it when a request finishes, and on PostgreSQL the next request
    # would find the test transaction's connection closed.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def generous_limits(settings):
    # Rate limits are tested elsewhere: here they would only turn examples into 429s.
    settings.ARCHIVE_API_RATES = {"anon": "100000/min", "user": "100000/min"}


def _schema():
    # Loaded at collection: the document is generated from the code and needs no database.
    from newsarchive.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


schema = _schema()


@schema.parametrize()
@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case):
    case.call_and_validate(checks=CHECKS)
