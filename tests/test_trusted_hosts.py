"""Absolute links (feeds, calendar files, structured data) are built from the Host header: the
app answers only the host names it is configured for, and any other with a 400, never a 500."""

from datetime import UTC, datetime

import pytest

from core.models import Organisation
from stages.bicycle.news.models import NewsPost
from webapp import config

PAGES = [
    "/",
    "/neuigkeiten/feed.rss",
    "/neuigkeiten/feed.atom",
    "/veranstaltungen/kalender.ics",
    "/api/v1/openapi.json",
    "/login",
    "/gibt-es-nicht",
]


@pytest.fixture
def app(app_factory):
    return app_factory(TRUSTED_HOSTS=["landwerk.example.de"])


@pytest.fixture
def post(database):
    club = Organisation(name="Heimatverein Gommern", kind="club", municipality="gommern")
    database.add(club)
    database.commit()
    published = NewsPost(
        organisation_id=club.id,
        title="Frühjahrsputz",
        teaser="Alle packen mit an.",
        body="Text",
        municipality="gommern",
        category="vereine",
        is_published=True,
        published_at=datetime(2026, 6, 1, 10, 0, tzinfo=UTC),
    )
    database.add(published)
    database.commit()
    return published


@pytest.mark.parametrize("path", PAGES)
def test_an_untrusted_host_is_answered_400(client, path):
    response = client.get(path, headers={"Host": "angreifer.example"})
    assert response.status_code == 400
    assert "Unbekannte Adresse" in response.get_data(as_text=True)


def test_an_untrusted_host_is_refused_for_writes_and_htmx_too(client):
    headers = {"Host": "angreifer.example", "HX-Request": "true"}
    assert client.post("/login", headers=headers).status_code == 400
    assert client.get("/", headers=headers).status_code == 400


def test_feeds_link_to_the_trusted_host_whatever_port_it_is_reached_on(client, post):
    feed = client.get("/neuigkeiten/feed.rss", headers={"Host": "landwerk.example.de:8443"})
    assert feed.status_code == 200
    assert f"http://landwerk.example.de:8443/neuigkeiten/{post.id}" in feed.get_data(as_text=True)


def test_behind_a_proxy_the_forwarded_host_is_the_one_checked(app_factory, post):
    client = app_factory(TRUSTED_HOSTS=["landwerk.example.de"], PROXY_HOPS=1).test_client()
    forged = client.get(
        "/neuigkeiten/feed.rss",
        headers={"Host": "landwerk.example.de", "X-Forwarded-Host": "angreifer.example"},
    )
    assert forged.status_code == 400
    forwarded = client.get(
        "/neuigkeiten/feed.rss",
        headers={"Host": "127.0.0.1:5101", "X-Forwarded-Host": "landwerk.example.de"},
    )
    assert forwarded.status_code == 200
    assert "http://landwerk.example.de/neuigkeiten/" in forwarded.get_data(as_text=True)


def test_the_default_serves_make_run_on_localhost_and_127_0_0_1(
    app_factory, monkeypatch, tmp_path
):
    monkeypatch.delenv("LANDWERK_TRUSTED_HOSTS", raising=False)
    settings = config.from_environment(str(tmp_path))
    assert settings["TRUSTED_HOSTS"] == ["localhost", "127.0.0.1"]
    client = app_factory(TRUSTED_HOSTS=settings["TRUSTED_HOSTS"]).test_client()
    assert client.get("/", headers={"Host": "127.0.0.1:5000"}).status_code == 200
    assert client.get("/", headers={"Host": "localhost:5000"}).status_code == 200
    assert client.get("/", headers={"Host": "landwerk.example.de"}).status_code == 400


def test_trusted_hosts_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LANDWERK_TRUSTED_HOSTS", " Landwerk.example.de, .landwerk.example.de ,")
    settings = config.from_environment(str(tmp_path))
    assert settings["TRUSTED_HOSTS"] == ["landwerk.example.de", ".landwerk.example.de"]
