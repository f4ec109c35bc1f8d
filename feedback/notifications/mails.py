"""Notification mails: one at once for a kind the person wants "sofort" (recorded in the
notification's own transaction, under a key of its own: never sent twice), and what the
weekly digest shares with it – the links, the unsubscribe headers (RFC 2369 and RFC 8058's
one-click), the check who may get mail at all.

Links are built from PUBLIC_URL, not from a request: the digest runs in the task queue, and
a notification made by a scheduled step has no request either."""

from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from sqlmodel import Session

from core import mail
from core.models import User
from core.numbers import parse_id
from core.rendering import safe_next_url
from feedback.models import Notification
from feedback.notifications import preferences, unsubscribe, wording
from feedback.notifications.wording import PAGE


def public_url(endpoint: str, **values) -> str:
    base = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def link_of(notification: Notification) -> str:
    """Where the notification leads, as a full address; the list of notifications when its
    subject names nothing that has a page."""
    kind, _sep, key = notification.subject.partition(":")
    if kind == "service" and key:
        return public_url("feedback.service_page", key=key)
    if kind == "idea" and parse_id(key) is not None:
        return public_url("feedback.idea_page", idea_id=parse_id(key))
    path = safe_next_url(notification.subject.removeprefix(PAGE))
    if notification.subject.startswith(PAGE) and path:
        return current_app.config["PUBLIC_URL"].rstrip("/") + path
    return public_url("feedback.notification_list")


def may_receive(user: User | None) -> bool:
    """Only a confirmed address gets notification mails."""
    return user is not None and user.email_verified


def language_of(user: User) -> str:
    return user.language if user.language in current_app.config["LANGUAGES"] else "de"


def account_stamp(user: User) -> str:
    """For mail keys: SQLite gives a deleted account's id to the next one."""
    return f"{user.id}:{user.created_at:%Y%m%d%H%M%S%f}"


def unsubscribe_context(user: User, kinds) -> tuple[dict[str, str], dict[str, str]]:
    """The headers that let a mail program offer "Abbestellen" (one click, no sign-in), and
    the links the mail shows for the same and for the settings."""
    link = public_url("feedback.unsubscribe_page", token=unsubscribe.issue(user, kinds))
    headers = {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    links = {
        "unsubscribe_link": link,
        "settings_link": public_url("feedback.email_settings"),
    }
    return headers, links


def mail_instantly(db: Session, notification: Notification) -> bool:
    """Connected to every new notification (in its transaction, before the commit): the mail
    when its person wants this kind at once. False when they do not, or it was sent before."""
    kind = preferences.kind_of(notification.kind)
    if preferences.delivery(db, notification.user_id, kind.key) != preferences.INSTANT:
        return False
    user = db.get(User, notification.user_id)
    if not may_receive(user):
        return False
    if notification.id is None:
        db.flush()  # its id names the mail
    language = language_of(user)
    with force_locale(language):
        (text,) = wording.messages(db, [notification])
    headers, links = unsubscribe_context(user, [kind.key])
    message = mail.compose(
        to=user.email,
        language=language,
        template="feedback/mail/notification",
        subject=kind.subject,
        headers=headers,
        name=user.display_name,
        text=text,
        link=link_of(notification),
        kind_label=kind.label,
        **links,
    )
    return mail.send_after_commit(
        db, key=f"notification:{account_stamp(user)}:{notification.id}", message=message
    )
