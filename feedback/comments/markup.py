"""Showing what residents wrote: plain text made safe, addresses clickable (core.plaintext)."""

from markupsafe import Markup

from core.plaintext import plain_text_html
from feedback import bp


def comment_html(body: str) -> Markup:
    return plain_text_html(body)


bp.add_app_template_filter(comment_html)
