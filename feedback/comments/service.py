"""Writing, editing, deleting and reporting comments; each checks who may, and refuses with
`CommentRefused` (the one error handler answers it)."""

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core.models import User, utcnow
from core.text import clean_text
from feedback.comments.permissions import (
    CommentRefused,
    blocked_refusal,
    delete_refusal,
    edit_refusal,
    report_refusal,
)
from feedback.models import COMMENT_MAX, Comment, CommentReport
from feedback.notifications.service import notify
from feedback.subjects import Subject, resolve

HIDE_AFTER_REPORTS = 3
# Reports of younger accounts reach the moderation queue but do not hide anything on their own:
# otherwise three accounts registered for the purpose could silence anyone.
REPORTER_MIN_AGE = timedelta(days=7)
REASONS = {"spam": _l("Spam"), "beleidigend": _l("Beleidigend"), "unpassend": _l("Unpassend")}


def _checked_body(body: str) -> str:
    body = clean_text(body)
    if not body or len(body) > COMMENT_MAX:
        raise CommentRefused(
            _("Ein Kommentar braucht 1 bis %(max)d Zeichen.", max=COMMENT_MAX), 400
        )
    return body


def post_comment(
    database: Session, *, author: User, subject: Subject, body: str, parent: Comment | None
) -> Comment:
    """Write a comment or a reply and notify the author of the comment answered."""
    if refusal := blocked_refusal(author):
        raise refusal
    body = _checked_body(body)
    top_level_id = None
    if parent is not None:
        if parent.subject != subject.subject:
            raise CommentRefused(_("Diese Antwort gehört zu einer anderen Diskussion."), 400)
        if parent.deleted:
            raise CommentRefused(_("Auf gelöschte Kommentare kann man nicht antworten."), 400)
        top_level_id = parent.parent_id or parent.id
    comment = Comment(
        subject=subject.subject,
        user_id=author.id,
        parent_id=top_level_id,
        body=body,
        official=author.is_product_owner,
    )
    database.add(comment)
    if parent is not None and parent.user_id not in (None, author.id):
        notify(
            database,
            user_id=parent.user_id,
            kind="official_answer" if comment.official else "reply",
            subject=subject.subject,
            title=subject.title,
            actor_id=author.id,
        )
    database.commit()
    return comment


def edit_comment(
    database: Session, *, user: User, comment: Comment, body: str, now: datetime | None = None
) -> None:
    now = now or utcnow()
    if refusal := edit_refusal(user, comment, now):
        raise refusal
    comment.body = _checked_body(body)
    comment.edited_at = now
    database.add(comment)
    database.commit()


def delete_comment(database: Session, *, user: User, comment: Comment) -> None:
    """The thread keeps the entry ("Kommentar gelöscht") so replies keep their place; the text
    itself is gone."""
    if refusal := delete_refusal(user, comment):
        raise refusal
    comment.deleted = True
    comment.body = ""
    database.add(comment)
    database.commit()


def report_comment(
    database: Session, *, user: User, comment: Comment, reason: str, now: datetime | None = None
) -> bool:
    """Report a comment once; False if this person had reported it already. Every report counts
    for the moderation queue; from the HIDE_AFTER_REPORTS-th report of an account older than
    REPORTER_MIN_AGE on it is hidden, unless a product owner has decided on it. Official answers
    are never hidden by reports: only a product owner decides on them."""
    if refusal := report_refusal(user, comment):
        raise refusal
    if reason not in REASONS:
        raise CommentRefused(_("Bitte wählen Sie einen Grund."), 400)
    already = database.exec(
        select(CommentReport.id).where(
            CommentReport.comment_id == comment.id, CommentReport.user_id == user.id
        )
    ).first()
    if already is not None:
        return False
    database.add(CommentReport(comment_id=comment.id, user_id=user.id, reason=reason))
    try:
        database.flush()
    except IntegrityError:  # the same report sent twice at once: the constraint decides
        database.rollback()
        return False
    # One statement, so parallel reports are all counted; it also locks the comment's row until
    # commit, so the count below (a statement of its own) sees every report committed before.
    database.exec(
        update(Comment)
        .where(Comment.id == comment.id)
        .values(report_count=Comment.report_count + 1)
    )
    if not comment.official and _settled_reports(database, comment, now or utcnow()) >= (
        HIDE_AFTER_REPORTS
    ):
        held = database.exec(
            update(Comment)
            .where(
                Comment.id == comment.id,
                Comment.moderated.is_(False),
                Comment.hidden.is_(False),
            )
            .values(hidden=True)
        )
        if held.rowcount:
            tell_author(database, comment, "comment_held")
    database.commit()
    database.refresh(comment)
    return True


def tell_author(database: Session, comment: Comment, kind: str) -> None:
    """What happened to their comment (held, hidden, shown again), in the caller's transaction."""
    if comment.user_id is None:
        return
    subject = resolve(comment.subject)
    notify(
        database,
        user_id=comment.user_id,
        kind=kind,
        subject=comment.subject,
        title=subject.title if subject else comment.subject,
    )


def _settled_reports(database: Session, comment: Comment, now: datetime) -> int:
    """Reports on the comment by accounts at least REPORTER_MIN_AGE old."""
    return database.exec(
        select(func.count())
        .select_from(CommentReport)
        .join(User, User.id == CommentReport.user_id)
        .where(
            CommentReport.comment_id == comment.id,
            User.created_at <= now - REPORTER_MIN_AGE,
        )
    ).one()
