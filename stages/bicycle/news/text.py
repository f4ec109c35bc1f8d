"""Turning what partners write (a safe subset of Markdown, `core.markdown`) and what their
feeds send (HTML) into HTML that may be shown."""

import html
import re

import nh3
from markupsafe import Markup

from core.markdown import clean_html, markdown_to_html
from stages.bicycle.news.models import HTML


def body_html(post) -> Markup:
    """The post's body, safe to put into a page or a feed."""
    rendered = clean_html(post.body) if post.body_format == HTML else markdown_to_html(post.body)
    return Markup(rendered)  # noqa: S704  (sanitised by nh3 just above)


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, whitespace collapsed (for teasers of imported posts)."""
    text = html.unescape(nh3.clean(fragment, tags=set()))
    return re.sub(r"\s+", " ", text).strip()


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"
