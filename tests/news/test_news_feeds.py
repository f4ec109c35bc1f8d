"""News going out (RSS, Atom) and coming in (import of partner feeds), demo content, and the
service switched off."""

from pathlib import Path

import feedparser
import pytest
from sqlmodel import select

from core import db
from core.audit import Actor
from stages import control
from stages.bicycle.news.models import NewsPost
from tests.news.test_news import make_organisation, make_post, news_body, post_count
from webapp import create_app
from webapp.demo import load_demo as load_platform_demo

DATA = Path(__file__).parent / "data"


@pytest.fixture
def clubs(database):
    gommern = make_organisation(database)
    burg = make_organisation(database, name="Stadtwerke Burg", municipality="burg")
    make_post(database, gommern, title="Gommern alt", days_ago=5)
    make_post(database, burg, title="Burg neu", days_ago=1, body="Mit *Markdown*.")
    make_post(database, burg, title="Kreisweit", municipality="landkreis", days_ago=3)
    make_post(database, burg, title="Burg Entwurf", is_published=False)
    return gommern, burg


# --- feeds out ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content_type", "version"),
    [
        ("/neuigkeiten/feed.rss", "application/rss+xml; charset=utf-8", "rss20"),
        ("/neuigkeiten/feed.atom", "application/atom+xml; charset=utf-8", "atom10"),
    ],
)
def test_feed_parses_back_with_published_posts_newest_first_and_absolute_links(
    client, clubs, path, content_type, version
):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo
    assert feed.version == version
    assert [entry.title for entry in feed.entries] == ["Burg neu", "Kreisweit", "Gommern alt"]
    newest = feed.entries[0]
    assert newest.link.startswith("http://localhost/neuigkeiten/")
    assert "<em>Markdown</em>" in newest.content[0].value
    assert newest.summary == "Kurz: Burg neu"
    assert feed.feed.link == "http://localhost/neuigkeiten/"


def test_feed_of_one_municipality_has_its_posts_and_the_district_wide_ones(client, clubs):
    for path in ("/neuigkeiten/feed.rss?gemeinde=burg", "/neuigkeiten/feed.atom?gemeinde=burg"):
        feed = feedparser.parse(client.get(path).get_data())
        assert [entry.title for entry in feed.entries] == ["Burg neu", "Kreisweit"]
        assert "Burg" in feed.feed.title


def test_feed_of_an_unknown_municipality_is_404(client):
    assert client.get("/neuigkeiten/feed.rss?gemeinde=magdeburg").status_code == 404


def test_list_page_announces_its_feeds(client, clubs):
    head = client.get("/neuigkeiten/?gemeinde=burg").get_data(as_text=True).split("</head>")[0]
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Neuigkeiten (RSS)" '
        'href="http://localhost/neuigkeiten/feed.rss">' in head
    )
    assert 'type="application/atom+xml"' in head
    assert 'href="http://localhost/neuigkeiten/feed.rss?gemeinde=burg"' in head


# --- feeds in ----------------------------------------------------------------------------


def import_feed(runner, name, org="Heimatverein Gommern", *options):
    return runner.invoke(args=["news", "import", str(DATA / name), "--org", org, *options])


def imported(database) -> list[NewsPost]:
    database.expire_all()
    return list(database.exec(select(NewsPost).order_by(NewsPost.published_at.desc())))


def test_rss_import_creates_sanitised_published_posts_that_link_to_their_source(
    runner, database, client
):
    club = make_organisation(database)
    result = import_feed(
        runner, "heimatverein.rss", "Heimatverein Gommern", "--kategorie", "kultur"
    )
    assert result.exit_code == 0, result.output
    assert "3 Beiträge importiert, 0 waren schon da." in result.output
    posts = imported(database)
    assert [post.title for post in posts] == [
        "Tag des offenen Denkmals an der Wasserburg",
        "Arbeitseinsatz im Vereinsgarten",
        "Vortrag über die Steinbrüche",
    ]
    assert all(p.organisation_id == club.id and p.is_published for p in posts)
    assert {(p.municipality, p.category) for p in posts} == {("gommern", "kultur")}
    first = posts[0]
    assert first.source_url == "https://heimatverein-gommern.example/2026/denkmaltag"
    assert first.source_id == "hv-gommern-2026-17"
    assert first.teaser == "Führungen durch die Wasserburg, Kaffee im Burghof."
    page = client.get(f"/neuigkeiten/{first.id}").get_data(as_text=True)
    body = news_body(page)
    assert "<strong>Wasserburg</strong>" in body
    for dangerous in ("<script", "xss", "onerror", 'href="javascript', "<img"):
        assert dangerous not in body
    assert 'href="https://heimatverein-gommern.example/2026/denkmaltag"' in page


def test_importing_the_same_feed_again_adds_nothing(runner, database):
    make_organisation(database)
    assert import_feed(runner, "heimatverein.rss").exit_code == 0
    again = import_feed(runner, "heimatverein.rss")
    assert again.exit_code == 0
    assert "0 Beiträge importiert, 3 waren schon da." in again.output
    assert post_count(database) == 3


def test_the_same_entries_may_be_imported_for_two_organisations(runner, database):
    make_organisation(database)
    make_organisation(database, name="Volksstimme Jerichower Land", municipality="burg")
    import_feed(runner, "heimatverein.rss")
    import_feed(runner, "heimatverein.rss", "Volksstimme Jerichower Land")
    assert post_count(database) == 6


def test_atom_import_takes_content_and_dates_and_drops_iframes(runner, database):
    make_organisation(database, name="Volksstimme Jerichower Land", municipality="burg")
    result = import_feed(
        runner, "zeitung.atom", "Volksstimme Jerichower Land", "--gemeinde", "biederitz"
    )
    assert result.exit_code == 0, result.output
    radweg, dorffest = imported(database)
    assert radweg.title == "Biederitz plant neuen Radweg nach Magdeburg"
    assert radweg.municipality == "biederitz"
    assert radweg.published_at.isoformat() == "2026-10-02T09:15:00+00:00"
    assert radweg.body == "<p>Der Radweg soll <em>2028</em> fertig sein.</p>"
    assert radweg.source_id == "urn:uuid:0f1d2c3b-radweg-biederitz"
    assert dorffest.published_at.isoformat() == "2026-09-20T12:00:00+00:00"


@pytest.mark.parametrize("name", ["keine-feed.html", "abgeschnitten.rss"])
def test_a_file_that_is_not_a_whole_feed_is_refused_and_nothing_written(runner, database, name):
    make_organisation(database)
    result = import_feed(runner, name)
    assert result.exit_code != 0
    assert "kein gültiger RSS- oder Atom-Feed" in result.output
    assert "Es wurde nichts importiert." in result.output
    assert post_count(database) == 0


def test_import_for_an_unknown_organisation_or_missing_file_fails_clearly(runner, database):
    make_organisation(database)
    unknown = import_feed(runner, "heimatverein.rss", "Gibt es nicht")
    assert unknown.exit_code != 0 and "Unbekannte Organisation" in unknown.output
    missing = import_feed(runner, "fehlt.rss")
    assert missing.exit_code != 0 and "Die Datei ließ sich nicht lesen" in missing.output
    assert post_count(database) == 0


# --- demo content ------------------------------------------------------------------------


def test_import_on_a_database_that_is_not_migrated_says_what_to_run(empty_database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": empty_database_url, "SECRET_KEY": "x"})
    try:
        result = import_feed(app.test_cli_runner(), "heimatverein.rss")
    finally:
        app.extensions["db_engine"].dispose()
    assert result.exit_code == 1
    assert "flask --app webapp db upgrade" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_demo_posts_fill_several_pages_are_marked_and_load_only_once(app, runner, database, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    first = post_count(database)
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert post_count(database) == first
    posts = imported(database)
    published = [post for post in posts if post.is_published]
    assert len(published) >= 30
    assert all(post.is_demo for post in posts)
    text = " ".join(post.title + post.body for post in posts)
    for place in ("Burg", "Genthin", "Gommern", "Möckern", "Jerichow", "Biederitz", "Möser"):
        assert place in text
    assert "Seite 1 von 4" in client.get("/neuigkeiten/").get_data(as_text=True)


def test_news_demo_alone_is_idempotent(app, database):
    with app.app_context():
        load_platform_demo(db=db.session(), password="demo-passwort-1")
        db.session().commit()
        count = post_count(database)
        news = next(s for s in app.extensions["services"] if s.key == "news")
        news.load_demo(db.session())
        db.session().commit()
    assert post_count(database) == count


# --- switched off ------------------------------------------------------------------------


def test_killed_news_service_is_unavailable_everywhere(app_factory, database):
    app = app_factory(FLAG_CHECK_INTERVAL=0)
    make_post(database, make_organisation(database), title="Unsichtbar")
    client = app.test_client()
    assert client.get("/neuigkeiten/").status_code == 200
    with app.test_request_context():
        control.kill_service(
            db=db.session(),
            services=app.extensions["services"],
            key="news",
            actor=Actor(id=None, label="chefin@example.org"),
            reason="Test",
        )
    for path in ("/neuigkeiten/", "/neuigkeiten/feed.rss", "/neuigkeiten/feed.atom"):
        assert client.get(path).status_code == 503
