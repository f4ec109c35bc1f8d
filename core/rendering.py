"""One place decides whether a request gets the whole page or only a fragment."""

import re

from flask import render_template, request
from flask_htmx import HTMX

htmx = HTMX()


def wants_fragment() -> bool:
    # Boosted links and history restores (Back after a cache miss) send HX-Request too, and
    # still want the whole page.
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(page: str, fragment: str | None = None, **context) -> str:
    """Render the full page, or only its fragment for an htmx request that asked for one."""
    if fragment is not None and wants_fragment():
        return render_template(fragment, **context)
    return render_template(page, **context)


# A plain path on this site: "/" and then no second slash, backslash, whitespace or control
# character (CR/LF in a Location header is a server error; browsers read "/\x" as "//x", another
# site). Query strings of this site's own paths pass, as browsers percent-encode their spaces.
_PLAIN_PATH = re.compile(r"/(?![/\\])[^\\\s\x00-\x1f\x7f-\x9f]*")


def safe_next_url(target: str | None) -> str | None:
    """A redirect target from a query string or form, only if it is a plain path on this site."""
    if not target or not _PLAIN_PATH.fullmatch(target):
        return None
    return target


def is_api_request() -> bool:
    return request.path.startswith("/api/")
