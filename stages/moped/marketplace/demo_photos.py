"""The demo's product pictures: drawn here, one a category (its colour and shape), and taken
through the same check and re-encoding as an upload (`photos.encode`), so that the demo shows
what a real photo would look like in every size – without shipping or downloading pictures."""

import io
from functools import cache

from PIL import Image, ImageDraw

from stages.moped.marketplace.photos import Encoded, encode

WIDTH, HEIGHT = 1200, 900
# category → (background, figure colour, figure)
LOOKS = {
    "obst-gemuese": ("#e8f3dc", "#c0392b", "circle"),
    "kartoffeln": ("#f3ead9", "#a67c52", "ellipse"),
    "fleisch-wurst": ("#f7e1de", "#9b2c2c", "rounded"),
    "fisch": ("#dcecf5", "#2e6f95", "fish"),
    "milch-kaese": ("#fbf6e3", "#e0b43a", "wedge"),
    "eier": ("#f6f1e7", "#d9b98a", "egg"),
    "honig-aufstriche": ("#fff4d6", "#d9931e", "hexagon"),
    "brot-backwaren": ("#f4e7d4", "#9c6b3c", "loaf"),
    "getraenke": ("#e4f1ee", "#3f8f7b", "bottle"),
    "pflanzen-blumen": ("#e6f2e1", "#4f8f3a", "flower"),
    "handwerk": ("#ece6f3", "#6b4f96", "square"),
}


def _figure(draw: ImageDraw.ImageDraw, shape: str, colour: str) -> None:
    cx, cy = WIDTH // 2, HEIGHT // 2
    if shape == "circle":
        draw.ellipse((cx - 260, cy - 260, cx + 260, cy + 260), fill=colour)
    elif shape in ("ellipse", "egg"):
        wide, high = (320, 200) if shape == "ellipse" else (200, 280)
        draw.ellipse((cx - wide, cy - high, cx + wide, cy + high), fill=colour)
    elif shape in ("rounded", "loaf"):
        high = 180 if shape == "rounded" else 220
        draw.rounded_rectangle((cx - 340, cy - high, cx + 340, cy + high), 120, fill=colour)
    elif shape == "fish":
        draw.ellipse((cx - 320, cy - 150, cx + 160, cy + 150), fill=colour)
        draw.polygon([(cx + 120, cy), (cx + 340, cy - 170), (cx + 340, cy + 170)], fill=colour)
    elif shape == "wedge":
        draw.polygon(
            [(cx - 340, cy + 200), (cx + 340, cy + 200), (cx + 340, cy - 220)], fill=colour
        )
    elif shape == "hexagon":
        draw.regular_polygon((cx, cy, 280), 6, fill=colour)
    elif shape == "bottle":
        draw.rounded_rectangle((cx - 130, cy - 120, cx + 130, cy + 330), 40, fill=colour)
        draw.rectangle((cx - 45, cy - 330, cx + 45, cy - 100), fill=colour)
    elif shape == "flower":
        for dx, dy in ((0, -170), (170, 0), (0, 170), (-170, 0)):
            draw.ellipse((cx + dx - 130, cy + dy - 130, cx + dx + 130, cy + dy + 130), fill=colour)
        draw.ellipse((cx - 90, cy - 90, cx + 90, cy + 90), fill="#f2c94c")
    else:
        draw.rectangle((cx - 250, cy - 250, cx + 250, cy + 250), fill=colour)


@cache
def category_picture(category: str) -> Encoded:
    """The category's picture, re-encoded like an upload; drawn once a process."""
    background, colour, shape = LOOKS.get(category, LOOKS["handwerk"])
    picture = Image.new("RGB", (WIDTH, HEIGHT), background)
    _figure(ImageDraw.Draw(picture), shape, colour)
    png = io.BytesIO()
    picture.save(png, "PNG", compress_level=1)  # fast to write; encode() re-encodes it anyway
    return encode(png.getvalue())
