"""Answers at the edge of HTTP: redirect targets, methods, JSON bodies, hosts, cookies."""

import pytest
from flask import Flask
from sqlmodel import select

from core.audit import AuditEntry
from core.security import MAX_JSON_DEPTH, BoundedJSONProvider
from tests.conftest import PASSWORD, csrf_token, make_user, post_form
from tests.fake_services import TEST_SERVICES

FORGED_NEXT_TARGETS = [
    "/%0D%0ASet-Cookie:%20x=1",
    "/profil%0A",
    "/\t/evil.example",
    "//evil.example/",
    "/\\evil.example",
    "https://evil.example/",
    "profil",
]


@pytest.mark.parametrize("target", FORGED_NEXT_TARGETS)
def test_login_with_a_forged_next_target_goes_home(client, database, target):
    make_user(database)
    form = {"email": "anna@example.org", "password": PASSWORD}
    response = post_form(client, f"/login?next={target}", form)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "target",
    [t.replace("%0D", "\r").replace("%0A", "\n") for t in FORGED_NEXT_TARGETS],
)
def test_language_switch_with_a_forged_next_target_goes_home(client, target):
    response = post_form(client, "/sprache", {"sprache": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_nul_character_in_a_next_target_is_refused_before_anything_happens(client, database):
    make_user(database)
    form = {"email": "anna@example.org", "password": PASSWORD}
    assert post_form(client, "/login?next=/%00", form).status_code == 400
    assert post_form(client, "/sprache", {"sprache": "en", "next": "/\0"}).status_code == 400
    assert client.get("/profil").status_code == 302  # not signed in
    assert "Die Anfrage war fehlerhaft" in client.get("/%00").get_data(as_text=True)  # German


def test_language_switch_returns_to_a_plain_path_with_its_query(client):
    response = post_form(client, "/sprache", {"sprache": "en", "next": "/ideen?seite=2"})
    assert response.headers["Location"] == "/ideen?seite=2"


def test_a_wrong_method_answers_405_with_the_allowed_methods(client):
    response = client.get("/profil/passwort")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}
    assert "Nicht erlaubt" in response.get_data(as_text=True)


def test_a_wrong_method_in_the_api_answers_405_json_with_the_allowed_methods(client):
    response = client.delete("/api/v1/me", headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert response.get_json()["error"] == 405


@pytest.fixture
def staged(app_factory):
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


def signed_in(app, database, **fields):
    client = app.test_client()
    make_user(database, email="owner@example.org", **fields)
    post_form(client, "/login", {"email": "owner@example.org", "password": PASSWORD})
    return client


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"reason": ' + "[" * 100_000,
        '{"reason": "unterbrochen',
        '{"reason": "Bereit"} nachgeklappt',
    ],
)
def test_a_malformed_or_deeply_nested_owner_body_answers_400_and_changes_nothing(
    staged, database, body
):
    client = signed_in(staged, database, is_product_owner=True)
    response = client.post(
        "/api/v1/services/gamma/promote",
        data=body,
        content_type="application/json",
        headers={"X-CSRFToken": csrf_token(client)},
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == 400
    assert database.exec(select(AuditEntry)).all() == []


def test_json_nested_to_the_limit_is_read_and_deeper_is_refused():
    provider = BoundedJSONProvider(Flask(__name__))
    at_limit = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert provider.loads(at_limit.encode())
    assert provider.loads('{"reason": "[[[[' + "[" * MAX_JSON_DEPTH + '"}') == {
        "reason": "[[[[" + "[" * MAX_JSON_DEPTH
    }
    with pytest.raises(ValueError, match="nested deeper"):
        provider.loads("[" + at_limit + "]")
