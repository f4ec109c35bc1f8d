"""Signed links in mails: confirming an address (48 h) and setting a new password (1 h, once).

The links carry no stored secret: itsdangerous signs the user id with the SECRET_KEY and a
salt per purpose, so a confirmation token is no reset token. A reset token is bound to the
password hash it was issued under: once the password changes, every reset link sent before
is void – which makes each one single-use."""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlmodel import Session

from core.models import User
from core.numbers import parse_id

CONFIRM_EMAIL = "landwerk-confirm-email"
RESET_PASSWORD = "landwerk-reset-password"  # noqa: S105  (a salt that names a purpose, no secret)
VALID_FOR = {CONFIRM_EMAIL: timedelta(hours=48), RESET_PASSWORD: timedelta(hours=1)}
TOKEN_MAX = 300  # longer than any token issued here; longer ones are not even unpacked


@dataclass(frozen=True)
class TokenCheck:
    user: User | None
    expired: bool = False


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def _fingerprint(user: User) -> str:
    # Not the hash itself: the link should not carry any part of it.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def _payload(user: User, purpose: str) -> dict:
    payload = {"u": user.id, "e": user.email}
    if purpose == RESET_PASSWORD:
        payload["p"] = _fingerprint(user)
    return payload


def issue(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps(_payload(user, purpose))


def token_id(token: str) -> str:
    """A short name of one token, for the outbox key of the mail that carries it."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def check(db: Session, token: str, purpose: str) -> TokenCheck:
    """The user a valid token stands for; TokenCheck(None) for anything forged, for another
    purpose, for a changed address or (reset) a password changed since; expired=True when
    the signature is right but the time is up."""
    if not token or len(token) > TOKEN_MAX:
        return TokenCheck(None)
    max_age = int(VALID_FOR[purpose].total_seconds())
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        return TokenCheck(None, expired=True)
    except BadSignature:
        return TokenCheck(None)
    if not isinstance(payload, dict):
        return TokenCheck(None)
    number = parse_id(payload.get("u"))
    user = db.get(User, number) if number is not None else None
    if user is None or _payload(user, purpose) != payload:
        return TokenCheck(None)
    return TokenCheck(user)
