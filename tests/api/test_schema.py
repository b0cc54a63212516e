"""The OpenAPI document is generated from the code, valid, and has a readable docs page served locally."""

import re

import pytest
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

OPERATIONS = {
    "/api/v1/search/",
    "/api/v1/articles/{id}/",
    "/api/v1/entities/",
    "/api/v1/entities/{key}/",
    "/api/v1/outlets/",
    "/api/v1/outlets/{slug}/",
    "/api/v1/topics/",
    "/api/v1/topics/{slug}/",
    "/api/v1/timeline/",
}


def test_openapi_json_is_valid_and_covers_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.oai.openapi+json"
    )
    schema = response.json()
    validate_schema(schema)  # raises on a document that breaks the OpenAPI 3 JSON schema
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == OPERATIONS
    search = schema["paths"]["/api/v1/search/"]["get"]
    names = {p["name"] for p in search["parameters"]}
    assert {"q", "outlet", "topic", "month", "entity", "source", "date_from", "date_to", "sort"} <= names
    assert {"page_size", "cursor"} <= names
    assert {"200", "400", "429"} <= set(search["responses"])
    page_size = next(p for p in search["parameters"] if p["name"] == "page_size")
    assert page_size["schema"]["maximum"] == 100
    assert schema["components"]["securitySchemes"]["tokenAuth"]["type"] == "apiKey"


def test_docs_page_loads_everything_from_this_site(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "https://" not in html and "http://" not in html
    scripts = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert scripts
    for url in scripts:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
        else:
            assert url == "/api/v1/docs/?script="
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and b"/api/v1/openapi.json" in script.content


def test_the_docs_page_alone_allows_inline_styles_and_still_no_inline_script(client):
    # Swagger UI sets style elements from its script; every other page keeps style-src 'self'.
    docs = client.get("/api/v1/docs/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in docs and "script-src 'self';" in docs
    assert "style-src 'self';" in client.get("/api/v1/outlets/")["Content-Security-Policy"]
