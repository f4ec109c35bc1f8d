"""RSS 2.0 and Atom feeds of the published posts, built with feedgen.

Titles and teasers are plain text. Feed readers read RSS titles and descriptions as HTML, so
there they go in escaped; Atom says the type of each text, and its title is plain text.

XML cannot carry control characters: they are left out of every text, and an entry the
generator still cannot write is left out of the feed (and logged) – one post never takes the
feed down for everyone."""

from html import escape

from feedgen.feed import FeedGenerator
from flask import current_app, url_for

from core.text import without_control_characters as xml_text
from stages.bicycle.news.models import NewsPost
from stages.bicycle.news.service import category_name
from stages.bicycle.news.text import body_html

FEED_SIZE = 30
RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"


def build_feed(
    *,
    posts: list[NewsPost],
    organisations: dict[int, str],
    title: str,
    description: str,
    list_url: str,
    self_url: str,
    for_rss: bool,
) -> FeedGenerator:
    """`posts` newest first; every link absolute, as feed readers need. `for_rss`: the
    generator writes RSS (titles escaped as HTML), else Atom."""
    feed = FeedGenerator()
    feed.id(list_url)
    feed.title(title)
    feed.subtitle(description)  # RSS needs a description; feedgen takes it from here
    feed.link(href=self_url, rel="self")
    feed.link(href=list_url, rel="alternate")  # feedgen gives RSS the link added last
    feed.language("de")
    feed.generator("Landwerk")
    if posts:
        feed.updated(max(post.updated_at for post in posts))
    for post in posts:
        entry = feed.add_entry(order="append")
        try:
            _fill(entry, post, organisations.get(post.organisation_id, ""), for_rss=for_rss)
            # What writing the feed does with each entry: a ValueError here, not for everyone.
            if for_rss:
                entry.rss_entry()
            else:
                entry.atom_entry()
        except ValueError:
            current_app.logger.exception("News post %s left out of the feed", post.id)
            feed.remove_entry(entry)
    return feed


def _fill(entry, post: NewsPost, organisation: str, *, for_rss: bool) -> None:
    url = url_for("news.detail", post_id=post.id, _external=True)
    title = xml_text(post.title)
    entry.id(url)
    entry.guid(url, permalink=True)
    entry.title(escape(title) if for_rss else title)
    entry.link(href=url)
    entry.author(name=xml_text(organisation))
    entry.category(term=post.category, label=category_name(post.category))
    entry.published(post.published_at)
    entry.updated(post.updated_at)
    if post.teaser:
        entry.summary(escape(xml_text(post.teaser)), type="html")
    entry.content(xml_text(str(body_html(post))), type="html")
