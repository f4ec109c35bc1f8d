"""In-app notifications: stored by kind and title, worded when shown (in the reader's language)."""

from sqlalchemy import func, update
from sqlmodel import Session, select

from core.models import utcnow
from feedback.models import Notification
from feedback.notifications.mails import mail_instantly
from feedback.notifications.wording import PAGE

KINDS = (
    "unlocked",
    "reply",
    "official_answer",
    "idea_planned",
    "idea_declined",
    "idea_duplicate",
    "message",
    "comment_hidden",
    "comment_held",
    "comment_restored",
    "help_expired",
    "reading_due",
)


def notify(
    db: Session, *, user_id: int, kind: str, subject: str, title: str, actor_id: int | None = None
) -> Notification:
    """The notification, in the caller's transaction – and its mail, for a person who wants
    this kind by e-mail at once (feedback.notifications.mails). `actor_id`: the person who did
    it, named in the words where the kind names them."""
    assert kind in KINDS, kind
    notification = Notification(
        user_id=user_id, kind=kind, subject=subject, title=title[:200], actor_id=actor_id
    )
    db.add(notification)
    mail_instantly(db, notification)
    return notification


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
