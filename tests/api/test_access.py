"""Rate limits with their headers, API tokens with a higher limit, CORS for GET on /api/ only."""

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings):
    settings.ARCHIVE_API_RATES = {"anon": "3/min", "user": "6/min"}


def test_anonymous_clients_see_their_allowance_then_get_429(client, low_rates):
    remaining = []
    for _ in range(3):
        response = client.get("/api/v1/outlets/")
        assert response.status_code == 200
        assert response["RateLimit-Limit"] == "3"
        assert 0 < int(response["RateLimit-Reset"]) <= 60
        remaining.append(int(response["RateLimit-Remaining"]))
    assert remaining == [2, 1, 0]
    refused = client.get("/api/v1/search/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused["RateLimit-Remaining"] == "0"
    assert "throttled" in refused.json()["detail"].lower()


def test_the_limit_is_per_address(client, low_rates):
    for _ in range(3):
        client.get("/api/v1/topics/", REMOTE_ADDR="192.0.2.1")
    assert client.get("/api/v1/topics/", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/api/v1/topics/", REMOTE_ADDR="192.0.2.2").status_code == 200
    # A client cannot claim another address with X-Forwarded-For (no proxy is configured).
    spoofed = client.get("/api/v1/topics/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert spoofed.status_code == 429


def test_a_token_gets_the_higher_limit_and_can_be_revoked(client, low_rates):
    researcher = User.objects.create_user("researcher", password="a long enough passphrase")
    token = Token.objects.create(user=researcher)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    statuses = [client.get("/api/v1/topics/", **auth).status_code for _ in range(6)]
    assert statuses == [200] * 6
    last = client.get("/api/v1/topics/", **auth)
    assert last.status_code == 429
    # Anonymous requests from the same address have their own, smaller allowance.
    anonymous = client.get("/api/v1/topics/")
    assert anonymous.status_code == 200 and anonymous["RateLimit-Limit"] == "3"
    token.delete()
    revoked = client.get("/api/v1/topics/", **auth)
    assert revoked.status_code == 401 and "token" in revoked.json()["detail"].lower()


def test_cors_allows_any_origin_to_get_the_api(client):
    response = client.get("/api/v1/outlets/", HTTP_ORIGIN="https://notebook.example.edu")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "RateLimit-Remaining" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/search/",
        HTTP_ORIGIN="https://notebook.example.edu",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_cors_stays_off_the_rest_of_the_site(client):
    response = client.get("/", HTTP_ORIGIN="https://notebook.example.edu")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_admins_issue_and_revoke_tokens_in_admin(admin_client):
    researcher = User.objects.create_user("reader", password="another long passphrase")
    listing = admin_client.get("/admin/authtoken/tokenproxy/")
    assert listing.status_code == 200
    added = admin_client.post("/admin/authtoken/tokenproxy/add/", {"user": researcher.pk})
    assert added.status_code == 302
    token = Token.objects.get(user=researcher)
    deleted = admin_client.post(f"/admin/authtoken/tokenproxy/{token.user_id}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not Token.objects.filter(user=researcher).exists()


def test_the_schema_is_documentation_and_not_counted(client, low_rates):
    documents = [client.get("/api/v1/openapi.json") for _ in range(5)]
    assert all(d.status_code == 200 and "RateLimit-Limit" not in d for d in documents)
    assert documents[0].json() == documents[-1].json()
    assert client.get("/api/v1/topics/")["RateLimit-Remaining"] == "2"
