"""A visitor's public pages, feeds and API answers set no cookie and do not vary by cookie, so
they can be cached; a session starts only when something needs it: a form's CSRF token, a
sign-in, a chosen language, a gradual rollout that must stay the same for the visitor."""

import pytest

from core import db
from core.audit import Actor
from stages import control
from tests.conftest import make_user, post_form
from tests.fake_services import TEST_SERVICES

PUBLIC = [
    "/",
    "/neuigkeiten/",
    "/neuigkeiten/feed.rss",
    "/neuigkeiten/feed.atom",
    "/veranstaltungen/",
    "/veranstaltungen/kalender.ics",
    "/verzeichnis/",
    "/roadmap",
    "/ideen",
    "/impressum",
    "/api/v1/services",
    "/api/v1/openapi.json",
    "/diskussion?subject=service:news",
]


def varies_by_cookie(response) -> bool:
    return "cookie" in {
        value.strip().lower() for value in response.headers.get("Vary", "").split(",")
    }


@pytest.mark.parametrize("path", PUBLIC)
def test_a_visitors_public_page_sets_no_cookie_and_does_not_vary_by_it(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert not varies_by_cookie(response)
    assert 'name="csrf-token"' not in response.get_data(as_text=True)


def test_the_sign_in_and_registration_pages_carry_their_csrf_token(client, database):
    for path in ("/login", "/registrieren"):
        response = client.get(path)
        assert "Set-Cookie" in response.headers
        assert '<meta name="csrf-token" content="' in response.get_data(as_text=True)
    make_user(database)
    assert client.post("/login", data={"email": "anna@example.org"}).status_code == 400
    signed_in = post_form(
        client, "/login", {"email": "anna@example.org", "password": "sicheres-passwort-1"}
    )
    assert signed_in.status_code == 302


def test_signed_in_pages_carry_the_token_for_htmx_and_vary_by_cookie(client, auth, database):
    make_user(database)
    auth.login()
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert '<meta name="csrf-token" content="' in page
    assert 'hx-headers=\'{"X-CSRFToken": "' in page
    assert varies_by_cookie(response)


def test_a_visitor_switches_the_language_without_a_token(client):
    response = client.post("/sprache", data={"sprache": "en", "next": "/"})
    assert response.status_code == 302
    assert "Set-Cookie" in response.headers  # the choice is kept in the session
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


@pytest.fixture
def staged(app_factory):
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


def set_rollout(app, percent):
    with app.test_request_context():
        control.set_rollout(
            db=db.session(),
            services=TEST_SERVICES,
            actor=Actor(None, "test"),
            key="alpha",
            percent=percent,
        )


def test_a_visitor_gets_an_id_only_while_a_service_is_rolled_out_gradually(staged):
    assert "Set-Cookie" not in staged.test_client().get("/").headers
    set_rollout(staged, 50)
    gradual = staged.test_client().get("/")
    assert "Set-Cookie" in gradual.headers and varies_by_cookie(gradual)
    set_rollout(staged, 100)
    assert "Set-Cookie" not in staged.test_client().get("/").headers
