"""The mails of an account: the confirmation link, "you have an account already", the
password reset link. Each is recorded in the outbox under a key of its own (core.mail)."""

import secrets

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from core import email_tokens, mail
from core.models import User


def send_confirmation(db: Session, user: User) -> None:
    token = email_tokens.issue(user, email_tokens.CONFIRM_EMAIL)
    mail.send(
        db,
        # The account's creation time: SQLite gives a deleted account's id to the next one.
        key=f"verify:{user.id}:{user.created_at:%Y%m%d%H%M%S%f}:{email_tokens.token_id(token)}",
        to=user.email,
        language=user.language,
        template="mail/confirm_email",
        subject=_l("Bitte bestätigen Sie Ihre E-Mail-Adresse"),
        name=user.display_name,
        link=url_for("accounts.confirm_email", token=token, _external=True),
    )


def send_known_address(db: Session, user: User) -> None:
    """Someone registered with an address that has an account: its owner hears of it (and
    how to get back in); the page said the same as for a new address."""
    mail.send(
        db,
        key=f"registered-again:{user.id}:{secrets.token_hex(8)}",
        to=user.email,
        language=user.language,
        template="mail/known_address",
        subject=_l("Sie haben schon ein Konto bei Landwerk"),
        name=user.display_name,
        login_link=url_for("accounts.login", _external=True),
        reset_link=url_for("accounts.forgot_password", _external=True),
    )


def send_password_reset(db: Session, user: User) -> None:
    token = email_tokens.issue(user, email_tokens.RESET_PASSWORD)
    mail.send(
        db,
        key=f"reset:{user.id}:{email_tokens.token_id(token)}",
        to=user.email,
        language=user.language,
        template="mail/reset_password",
        subject=_l("Ein neues Passwort für Landwerk"),
        name=user.display_name,
        link=url_for("accounts.reset_password", token=token, _external=True),
    )
