"""CSRF protection, rate limits, bounded JSON and the security headers every response carries."""

import json
import re

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# Deeper than any body the platform reads; the parser recurses, so 100,000 brackets would
# exhaust the stack (a RecursionError, answered 500) instead of being refused as malformed.
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _too_deep(text: str) -> bool:
    depth = 0
    for bracket in _JSON_BRACKET.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            return True
    return False


class BoundedJSONProvider(DefaultJSONProvider):
    """Every JSON the app reads (request bodies with `get_json`) has a bounded nesting depth;
    deeper is a ValueError like any malformed JSON, which a request answers with 400."""

    def loads(self, s: str | bytes, **kwargs):
        if isinstance(s, bytes):
            s = s.decode(json.detect_encoding(s))
        if _too_deep(s):
            raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        return super().loads(s, **kwargs)


def init_app(app: Flask) -> None:
    app.json = BoundedJSONProvider(app)
    csrf.init_app(app)
    limiter.init_app(app)
    app.after_request(_security_headers)


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response
