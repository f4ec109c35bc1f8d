"""The one URL converter for ids: `<id:post_id>` matches ASCII digits from 1 to MAX_ID and
nothing else, so "²", "-1", "0", 2^31 and 2^63 are a 404 before any view or query runs.

The bound is in the regular expression itself, not checked afterwards: a converter that refuses
a value it has matched makes the router answer 405 instead of 404 where another rule of the same
path takes other methods (POST /api/v1/messages/threads/2147483648 beside its GET)."""

from flask import Flask
from werkzeug.routing import BaseConverter

from core.numbers import MAX_ID


def digits_up_to(highest: int) -> str:
    """A regular expression for the numbers 1 to `highest`, in digits without leading zeros."""
    text = str(highest)
    alternatives = [rf"[1-9][0-9]{{0,{len(text) - 2}}}"] if len(text) > 1 else []
    for position, digit in enumerate(text):
        lowest = 1 if position == 0 else 0
        if int(digit) > lowest:
            rest = len(text) - position - 1
            alternatives.append(
                f"{text[:position]}[{lowest}-{int(digit) - 1}]"
                + (f"[0-9]{{{rest}}}" if rest else "")
            )
    alternatives.append(text)
    return "(?:" + "|".join(alternatives) + ")"


class IdConverter(BaseConverter):
    # No leading zeros: one address per row.
    regex = digits_up_to(MAX_ID)

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def init_app(app: Flask) -> None:
    """Before any blueprint is registered: rules find their converter when they are added."""
    app.url_map.converters["id"] = IdConverter
