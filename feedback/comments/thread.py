"""The thread of a subject as a page shows it: comments oldest first, replies under the comment
they belong to, and the viewer's possible actions. Views load it and pass it to the template."""

from dataclasses import dataclass, field

from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func
from sqlmodel import Session, select

from core import db
from core.accounts import author_name
from core.models import User
from feedback.comments.forms import writing_form
from feedback.comments.permissions import Viewer, viewer_for
from feedback.models import Comment


@dataclass
class Entry:
    comment: Comment
    author: str  # display name; FORMER_MEMBER once the account is gone
    replies: list["Entry"] = field(default_factory=list)


@dataclass(frozen=True)
class OpenForm:
    """A form the page shows filled in: one that came back with errors, or an edit/report form
    opened without JavaScript. kind: new, reply, edit, report."""

    kind: str
    form: FlaskForm
    comment_id: int | None = None


@dataclass(frozen=True)
class Thread:
    subject: str
    viewer: Viewer
    count: int  # comments not deleted
    entries: list[Entry] = field(default_factory=list)  # top-level, oldest first
    open_form: OpenForm | None = None

    def opened(self, kind: str, comment_id: int | None = None) -> FlaskForm | None:
        if self.open_form and (self.open_form.kind, self.open_form.comment_id) == (
            kind,
            comment_id,
        ):
            return self.open_form.form
        return None

    def comment_form(self, parent_id: int | None = None) -> FlaskForm:
        # formdata=None: a POST that re-shows the page must not fill every form with its text.
        return self.opened("reply" if parent_id else "new", parent_id) or writing_form(
            parent_id, formdata=None
        )


def count_comments(database: Session, subject: str) -> int:
    return database.exec(
        select(func.count())
        .select_from(Comment)
        .where(Comment.subject == subject, Comment.deleted.is_(False))
    ).one()


def comment_thread(subject: str, open_form: OpenForm | None = None) -> Thread:
    """The thread of a subject in two queries: its comments with their authors' names, and
    which of them the viewer reported."""
    database = db.session()
    rows = database.exec(
        select(Comment, User.display_name)
        .outerjoin(User, User.id == Comment.user_id)
        .where(Comment.subject == subject)
        .order_by(Comment.created_at, Comment.id)
    ).all()
    top_level: dict[int, Entry] = {}
    for comment, author in rows:
        entry = Entry(comment=comment, author=author_name(author))
        if comment.parent_id is None:
            top_level[comment.id] = entry
        elif comment.parent_id in top_level:
            top_level[comment.parent_id].replies.append(entry)
    return Thread(
        subject=subject,
        viewer=viewer_for(database, current_user, subject),
        count=sum(1 for comment, _author in rows if not comment.deleted),
        entries=list(top_level.values()),
        open_form=open_form,
    )


def fragment_thread(subject: str, open_form: OpenForm | None = None) -> Thread:
    """What a fragment of the thread needs without its comments: the viewer and the count."""
    database = db.session()
    return Thread(
        subject=subject,
        viewer=viewer_for(database, current_user, subject),
        count=count_comments(database, subject),
        open_form=open_form,
    )


def entry_for(database: Session, comment: Comment) -> Entry:
    author = database.get(User, comment.user_id) if comment.user_id else None
    return Entry(comment=comment, author=author_name(author.display_name if author else None))
