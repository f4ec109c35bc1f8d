"""Showing what people wrote as plain text: everything escaped, http(s) addresses clickable,
line breaks kept. Comments and messages show their texts this one way."""

import re
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from core.text import clean_text

_URL = re.compile(r"https?://[^\s<>\"'\x00-\x1f\x7f]+", re.IGNORECASE)


def _without_trailing_punctuation(url: str) -> str:
    # "Siehe https://example.org." – the full stop ends the sentence, not the address.
    url = url.rstrip(".,;:!?")
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1].rstrip(".,;:!?")
    return url


def plain_text_html(body: str) -> Markup:
    """Plain text made safe to show. Nothing but http(s) addresses becomes a link (no
    javascript:, no data:); nothing else is recognised (a phone number stays text). Cleaned
    again, so a text stored before a cleaning rule existed is shown (and linked) as cleaned."""
    body = clean_text(body) or ""
    parts, position = [], 0
    for match in _URL.finditer(body):
        url = _without_trailing_punctuation(match.group())
        if not urlsplit(url).netloc:
            continue
        parts.append(escape(body[position : match.start()]))
        # Markup.format escapes its arguments: the address is text and attribute, both escaped.
        parts.append(Markup('<a href="{0}" rel="nofollow noopener">{0}</a>').format(url))
        position = match.start() + len(url)
    parts.append(escape(body[position:]))
    return Markup("<br>\n").join(Markup("").join(parts).split("\n"))
