"""News from partners is text, not markup, in the feeds going out; a partner's feed coming in is
bounded (bytes, entries) and cannot date its posts into the future."""

from datetime import UTC, datetime

import feedparser
import pytest

from stages.bicycle.news import importer
from stages.bicycle.news.importer import FeedImportError, import_feed
from tests.news.test_news import make_organisation, make_post, post_count

PLAIN_TITLE = "<b>Fett</b> & Co"
PLAIN_TEASER = "Heute <b>nicht</b> fett & <script>x</script>"


@pytest.fixture
def marked_up_post(database):
    club = make_organisation(database)
    return make_post(database, club, title=PLAIN_TITLE, teaser=PLAIN_TEASER)


def test_rss_carries_plain_titles_and_teasers_as_text_for_html_reading_readers(
    client, marked_up_post
):
    feed = feedparser.parse(client.get("/neuigkeiten/feed.rss").get_data())
    entry = feed.entries[0]
    # RSS readers read both as HTML: escaped once more, they show the characters as written.
    assert entry.title_detail.type == "text/html"
    assert entry.title == "&lt;b&gt;Fett&lt;/b&gt; &amp; Co"
    assert entry.summary_detail.type == "text/html"
    assert (
        entry.summary == "Heute &lt;b&gt;nicht&lt;/b&gt; fett &amp; &lt;script&gt;x&lt;/script&gt;"
    )


def test_atom_says_the_title_is_text_and_escapes_the_html_summary(client, marked_up_post):
    feed = feedparser.parse(client.get("/neuigkeiten/feed.atom").get_data())
    entry = feed.entries[0]
    assert entry.title_detail.type == "text/plain"
    assert entry.title == PLAIN_TITLE
    assert entry.summary_detail.type == "text/html"
    assert (
        entry.summary == "Heute &lt;b&gt;nicht&lt;/b&gt; fett &amp; &lt;script&gt;x&lt;/script&gt;"
    )


# --- feeds in ----------------------------------------------------------------------------


def rss(*items: tuple[str, str]) -> str:
    """An RSS feed of (guid, pubDate) items."""
    entries = "".join(
        f"<item><title>Beitrag {guid}</title><guid>{guid}</guid>"
        f"<link>https://verein.example/{guid}</link><pubDate>{date}</pubDate></item>"
        for guid, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Verein</title><link>https://verein.example/</link>{entries}</channel></rss>"
    )


def import_text(runner, tmp_path, text: str):
    feed = tmp_path / "feed.rss"
    feed.write_text(text, encoding="utf-8")
    return runner.invoke(args=["news", "import", str(feed), "--org", "Heimatverein Gommern"])


def test_entries_dated_more_than_a_day_ahead_are_refused_each_named_and_nothing_written(
    runner, database, tmp_path
):
    make_organisation(database)
    result = import_text(
        runner,
        tmp_path,
        rss(
            ("a", "Mon, 01 Jun 2026 10:00:00 +0000"),
            ("b", "Thu, 01 Jan 2099 10:00:00 +0000"),
            ("c", "Fri, 02 Jan 2099 10:00:00 +0000"),
        ),
    )
    assert result.exit_code != 0
    assert "Eintrag 2 ist auf den 01.01.2099 datiert" in result.output
    assert "Eintrag 3 ist auf den 02.01.2099 datiert" in result.output
    assert "Es wurde nichts importiert." in result.output
    assert post_count(database) == 0


def test_an_entry_a_few_hours_ahead_is_taken_more_than_a_day_is_not(database):
    club = make_organisation(database)
    now = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    soon = rss(("bald", "Mon, 01 Jun 2026 20:00:00 +0000")).encode()
    assert import_feed(
        db=database, data=soon, organisation=club, place="gommern", category="vereine", now=now
    ) == (1, 0)
    later = rss(("spaeter", "Tue, 02 Jun 2026 12:01:00 +0000")).encode()
    with pytest.raises(FeedImportError, match="Eintrag 1 ist auf den 02.06.2026 datiert"):
        import_feed(
            db=database,
            data=later,
            organisation=club,
            place="gommern",
            category="vereine",
            now=now,
        )


def test_a_feed_with_more_entries_than_the_cap_is_refused(runner, database, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "ENTRIES_MAX", 3)
    make_organisation(database)
    dates = [(str(n), "Mon, 01 Jun 2026 10:00:00 +0000") for n in range(4)]
    result = import_text(runner, tmp_path, rss(*dates))
    assert result.exit_code != 0
    assert "Der Feed hat 4 Einträge, höchstens 3 gehen." in result.output
    assert post_count(database) == 0


def test_a_file_larger_than_the_limit_is_refused_without_reading_it_whole(
    runner, database, tmp_path, monkeypatch
):
    monkeypatch.setattr(importer, "FEED_MAX_BYTES", 1024 * 1024)
    make_organisation(database)
    padding = "<!--" + "x" * (1024 * 1024) + "-->"
    result = import_text(runner, tmp_path, rss(("a", "Mon, 01 Jun 2026 10:00:00 +0000")) + padding)
    assert result.exit_code != 0
    assert "Der Feed ist größer als 1 MB." in result.output
    assert post_count(database) == 0


def test_a_download_is_read_only_up_to_the_limit(monkeypatch):
    class EndlessFeed:
        read_sizes = []

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, size=-1):
            self.read_sizes.append(size)
            assert size > 0, "the whole download must never be asked for"
            return b"x" * size

    monkeypatch.setattr(importer.urllib.request, "urlopen", lambda *a, **k: EndlessFeed())
    with pytest.raises(importer.FeedImportError, match="größer als 5 MB"):
        importer.read_source("https://verein.example/feed.rss")
    assert EndlessFeed.read_sizes == [importer.FEED_MAX_BYTES + 1]
