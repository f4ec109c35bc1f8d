"""Which notifications a person also gets by e-mail, per kind of mail: off (the default –
nobody gets a mail they did not ask for), at once, or in the weekly digest."""

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from core.models import utcnow
from feedback.models import EmailPreference

OFF, INSTANT, WEEKLY = "aus", "sofort", "woechentlich"
DELIVERIES = {
    OFF: _l("Aus"),
    INSTANT: _l("Sofort"),
    WEEKLY: _l("Wöchentliche Zusammenfassung"),
}


@dataclass(frozen=True)
class MailKind:
    """A kind of notification mail as residents choose it: one or more in-app kinds."""

    key: str  # stored, in the settings form and in unsubscribe links
    label: LazyString
    subject: LazyString  # of the mail sent at once
    notifications: tuple[str, ...]  # feedback.notifications.service.KINDS


KINDS = (
    MailKind(
        "freischaltungen",
        _l("Ein Dienst, für den Sie gestimmt haben, ist freigeschaltet"),
        _l("Freigeschaltet: ein Dienst, für den Sie gestimmt haben"),
        ("unlocked",),
    ),
    MailKind(
        "antworten",
        _l("Antworten auf Ihre Kommentare (auch vom Landwerk-Team)"),
        _l("Neues zu Ihrem Kommentar bei Landwerk"),
        ("reply", "official_answer", "comment_hidden", "comment_held", "comment_restored"),
    ),
    MailKind(
        "ideen",
        _l("Neues zu Ihren Ideen"),
        _l("Neues zu Ihrer Idee bei Landwerk"),
        ("idea_planned", "idea_declined", "idea_duplicate"),
    ),
    MailKind(
        "nachrichten",
        _l("Neue Nachrichten"),
        _l("Sie haben eine neue Nachricht bei Landwerk"),
        ("message",),
    ),
    MailKind(
        "erinnerungen",
        _l("Erinnerungen: abgelaufene Aushänge, Zählerstand melden"),
        _l("Eine Erinnerung von Landwerk"),
        ("help_expired", "reading_due"),
    ),
)
BY_KEY = {kind.key: kind for kind in KINDS}
_OF_NOTIFICATION = {notification: kind for kind in KINDS for notification in kind.notifications}


class PreferenceError(ValueError):
    """A kind or a choice that does not exist; nothing was written."""


def kind_of(notification_kind: str) -> MailKind:
    return _OF_NOTIFICATION[notification_kind]


def chosen(db: Session, user_id: int) -> dict[str, str]:
    """Every kind with the person's choice, OFF where they chose nothing."""
    rows = db.exec(
        select(EmailPreference.kind, EmailPreference.delivery).where(
            EmailPreference.user_id == user_id
        )
    )
    stored = {kind: delivery for kind, delivery in rows if kind in BY_KEY}
    return {kind.key: stored.get(kind.key, OFF) for kind in KINDS}


def delivery(db: Session, user_id: int, kind: str) -> str:
    found = db.exec(
        select(EmailPreference.delivery).where(
            EmailPreference.user_id == user_id, EmailPreference.kind == kind
        )
    ).first()
    return found or OFF


def save(db: Session, user_id: int, choices: dict[str, str]) -> None:
    """Store the person's choices, all of them or (PreferenceError) none; no commit. Each kind
    is one upsert or delete, so two saves at once leave one of them, never a mixture of rows."""
    for kind, choice in choices.items():
        if kind not in BY_KEY or choice not in DELIVERIES:
            raise PreferenceError(f"{kind}={choice}")
    insert = sqlite_insert if db.get_bind().dialect.name == "sqlite" else postgres_insert
    for kind, choice in choices.items():
        if choice == OFF:
            db.exec(
                delete(EmailPreference).where(
                    EmailPreference.user_id == user_id, EmailPreference.kind == kind
                )
            )
            continue
        now = utcnow()
        statement = insert(EmailPreference).values(
            user_id=user_id, kind=kind, delivery=choice, updated_at=now
        )
        db.exec(
            statement.on_conflict_do_update(
                index_elements=["user_id", "kind"], set_={"delivery": choice, "updated_at": now}
            )
        )


def turn_off(db: Session, user_id: int, kinds) -> list[str]:
    """Switch these kinds off (an unsubscribe link); the ones that were on. No commit."""
    known = [kind for kind in kinds if kind in BY_KEY]
    was_on = list(
        db.exec(
            select(EmailPreference.kind).where(
                EmailPreference.user_id == user_id, EmailPreference.kind.in_(known)
            )
        )
    )
    save(db, user_id, dict.fromkeys(known, OFF))
    return [kind.key for kind in KINDS if kind.key in was_on]
