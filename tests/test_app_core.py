"""The app core: German pages, security headers, configuration, the migration check."""

import re

import pytest
from flask import url_for
from sqlalchemy import text

from core import db
from core.security import CONTENT_SECURITY_POLICY
from tests.conftest import make_user, post_form
from webapp import create_app


def test_home_page_is_german_and_carries_a_csrf_meta_tag_once_signed_in(client, auth, database):
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="de">' in page
    assert "Zum Inhalt springen" in page
    assert '<meta name="csrf-token" content="' not in page  # a visitor's page needs none
    make_user(database)
    auth.login()
    page = client.get("/").get_data(as_text=True)
    assert '<meta name="csrf-token" content="' in page
    assert 'hx-headers=\'{"X-CSRFToken": "' in page


def test_every_response_carries_the_security_headers(client):
    response = client.get("/")
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_htmx_is_served_from_static(client):
    response = client.get("/static/vendor/htmx.min.js")
    assert response.status_code == 200
    assert b"htmx" in response.data
    response.close()


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [("/gibt-es-nicht", 404, "Seite nicht gefunden"), ("/profil/passwort", 405, "Nicht erlaubt")],
)
def test_error_pages_are_german(client, path, status, words):
    response = client.get(path)
    assert response.status_code == status
    assert words in response.get_data(as_text=True)


def test_htmx_request_gets_the_error_in_the_message_region(client):
    response = client.get("/gibt-es-nicht", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#meldungen"
    assert "<html" not in response.get_data(as_text=True)


def test_unexpected_error_shows_the_german_500_page(app):
    @app.route("/kaputt")
    def broken():
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/kaputt")
    assert response.status_code == 500
    assert "Da ist etwas schiefgegangen" in response.get_data(as_text=True)


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch, database_url):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("LANDWERK_INSTANCE_PATH", str(tmp_path))
    first = create_app({"DATABASE_URL": database_url})
    second = create_app({"DATABASE_URL": database_url})
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").read_text().strip() == first.config["SECRET_KEY"]
    for created in (first, second):
        created.extensions["db_engine"].dispose()


def test_secret_key_from_environment_wins(tmp_path, monkeypatch, database_url):
    monkeypatch.setenv("SECRET_KEY", "aus-der-umgebung")
    monkeypatch.setenv("LANDWERK_INSTANCE_PATH", str(tmp_path))
    created = create_app({"DATABASE_URL": database_url})
    assert created.config["SECRET_KEY"] == "aus-der-umgebung"
    assert not (tmp_path / "secret_key").exists()
    created.extensions["db_engine"].dispose()


def test_session_cookie_is_httponly_and_lax_and_secure_behind_https(app_factory, monkeypatch):
    monkeypatch.setenv("LANDWERK_HTTPS", "true")
    app = app_factory()
    response = app.test_client().get("/login")  # a page with a form starts the session
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" in cookie


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'neu.db'}"})
    with app.app_context(), db.engine().connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    app.extensions["db_engine"].dispose()


def test_app_refuses_a_database_that_is_behind(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'leer.db'}"})
    response = app.test_client().get("/")
    assert response.status_code == 503
    assert "flask --app webapp db upgrade" in response.get_data(as_text=True)
    app.extensions["db_engine"].dispose()


def test_language_switch_to_english_and_back(client):
    response = post_form(client, "/sprache", {"sprache": "en", "next": "/login"})
    assert response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Sign in" in page
    post_form(client, "/sprache", {"sprache": "de"})
    assert '<html lang="de">' in client.get("/").get_data(as_text=True)


def test_language_switch_ignores_unknown_languages_and_foreign_targets(client):
    response = post_form(client, "/sprache", {"sprache": "fr", "next": "https://example.org/"})
    assert response.headers["Location"] == "/"
    assert '<html lang="de">' in client.get("/").get_data(as_text=True)


def test_every_page_names_its_icon_and_the_icon_is_served(client):
    page = client.get("/").get_data(as_text=True)
    href = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page).group(1)
    with client.get(href) as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
        assert icon.get_data(as_text=True).startswith("<svg")


def test_apps_share_url_builders_and_each_builds_its_own_urls(app_factory):
    """tests/url_builders.py: the second app reuses the first one's compiled builders, and
    each still builds with its own converters and defaults."""
    first, second = app_factory(), app_factory(SERVER_NAME="landwerk.example")
    with first.test_request_context():
        assert url_for("events.detail", event_id=7) == "/veranstaltungen/7"
        assert url_for("news.index", seite=2) == "/neuigkeiten/?seite=2"
    with second.app_context():
        assert url_for("events.detail", event_id=7, _external=True) == (
            "http://landwerk.example/veranstaltungen/7"
        )
    rules = [app.url_map._rules_by_endpoint["events.detail"][0] for app in (first, second)]
    assert rules[0] is not rules[1] and rules[0]._build.__func__ is rules[1]._build.__func__
