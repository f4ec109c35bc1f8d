"""The one URL converter for ids: `<id:post_id>` matches ASCII digits from 1 to MAX_ID and
nothing else, so "²", "-1", "0", 2^31 and 2^63 are a 404 before any view or query runs."""

from flask import Flask
from werkzeug.routing import BaseConverter, ValidationError

from core.numbers import MAX_ID, parse_id


class IdConverter(BaseConverter):
    # No leading zeros: one address per row. Longer than MAX_ID's digits never matches.
    regex = rf"[1-9][0-9]{{0,{len(str(MAX_ID)) - 1}}}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValidationError()  # no match: the router answers 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def init_app(app: Flask) -> None:
    """Before any blueprint is registered: rules find their converter when they are added."""
    app.url_map.converters["id"] = IdConverter
