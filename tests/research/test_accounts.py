"""Sign-in, throttling, sign-up, password validators, revocation of sessions."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from articles.research.models import SignedInSession, SignInFailure

from .conftest import PASSWORD

LOGIN = "/research/sign-in/"


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_sign_in_page_is_bengali_first_and_linked_from_every_page(client, db):
    home = client.get("/")
    assert reverse("research:login").encode() in home.content
    page = client.get(LOGIN)
    assert page.status_code == 200
    assert "সাইন ইন" in page.content.decode()


def test_sign_in_and_out(client, researcher):
    response = sign_in(client, "rina", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("research:account")
    account = client.get("/research/")
    assert account.status_code == 200 and "rina" in account.content.decode()
    assert SignedInSession.objects.filter(user=researcher).count() == 1
    client.post("/research/sign-out/")
    assert client.get("/research/").status_code == 302
    assert SignedInSession.objects.filter(user=researcher).count() == 0


def test_wrong_password_is_refused_and_counted(client, researcher):
    response = sign_in(client, "rina", "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert SignInFailure.objects.filter(username="rina").count() == 1


@pytest.mark.parametrize("limit", [3])
def test_throttled_per_account_after_n_failures(client, researcher, settings, limit):
    settings.ARCHIVE_SIGNIN_FAILURES = limit
    settings.ARCHIVE_SIGNIN_ADDRESS_FAILURES = 100
    for n in range(limit):
        # From different addresses: the account's own count stops them.
        assert sign_in(client, "RINA" if n else "rina", "wrong", address=f"10.0.1.{n}").status_code == 200
    refused = sign_in(client, "rina", PASSWORD, address="10.0.2.1")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not affected by rina's count.
    User.objects.create_user("mita", password=PASSWORD)
    assert sign_in(client, "mita", PASSWORD, address="10.0.2.1").status_code == 302


def test_throttled_per_address_after_n_failures(client, researcher, settings):
    settings.ARCHIVE_SIGNIN_FAILURES = 100
    settings.ARCHIVE_SIGNIN_ADDRESS_FAILURES = 4
    for n in range(4):
        sign_in(client, f"guess{n}", "wrong", address="10.9.9.9")
    assert sign_in(client, "rina", PASSWORD, address="10.9.9.9").status_code == 429
    assert sign_in(client, "rina", PASSWORD, address="10.9.9.10").status_code == 302


def test_throttle_window_passes(client, researcher, settings):
    settings.ARCHIVE_SIGNIN_FAILURES = 2
    for _ in range(2):
        sign_in(client, "rina", "wrong")
    assert sign_in(client, "rina", PASSWORD).status_code == 429
    settings.ARCHIVE_SIGNIN_WINDOW = 0
    assert sign_in(client, "rina", PASSWORD).status_code == 302


def test_success_clears_the_account_count(client, researcher, settings):
    settings.ARCHIVE_SIGNIN_FAILURES = 3
    for _ in range(2):
        sign_in(client, "rina", "wrong")
    assert sign_in(client, "rina", PASSWORD).status_code == 302
    assert not SignInFailure.objects.filter(username="rina").exists()


def test_signup_is_off_by_default(client, db):
    assert client.get("/research/sign-up/").status_code == 404
    assert client.post("/research/sign-up/", {"username": "x"}).status_code == 404
    assert reverse("research:signup").encode() not in client.get(LOGIN).content


def test_signup_when_allowed_makes_a_researcher(client, db, settings):
    settings.ARCHIVE_SIGNUP = True
    assert reverse("research:signup").encode() in client.get(LOGIN).content
    response = client.post(
        "/research/sign-up/",
        {"username": "nadia", "email": "", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(username="nadia")
    assert list(user.groups.values_list("name", flat=True)) == ["researchers"]
    assert not user.is_staff
    assert client.get("/research/").status_code == 200


@pytest.mark.parametrize(
    "password, problem",
    [("12345678901", "numeric"), ("password", "common"), ("nadia2", "short"), ("nadianadia", "similar")],
)
def test_signup_passwords_meet_the_validators(client, db, settings, password, problem):
    settings.ARCHIVE_SIGNUP = True
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        "/research/sign-up/",
        {"username": "nadianadia", "email": "", "password1": password, "password2": password},
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="nadianadia").exists()
    words = {
        "numeric": "entirely numeric",
        "common": "too common",
        "short": "too short",
        "similar": "too similar",
    }
    assert words[problem] in response.content.decode()


def test_sign_out_everywhere_ends_other_sessions(researcher):
    phone, laptop = Client(), Client()
    for c, address in ((phone, "10.1.1.1"), (laptop, "10.1.1.2")):
        assert sign_in(c, "rina", PASSWORD, address).status_code == 302
    assert phone.get("/research/").status_code == 200
    response = laptop.post("/research/sign-out-everywhere/")
    assert response.status_code == 302
    assert phone.get("/research/").status_code == 302  # the phone's session is gone too
    assert laptop.get("/research/").status_code == 302
    assert not SignedInSession.objects.filter(user=researcher).exists()


def test_sign_out_everywhere_needs_post(signed_in):
    assert signed_in.get("/research/sign-out-everywhere/").status_code == 405
    assert signed_in.get("/research/").status_code == 200


def test_a_researcher_revokes_their_api_token_and_the_api_refuses_it(signed_in, researcher):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=researcher)
    api = Client()
    assert api.get("/api/v1/outlets/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
    assert b"revoke" in signed_in.get(reverse("research:account")).content.lower()
    response = signed_in.post("/research/token/revoke/")
    assert response.status_code == 302
    assert not Token.objects.filter(user=researcher).exists()
    assert api.get("/api/v1/outlets/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 401


def test_a_researcher_makes_an_api_token_sees_it_once_and_replaces_it(signed_in, researcher):
    from rest_framework.authtoken.models import Token

    made = signed_in.post("/research/token/new/")
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    key = Token.objects.get(user=researcher).key
    assert key in made.content.decode() and "এখনই কপি করে রাখুন" in made.content.decode()
    later = signed_in.get(reverse("research:account")).content.decode()
    assert key not in later and "আপনার একটি এপিআই টোকেন আছে" in later  # the key is shown only once
    api = Client()
    allowed = api.get("/api/v1/outlets/", HTTP_AUTHORIZATION=f"Token {key}")
    assert allowed.status_code == 200
    assert allowed["RateLimit-Limit"] != api.get("/api/v1/outlets/")["RateLimit-Limit"]  # the higher rate
    replaced = signed_in.post("/research/token/new/")
    new_key = Token.objects.get(user=researcher).key
    assert new_key != key and new_key in replaced.content.decode()
    assert api.get("/api/v1/outlets/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert api.get("/api/v1/outlets/", HTTP_AUTHORIZATION=f"Token {new_key}").status_code == 200
    assert signed_in.get("/research/token/new/").status_code == 405


def test_making_a_token_needs_an_account(client, db):
    response = client.post("/research/token/new/")
    assert response.status_code == 302 and reverse("research:login") in response["Location"]
