"""One guard for every request: a NUL character anywhere in what it sends – the path, the query
string, a form field, a string in a JSON body – is refused with 400 before any view runs.
No text on the platform has one, PostgreSQL cannot even compare with one (a server error, some
before sign-in), and a view cannot forget a check it never has to make."""

from flask import Flask, request
from flask_babel import gettext as _

from core.errors import error_response

NUL = "\x00"


def _carries_nul(value) -> bool:
    """Strings, and JSON's objects and arrays of them (keys included), at any depth."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_carries_nul(key) or _carries_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_carries_nul(item) for item in value)
    return False


def _sent():
    yield request.path
    for fields in (request.args, request.form):
        for name, value in fields.items(multi=True):
            yield name
            yield value
    if request.is_json:
        # Silent: malformed JSON is the view's to refuse (400); its own get_json still raises.
        yield request.get_json(silent=True)


def refuse_nul_characters():
    if any(_carries_nul(value) for value in _sent()):
        return error_response(
            400, _("Die Anfrage enthält ein Nullzeichen. Bitte prüfen Sie Ihre Eingaben.")
        )
    return None


def init_app(app: Flask) -> None:
    """First of the hooks that look at a request (after the upload limits, which say how much
    body may be read): nothing else – CSRF, rate limits, sign-in – runs for such a request."""
    app.before_request(refuse_nul_characters)
