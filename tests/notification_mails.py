"""What the tests of notification mails share: choosing kinds, making notifications, reading
the outbox and the unsubscribe link of a caught mail."""

import re

from sqlmodel import select

from core.db import all_or_nothing
from core.mail import OutboxMail
from feedback.models import EmailPreference
from feedback.notifications import preferences
from feedback.notifications.service import notify

UNSUBSCRIBE = re.compile(r"^<(http://127\.0\.0\.1:5000/benachrichtigungen/abbestellen/([^>]+))>$")


def choose(database, user, **choices) -> None:
    with all_or_nothing(database):
        preferences.save(database, user.id, choices)


def stored(database, user) -> dict[str, str]:
    database.expire_all()
    rows = database.exec(select(EmailPreference).where(EmailPreference.user_id == user.id))
    return {row.kind: row.delivery for row in rows}


def notify_now(app, database, user, kind="reply", subject="service:news", title="Neuigkeiten"):
    """A notification as a service makes it: in a transaction of its own, without a request."""
    with app.app_context():
        notification = notify(database, user_id=user.id, kind=kind, subject=subject, title=title)
        database.commit()
    return notification


def outbox(database) -> list[OutboxMail]:
    database.expire_all()
    return list(database.exec(select(OutboxMail).order_by(OutboxMail.id)))


def unsubscribe_token(caught) -> str:
    """The token of the mail's List-Unsubscribe header (which must have RFC 8058's form)."""
    assert caught.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    found = UNSUBSCRIBE.match(caught.message["List-Unsubscribe"])
    assert found, caught.message["List-Unsubscribe"]
    assert found.group(1) in caught.text and found.group(1) in caught.html
    return found.group(2)
