"""CSRF protection, rate limits, bounded JSON and the security headers every response carries."""

import hashlib
import json
import re

from flask import Flask, current_app, request
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect
from limits import parse
from werkzeug.exceptions import SecurityError
from werkzeug.wrappers import Response
from werkzeug.wsgi import get_host

from core.errors import Refusal

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)


def per_user() -> str:
    """The rate-limit key of writes others receive: per signed-in person, not per address (a
    whole village may share one mobile network address); the address for visitors."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()

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


def limits_are_per_process(storage_uri: str) -> bool:
    """`memory://` counts in each process: with several workers every limit allows that many
    times its rate. Redis, Memcached and MongoDB count once for all of them."""
    return storage_uri.strip().lower().startswith("memory://")


def _account_key(email: str) -> tuple[str, str]:
    # Hashed: the limit's keys (in Redis, say) need not hold anyone's e-mail address.
    digest = hashlib.sha256(email.encode()).hexdigest()
    return current_app.config.get("RATELIMIT_KEY_PREFIX", "") + "login-account", digest


def refuse_if_account_locked(email: str) -> None:
    """Failed sign-ins per account, on top of those per client address: guessing one person's
    password from many addresses ends here too. Checked before the password, right or wrong."""
    if not limiter.enabled:
        return
    limit = parse(current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"])
    if not limiter.limiter.test(limit, *_account_key(email)):
        raise Refusal(
            _(
                "Zu viele fehlgeschlagene Anmeldeversuche für diese E-Mail-Adresse. "
                "Bitte versuchen Sie es später noch einmal."
            ),
            status=429,
        )


def count_failed_sign_in(email: str) -> None:
    if limiter.enabled:
        limit = parse(current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"])
        limiter.limiter.hit(limit, *_account_key(email))


def mail_allowed(email: str, purpose: str) -> bool:
    """Whether the platform may send this address one more mail asked for by someone
    (MAIL_ADDRESS_RATE_LIMIT per address and purpose); counts the mail when it may."""
    if not limiter.enabled:
        return True
    limit = parse(current_app.config["MAIL_ADDRESS_RATE_LIMIT"])
    namespace, digest = _account_key(email)
    return limiter.limiter.hit(limit, f"{namespace}-mail-{purpose}", digest)


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


UNTRUSTED_HOST = (
    "400 – Unbekannte Adresse: Unter diesem Host-Namen ist die Plattform nicht erreichbar.\n"
    "400 – Unknown address: the platform is not served under this host name.\n"
)


class TrustedHosts:
    """WSGI middleware: a request for a host not in the app's TRUSTED_HOSTS is answered 400
    before Flask sees it. Absolute links are built from the Host header, so any other host
    would put its own address into feeds and calendar files; and Flask's own check, one step
    later, leaves no URL adapter to render an error page with (a 500). Wrap it inside ProxyFix,
    so the host it checks is the one the proxy forwarded."""

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app = wsgi_app
        self.config = app.config

    def __call__(self, environ, start_response):
        trusted = self.config.get("TRUSTED_HOSTS")
        if trusted:
            try:
                get_host(environ, trusted)
            except SecurityError:
                answer = Response(UNTRUSTED_HOST, 400, mimetype="text/plain")
                answer.headers["X-Content-Type-Options"] = "nosniff"
                return answer(environ, start_response)
        return self.wsgi_app(environ, start_response)


class SessionOnlyWhenNeeded(SecureCookieSessionInterface):
    """Flask adds `Vary: Cookie` to every answer whose session was looked at – every page, since
    the sign-in and the language are read from it – so no public page or feed could be cached.
    An answer depends on the cookie only if the request brought one or the answer sets one;
    otherwise it is what every visitor without a cookie gets. (The cookie itself is only set
    when something is stored in the session: a sign-in, a form's CSRF token, a message.)"""

    def save_session(self, app, session, response):
        if not session.modified and self.get_cookie_name(app) not in request.cookies:
            session.accessed = False
        super().save_session(app, session, response)


# Endpoints that take more than MAX_CONTENT_LENGTH (a phone's photo), with their own limit.
UPLOAD_LIMITS: dict[str, int] = {}


def allow_uploads(endpoint: str, limit: int) -> None:
    UPLOAD_LIMITS[endpoint] = limit


def init_upload_limits(app: Flask) -> None:
    """Before every hook that reads a body (the input guard, the CSRF check)."""
    app.before_request(_upload_limit)


def _upload_limit() -> None:
    limit = UPLOAD_LIMITS.get(request.endpoint or "")
    if limit is not None:
        request.max_content_length = limit


def init_app(app: Flask) -> None:
    app.json = BoundedJSONProvider(app)
    app.session_interface = SessionOnlyWhenNeeded()
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
