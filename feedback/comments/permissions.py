"""Who may do what with a comment, and what a thread offers the person looking at it."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlmodel import Session, select

from core.errors import Refusal
from core.models import User, utcnow
from feedback.models import Comment, CommentReport

EDIT_WINDOW = timedelta(minutes=15)


class CommentRefused(Refusal):
    """An action the person may not take on this comment; the message says why, in German."""

    status = 403


def blocked_refusal(user: User) -> CommentRefused | None:
    if user.is_blocked:
        return CommentRefused(
            _(
                "Ihr Konto ist gesperrt. Sie können weiter mitlesen, aber nicht kommentieren "
                "oder melden."
            )
        )
    return None


def _is_author(user: User, comment: Comment) -> bool:
    return comment.user_id is not None and comment.user_id == user.id


def edit_refusal(user: User, comment: Comment, now: datetime) -> CommentRefused | None:
    if not _is_author(user, comment):
        return CommentRefused(_("Sie können nur Ihre eigenen Kommentare bearbeiten."))
    if comment.deleted or comment.hidden:
        return CommentRefused(_("Dieser Kommentar kann nicht mehr bearbeitet werden."))
    if now - comment.created_at > EDIT_WINDOW:
        return CommentRefused(
            _("Kommentare können nur in den ersten 15 Minuten bearbeitet werden.")
        )
    return blocked_refusal(user)


def delete_refusal(user: User, comment: Comment) -> CommentRefused | None:
    if not _is_author(user, comment):
        return CommentRefused(_("Sie können nur Ihre eigenen Kommentare löschen."))
    return None


def report_refusal(user: User, comment: Comment) -> CommentRefused | None:
    if _is_author(user, comment):
        return CommentRefused(_("Ihren eigenen Kommentar können Sie nicht melden."))
    if comment.deleted:
        return CommentRefused(_("Dieser Kommentar wurde gelöscht."), 400)
    return blocked_refusal(user)


@dataclass(frozen=True)
class Viewer:
    """The person looking at a thread, and which actions each comment offers them."""

    user: User | None
    reported: frozenset[int]  # comments they have reported already
    now: datetime

    @property
    def may_write(self) -> bool:
        return self.user is not None and not self.user.is_blocked

    @property
    def is_blocked(self) -> bool:
        return self.user is not None and self.user.is_blocked

    @property
    def is_product_owner(self) -> bool:
        return self.user is not None and self.user.is_product_owner

    def may_reply(self, comment: Comment) -> bool:
        return self.may_write and not comment.deleted

    def may_edit(self, comment: Comment) -> bool:
        return self.user is not None and edit_refusal(self.user, comment, self.now) is None

    def may_delete(self, comment: Comment) -> bool:
        return (
            self.user is not None
            and not comment.deleted
            and delete_refusal(self.user, comment) is None
        )

    def may_report(self, comment: Comment) -> bool:
        return (
            self.user is not None
            and not comment.hidden
            and comment.id not in self.reported
            and report_refusal(self.user, comment) is None
        )


def viewer_for(database: Session, user, subject: str) -> Viewer:
    """`user`: current_user (a visitor too)."""
    if not user.is_authenticated:
        return Viewer(user=None, reported=frozenset(), now=utcnow())
    reported = database.exec(
        select(CommentReport.comment_id)
        .join(Comment, Comment.id == CommentReport.comment_id)
        .where(CommentReport.user_id == user.id, Comment.subject == subject)
    )
    return Viewer(user=user._get_current_object(), reported=frozenset(reported), now=utcnow())
