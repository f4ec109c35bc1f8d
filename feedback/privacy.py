"""Feedback's part of a person's rights under the DSGVO: their votes, comments, ideas, reports
notifications and e-mail choices in their data download (Art. 15/20), and what deleting their account does
(Art. 17).

Deleting: votes go with the account (the database's cascade, and its triggers take them off
every tally); comments, ideas and tester reports stay – others answered them, voted for them,
and the counts stay true – without their author (the database sets it to NULL; pages sign them
FORMER_MEMBER). Notifications, e-mail choices and digests go by cascade. Reports on comments are withdrawn with their
reporter, and each comment's report count follows, so it stays the number of reports."""

from sqlalchemy import update
from sqlmodel import Session, select

from core.models import User
from feedback.models import (
    Comment,
    CommentReport,
    EmailPreference,
    Idea,
    Notification,
    NotificationDigest,
    TesterReport,
    Vote,
)


def _when(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def personal_data(db: Session, user: User) -> dict[str, list[dict]]:
    votes = db.exec(select(Vote).where(Vote.user_id == user.id).order_by(Vote.id))
    comments = db.exec(select(Comment).where(Comment.user_id == user.id).order_by(Comment.id))
    ideas = db.exec(select(Idea).where(Idea.user_id == user.id).order_by(Idea.id))
    reports = db.exec(
        select(CommentReport).where(CommentReport.user_id == user.id).order_by(CommentReport.id)
    )
    tester_reports = db.exec(
        select(TesterReport).where(TesterReport.user_id == user.id).order_by(TesterReport.id)
    )
    notifications = db.exec(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    )
    return {
        "vote": [{"subject": v.subject, "created_at": _when(v.created_at)} for v in votes],
        "comment": [
            {
                "id": c.id,
                "subject": c.subject,
                "parent_id": c.parent_id,
                "body": c.body,
                "official": c.official,
                "deleted": c.deleted,
                "hidden": c.hidden,
                "created_at": _when(c.created_at),
                "edited_at": _when(c.edited_at),
            }
            for c in comments
        ],
        "idea": [
            {
                "id": i.id,
                "title": i.title,
                "description": i.description,
                "municipality": i.municipality,
                "status": i.status,
                "answer": i.answer,
                "created_at": _when(i.created_at),
            }
            for i in ideas
        ],
        "comment_report": [
            {"comment_id": r.comment_id, "reason": r.reason, "created_at": _when(r.created_at)}
            for r in reports
        ],
        "tester_report": [
            {
                "service_key": r.service_key,
                "kind": r.kind,
                "text": r.text,
                "created_at": _when(r.created_at),
                "resolved_at": _when(r.resolved_at),
            }
            for r in tester_reports
        ],
        "notification": [
            {
                "kind": n.kind,
                "title": n.title,
                "subject": n.subject,
                "created_at": _when(n.created_at),
                "read_at": _when(n.read_at),
            }
            for n in notifications
        ],
        "email_preference": [
            {"kind": p.kind, "delivery": p.delivery, "updated_at": _when(p.updated_at)}
            for p in db.exec(select(EmailPreference).where(EmailPreference.user_id == user.id))
        ],
        "notification_digest": [
            {"week": d.week, "notifications": d.notifications, "created_at": _when(d.created_at)}
            for d in db.exec(
                select(NotificationDigest).where(NotificationDigest.user_id == user.id)
            )
        ],
    }


def forget(db: Session, user: User) -> None:
    """No commit: the account's deletion commits everything at once. The reports themselves
    go with the account (cascade); a comment they hid stays hidden until a product owner
    decides, as it is in the moderation queue."""
    mine = select(CommentReport.comment_id).where(CommentReport.user_id == user.id)
    db.exec(
        update(Comment).where(Comment.id.in_(mine)).values(report_count=Comment.report_count - 1)
    )
