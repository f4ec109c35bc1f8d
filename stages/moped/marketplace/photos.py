"""Photos of products and producers: an upload is only taken if Pillow reads it as a JPEG, PNG
or WebP picture of sensible size, and it is never stored as sent – it is re-encoded as JPEG in
two sizes (for phones and for wide screens), which drops every metadata block (EXIF with GPS
position, camera, comments) and anything hidden after the picture. SVG is not a picture here:
it is a document that can carry scripts."""

import io
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import Refusal

UPLOAD_MAX = 8 * 1024 * 1024  # bytes: a phone's photo
PIXELS_MAX = 24_000_000  # a 24-megapixel camera; larger pictures are refused before decoding
FORMATS = {"JPEG", "PNG", "WEBP"}
SIZES = {"klein": 480, "gross": 1200}  # longest side in pixels
QUALITY = 82
PHOTOS_MAX = 4  # per product, and per producer


class PhotoRefused(Refusal):
    status = 422


@dataclass(frozen=True)
class Encoded:
    small: bytes
    large: bytes
    width: int  # of the large one
    height: int


def _checked(data: bytes) -> Image.Image:
    if len(data) > UPLOAD_MAX:
        raise PhotoRefused(_("Das Foto ist zu groß (höchstens 8 MB)."))
    try:
        picture = Image.open(io.BytesIO(data))  # reads the header only
        if picture.format not in FORMATS:
            raise PhotoRefused(_("Bitte laden Sie ein Foto als JPEG, PNG oder WebP hoch."))
        if picture.width * picture.height > PIXELS_MAX:
            raise PhotoRefused(_("Das Foto hat zu viele Pixel (höchstens 24 Megapixel)."))
        picture.verify()  # a truncated or forged file fails here
        picture = Image.open(io.BytesIO(data))
        picture.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise PhotoRefused(_("Diese Datei ist kein lesbares Foto.")) from None
    return picture


def _jpeg(picture: Image.Image, longest: int) -> bytes:
    copy = picture.copy()
    copy.thumbnail((longest, longest))
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=QUALITY, optimize=True)  # no exif=…: no metadata
    return out.getvalue()


def encode(data: bytes) -> Encoded:
    """The upload, checked and re-encoded; PhotoRefused (422, German) otherwise."""
    picture = _checked(data)
    upright = ImageOps.exif_transpose(picture).convert("RGB")  # turned as the camera meant
    large = _jpeg(upright, SIZES["gross"])
    width, height = Image.open(io.BytesIO(large)).size
    return Encoded(small=_jpeg(upright, SIZES["klein"]), large=large, width=width, height=height)
