"""News from partners is text, not markup, in the feeds going out; a partner's feed coming in is
bounded (bytes, entries) and cannot date its posts into the future."""

import feedparser
import pytest

from tests.test_news import make_organisation, make_post

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
    assert entry.summary == "Heute &lt;b&gt;nicht&lt;/b&gt; fett &amp; &lt;script&gt;x&lt;/script&gt;"


def test_atom_says_the_title_is_text_and_escapes_the_html_summary(client, marked_up_post):
    feed = feedparser.parse(client.get("/neuigkeiten/feed.atom").get_data())
    entry = feed.entries[0]
    assert entry.title_detail.type == "text/plain"
    assert entry.title == PLAIN_TITLE
    assert entry.summary_detail.type == "text/html"
    assert entry.summary == "Heute &lt;b&gt;nicht&lt;/b&gt; fett &amp; &lt;script&gt;x&lt;/script&gt;"
