"""In-app notifications: stored by kind and title, worded when shown (in the reader's language)."""

from flask_babel import gettext as _
from sqlalchemy import func, update
from sqlmodel import Session, select

from core.models import utcnow
from feedback.models import Notification

KINDS = (
    "unlocked",
    "reply",
    "official_answer",
    "idea_planned",
    "idea_declined",
    "idea_duplicate",
    "message",
    "comment_hidden",
    "help_expired",
    "reading_due",
)
# The subject of a notice from a service: the page it links to, on this site.
PAGE = "page:"


def notify(db: Session, *, user_id: int, kind: str, subject: str, title: str) -> None:
    assert kind in KINDS, kind
    db.add(Notification(user_id=user_id, kind=kind, subject=subject, title=title[:200]))


def message(notification: Notification) -> str:
    title = notification.title
    return {
        "unlocked": _(
            "„%(title)s“ ist jetzt für alle freigeschaltet. Danke für Ihre Stimme!", title=title
        ),
        "reply": _("Jemand hat auf Ihren Kommentar zu „%(title)s“ geantwortet.", title=title),
        "official_answer": _("Das Landwerk-Team hat zu „%(title)s“ geantwortet.", title=title),
        "idea_planned": _("Ihre Idee „%(title)s“ ist jetzt geplant.", title=title),
        "idea_declined": _(
            "Ihre Idee „%(title)s“ wurde beantwortet: Wir setzen sie nicht um.", title=title
        ),
        "idea_duplicate": _(
            "Ihre Idee „%(title)s“ gibt es schon: Ihre Stimme zählt jetzt beim Original.",
            title=title,
        ),
        "message": _("Neue Nachricht: „%(title)s“", title=title),
        "comment_hidden": _(
            "Das Landwerk-Team hat Ihren Kommentar zu „%(title)s“ ausgeblendet, weil er gegen "
            "die Regeln der Diskussion verstößt.",
            title=title,
        ),
        "help_expired": _(
            "Ihr Aushang „%(title)s“ ist abgelaufen und hängt nicht mehr an der Pinnwand. "
            "Sie können ihn verlängern oder als „hat geklappt“ markieren.",
            title=title,
        ),
        "reading_due": _(
            "Ablesezeit bis zum 15. November: Bitte melden Sie den Stand Ihres Zählers "
            "%(title)s.",
            title=title,
        ),
    }[notification.kind]


def record_notice(db: Session, *, user_ids, kind: str, title: str, path: str) -> None:
    """Connected to stages.signals.notice (the sender is the service's session). Someone who
    has not yet read the last notice about that page gets no second one."""
    subject = PAGE + path
    assert len(subject) <= 60, path
    recipients = set(user_ids)
    if not recipients:
        return
    waiting = db.exec(
        select(Notification.user_id).where(
            Notification.user_id.in_(recipients),
            Notification.subject == subject,
            Notification.read_at.is_(None),
        )
    )
    for user_id in sorted(recipients - set(waiting)):
        notify(db, user_id=user_id, kind=kind, subject=subject, title=title)


def unread_count(db: Session, user_id: int) -> int:
    statement = (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )
    return db.exec(statement).one()


def latest(db: Session, user_id: int, limit: int = 50) -> list[Notification]:
    statement = (
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    return list(db.exec(statement))


def mark_read(db: Session, user_id: int, notification_id: int | None = None) -> None:
    """Mark one (or, without an id, all) of the reader's notifications read; others' are untouched."""
    statement = update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        statement = statement.where(Notification.id == notification_id)
    db.exec(statement.values(read_at=utcnow()))
    db.commit()
