"""The queue and the decisions on it; each decision writes its audit entry in its transaction."""

from collections import defaultdict
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_
from sqlmodel import Session, select

from core import audit
from core.audit import Actor
from core.db import all_or_nothing, retried_on_conflict
from core.errors import Refusal
from core.models import User
from feedback.comments.service import REASONS, tell_author
from feedback.models import Comment, CommentReport, Vote
from feedback.subjects import resolve
from feedback.votes.service import lock_tallies
from stages import signals

audit.describe(
    actions={
        "comment_restore": _l("Kommentar wiederhergestellt"),
        "comment_hide": _l("Kommentar ausgeblendet"),
        "user_block": _l("Nutzer gesperrt"),
    },
    fields={
        "hidden": _l("Ausgeblendet"),
        "moderated": _l("Prüfung"),
        "is_blocked": _l("Gesperrt"),
        "votes": _l("Stimmen"),
    },
    values={"moderated": lambda done: _("erledigt") if done else _("offen")},
    subjects={
        "comment": lambda number: _("Kommentar Nr. %(number)s", number=number),
        "user": lambda number: _("Konto Nr. %(number)s", number=number),
    },
)


class ModerationRefused(Refusal):
    status = 409


@dataclass(frozen=True)
class QueueItem:
    comment: Comment
    author: User | None  # None when the account is gone
    reasons: list[tuple[str, int]]  # (label, how many reports gave it)
    subject_title: str
    subject_url: str

    @property
    def may_block(self) -> bool:
        return (
            self.author is not None
            and not self.author.is_blocked
            and not self.author.is_product_owner
        )


def _reasons(database: Session, comment_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    counted = database.exec(
        select(CommentReport.comment_id, CommentReport.reason, func.count())
        .where(CommentReport.comment_id.in_(comment_ids))
        .group_by(CommentReport.comment_id, CommentReport.reason)
        .order_by(CommentReport.comment_id, func.count().desc(), CommentReport.reason)
    )
    reasons = defaultdict(list)
    for comment_id, reason, count in counted:
        reasons[comment_id].append((str(REASONS.get(reason, reason)), count))
    return reasons


def _items(database: Session, rows) -> list[QueueItem]:
    reasons = _reasons(database, [comment.id for comment, _author in rows])
    subjects = {}
    for comment, _author in rows:
        if comment.subject not in subjects:
            subjects[comment.subject] = resolve(comment.subject)
    return [
        QueueItem(
            comment=comment,
            author=author,
            reasons=reasons[comment.id],
            subject_title=subjects[comment.subject].title
            if subjects[comment.subject]
            else comment.subject,
            subject_url=subjects[comment.subject].page_url
            if subjects[comment.subject]
            else url_for("feedback.discussion", subject=comment.subject),
        )
        for comment, author in rows
    ]


def _with_authors():
    return select(Comment, User).outerjoin(User, User.id == Comment.user_id)


# In the queue: undecided comments that are hidden or reported.
_WAITING = (
    Comment.deleted.is_(False),
    Comment.moderated.is_(False),
    or_(Comment.hidden.is_(True), Comment.report_count > 0),
)


def moderation_queue(database: Session) -> list[QueueItem]:
    """The waiting comments: hidden first, then the most reported."""
    rows = database.exec(
        _with_authors()
        .where(*_WAITING)
        .order_by(Comment.hidden.desc(), Comment.report_count.desc(), Comment.created_at)
    ).all()
    return _items(database, rows)


def waiting(database: Session) -> int:
    """How many decisions wait for the product owners: comments and what the services' users
    reported (the count beside "Moderation" in their navigation)."""
    comments = database.exec(select(func.count()).select_from(Comment).where(*_WAITING)).one()
    return comments + len(reported_in_services(database))


def queue_item(database: Session, comment: Comment) -> QueueItem:
    rows = database.exec(_with_authors().where(Comment.id == comment.id)).all()
    return _items(database, rows)[0]


def decide_comment(
    database: Session, *, actor: User, comment: Comment, hide: bool, reason: str = ""
) -> None:
    """Keep (visible) or hide a comment for good: later reports no longer hide it. Its author is
    told when this decision hides it, and when it shows again what reports had held back."""
    before = {"hidden": comment.hidden, "moderated": comment.moderated}
    comment.hidden = hide
    comment.moderated = True
    database.add(comment)
    if hide and not before["moderated"]:
        tell_author(database, comment, "comment_hidden")
    elif not hide and before["hidden"]:
        tell_author(database, comment, "comment_restored")
    audit.record(
        database,
        actor=Actor.of(actor),
        action="comment_hide" if hide else "comment_restore",
        subject=f"comment:{comment.id}",
        before=before,
        after={"hidden": comment.hidden, "moderated": comment.moderated},
        reason=reason,
    )
    database.commit()


@retried_on_conflict
def block_user(*, db: Session, actor: User, user: User, reason: str = "") -> None:
    """The person may still read, but no longer vote, comment, propose or report; the votes
    they gave count no more and are removed (the triggers on `vote` take them off the tallies)."""
    if user.is_product_owner:
        raise ModerationRefused(_("Produktverantwortliche können nicht gesperrt werden."))
    if user.is_blocked:
        raise ModerationRefused(_("%(name)s ist bereits gesperrt.", name=user.display_name))
    with all_or_nothing(db):
        voted = list(db.exec(select(Vote.subject).where(Vote.user_id == user.id)))
        lock_tallies(db, voted)  # before the votes go, as every write on votes does
        db.exec(delete(Vote).where(Vote.user_id == user.id))
        user.is_blocked = True
        db.add(user)
        audit.record(
            db,
            actor=Actor.of(actor),
            action="user_block",
            subject=f"user:{user.id}",
            before={"is_blocked": False, "votes": len(voted)},
            after={"is_blocked": True, "votes": 0},
            reason=reason,
        )


def reported_in_services(database: Session) -> list[signals.ReportedItem]:
    """What the services' users reported (messages, listings …), asked of each service."""
    answers = signals.reported_items.send(database)
    return [item for _receiver, items in answers for item in items]
