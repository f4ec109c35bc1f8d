"""Importing a partner's RSS or Atom feed as published posts of its organisation.

All or nothing: every entry is checked before the first one is written. Entries imported
before (same entry id, else same link) are skipped, so a feed can be imported again and again.
Bounded: at most FEED_MAX_BYTES are read (file or download), at most ENTRIES_MAX entries, and
no entry dated more than FUTURE_SLACK ahead (a post from 2099 would top the list for ever)."""

import calendar
import hashlib
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core.markdown import clean_html
from core.models import Organisation, utcnow
from stages.bicycle.news.models import (
    BODY_MAX,
    HTML,
    SOURCE_ID_MAX,
    SOURCE_URL_MAX,
    TEASER_MAX,
    TITLE_MAX,
    NewsPost,
)
from stages.bicycle.news.text import plain_text, shorten

FETCH_TIMEOUT = 20  # seconds
FEED_MAX_BYTES = 5 * 1024 * 1024
ENTRIES_MAX = 500
FUTURE_SLACK = timedelta(days=1)  # time zones and clocks that run a little ahead


class FeedImportError(ValueError):
    """The feed cannot be imported; the message says why, in German."""


def _bounded(stream) -> bytes:
    """At most FEED_MAX_BYTES from the stream; one byte more is read only to notice more."""
    data = stream.read(FEED_MAX_BYTES + 1)
    if len(data) > FEED_MAX_BYTES:
        megabytes = FEED_MAX_BYTES / (1024 * 1024)
        raise FeedImportError(f"Der Feed ist größer als {megabytes:g} MB.")
    return data


def read_source(source: str) -> bytes:
    """The feed's bytes, from an http(s) URL or a file."""
    if urlsplit(source).scheme in ("http", "https"):
        # Only http(s) reaches urllib (no file: or ftp: URLs), hence the noqa for S310.
        request = urllib.request.Request(source, headers={"User-Agent": "Landwerk"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310
                return _bounded(response)
        except OSError as error:
            raise FeedImportError(f"Der Feed ließ sich nicht laden: {error}") from error
    try:
        with Path(source).open("rb") as file:
            return _bounded(file)
    except OSError as error:
        raise FeedImportError(f"Die Datei ließ sich nicht lesen: {error}") from error


def parse_feed(data: bytes) -> list:
    parsed = feedparser.parse(data)
    # feedparser reads almost anything; `bozo` says it was not well-formed XML.
    if parsed.bozo or not parsed.version:
        reason = parsed.get("bozo_exception") or "kein RSS- oder Atom-Format"
        raise FeedImportError(f"Das ist kein gültiger RSS- oder Atom-Feed ({reason}).")
    if len(parsed.entries) > ENTRIES_MAX:
        raise FeedImportError(
            f"Der Feed hat {len(parsed.entries)} Einträge, höchstens {ENTRIES_MAX} gehen."
        )
    return parsed.entries


def _source_id(entry, number: int) -> str:
    source_id = (entry.get("id") or entry.get("link") or "").strip()
    if not source_id:
        raise FeedImportError(f"Eintrag {number} hat weder eine ID noch einen Link.")
    if len(source_id) > SOURCE_ID_MAX:
        return "sha256:" + hashlib.sha256(source_id.encode()).hexdigest()
    return source_id


def _web_link(entry) -> str | None:
    link = (entry.get("link") or "").strip()
    if urlsplit(link).scheme in ("http", "https") and len(link) <= SOURCE_URL_MAX:
        return link
    return None


def _published_at(entry, number: int, now: datetime) -> datetime:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed is None:
        return now
    published = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    if published > now + FUTURE_SLACK:
        raise FeedImportError(
            f"Eintrag {number} ist auf den {published:%d.%m.%Y} datiert, "
            "mehr als einen Tag in der Zukunft."
        )
    return published


def _body(entry) -> str:
    contents = entry.get("content") or []
    raw = contents[0].get("value", "") if contents else entry.get("summary", "")
    body = clean_html(raw)
    if len(body) > BODY_MAX:
        # nh3 closes the tags the cut left open; the cut leaves room for them.
        body = clean_html(body[: BODY_MAX - 1000])
    return body


def _post_from(
    entry, number: int, *, organisation: Organisation, place: str, category: str, now: datetime
):
    title = shorten(plain_text(entry.get("title", "")), TITLE_MAX)
    if not title:
        raise FeedImportError(f"Eintrag {number} hat keine Überschrift.")
    return NewsPost(
        organisation_id=organisation.id,
        title=title,
        teaser=shorten(plain_text(entry.get("summary", "")), TEASER_MAX),
        body=_body(entry),  # may be empty: the post then links to its source only
        body_format=HTML,
        municipality=place,
        category=category,
        is_published=True,
        published_at=_published_at(entry, number, now),
        source_id=_source_id(entry, number),
        source_url=_web_link(entry),
    )


def import_feed(
    *,
    db: Session,
    data: bytes,
    organisation: Organisation,
    place: str,
    category: str,
    now: datetime | None = None,
) -> tuple[int, int]:
    """Imports the new entries; returns (imported, already there). Writes nothing on error;
    the error names every entry refused, one sentence each."""
    now = now or utcnow()
    entries = parse_feed(data)
    known = set(
        db.exec(select(NewsPost.source_id).where(NewsPost.organisation_id == organisation.id))
    )
    new_posts, refusals = [], []
    for number, entry in enumerate(entries, start=1):
        try:
            post = _post_from(
                entry, number, organisation=organisation, place=place, category=category, now=now
            )
        except FeedImportError as refusal:
            refusals.append(str(refusal))
            continue
        if post.source_id not in known:
            known.add(post.source_id)
            new_posts.append(post)
    if refusals:
        raise FeedImportError(" ".join(refusals))
    db.add_all(new_posts)
    try:
        db.commit()
    except IntegrityError as error:  # another import of the same feed finished first
        db.rollback()
        raise FeedImportError("Ein gleichzeitiger Import kam dazwischen.") from error
    return len(new_posts), len(entries) - len(new_posts)
