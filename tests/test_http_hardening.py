"""Answers at the edge of HTTP: redirect targets, methods, JSON bodies, hosts, cookies."""

import pytest

from tests.conftest import PASSWORD, csrf_token, make_user, post_form

FORGED_NEXT_TARGETS = [
    "/%0D%0ASet-Cookie:%20x=1",
    "/profil%0A",
    "/\t/evil.example",
    "/%00",
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
    [t.replace("%0D", "\r").replace("%0A", "\n").replace("%00", "\0") for t in FORGED_NEXT_TARGETS],
)
def test_language_switch_with_a_forged_next_target_goes_home(client, target):
    response = post_form(client, "/sprache", {"sprache": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


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
