"""One place decides whether a request gets the whole page or only a fragment."""

from urllib.parse import urlsplit

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


def safe_next_url(target: str | None) -> str | None:
    """A redirect target from a query string, only if it stays on this site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def is_api_request() -> bool:
    return request.path.startswith("/api/")
