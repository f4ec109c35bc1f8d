"""The signed token of an unsubscribe link: which person and which kinds of mail it switches
off. Signed with the SECRET_KEY (itsdangerous), so it needs no sign-in and nothing stored; it
names the address it was sent to, so a link to an address changed since does nothing."""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlmodel import Session

from core.models import User
from core.numbers import parse_id
from feedback.notifications.preferences import BY_KEY

PURPOSE = "landwerk-unsubscribe"
# An old mail's link still works for a good while; the settings page always does.
VALID_FOR = timedelta(days=90)
TOKEN_MAX = 400  # longer than any token issued here; longer ones are not even unpacked


@dataclass(frozen=True)
class Unsubscribe:
    user: User | None  # None: forged, for another account or address, or expired
    kinds: tuple[str, ...] = ()
    expired: bool = False


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=PURPOSE)


def issue(user: User, kinds) -> str:
    return _serializer().dumps({"u": user.id, "e": user.email, "k": sorted(kinds)})


def check(db: Session, token: str) -> Unsubscribe:
    if not token or len(token) > TOKEN_MAX:
        return Unsubscribe(None)
    try:
        payload = _serializer().loads(token, max_age=int(VALID_FOR.total_seconds()))
    except SignatureExpired:
        return Unsubscribe(None, expired=True)
    except BadSignature:
        return Unsubscribe(None)
    if not isinstance(payload, dict) or not isinstance(payload.get("k"), list):
        return Unsubscribe(None)
    kinds = tuple(kind for kind in payload["k"] if kind in BY_KEY)
    number = parse_id(payload.get("u"))
    user = db.get(User, number) if number is not None else None
    if user is None or user.email != payload.get("e") or not kinds:
        return Unsubscribe(None)
    return Unsubscribe(user, kinds)
