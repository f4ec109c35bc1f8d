"""The QR code of a printed notice, as inline SVG made by segno (no image file, no script)."""

import segno
from markupsafe import Markup


def qr_svg(url: str, label: str) -> Markup:
    code = segno.make(url, error="m")
    svg = code.svg_inline(
        scale=1, border=4, omitsize=True, title=label, svgclass="help-qr", lineclass=None
    )
    # A picture with a name for screen readers; segno escaped the title.
    named = svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" ', 1)
    return Markup(named)  # noqa: S704
