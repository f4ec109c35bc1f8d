"""Votes, comments, ideas, tester reports, notifications and the changelog of unlocks."""

from datetime import datetime

from sqlmodel import Field, SQLModel, UniqueConstraint

from core.models import utcnow

COMMENT_MAX = 2000
IDEA_TITLE_MAX = 120
IDEA_DESCRIPTION_MAX = 4000
REPORT_TEXT_MAX = 2000


class Vote(SQLModel, table=True):
    """One vote per resident per subject: the database refuses a second one."""

    __table_args__ = (UniqueConstraint("user_id", "subject"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    subject: str = Field(max_length=60, index=True)  # "service:<key>" or "idea:<id>"
    created_at: datetime = Field(default_factory=utcnow)


class VoteTally(SQLModel, table=True):
    """Counts kept beside the votes, so reading them never scans the votes. Kept by the
    database itself: triggers (migration feedback_0004) follow every vote cast, withdrawn,
    moved, or deleted with its account."""

    subject: str = Field(primary_key=True, max_length=60)
    votes: int = Field(default=0)
    # Σ 2^((vote time − epoch) / half-life) over current votes; see feedback/votes/trending.py.
    trend: float = Field(default=0.0)


class LocalVoteTally(SQLModel, table=True):
    """Votes per subject from the residents of one municipality (the roadmap's "Stimmen aus"),
    so that view never counts votes either. Kept by the database itself: triggers (migration
    0009) follow every vote cast, withdrawn or moved, a resident moving to another
    municipality, and a deleted account taking its votes along."""

    __tablename__ = "vote_local_tally"

    subject: str = Field(primary_key=True, max_length=60)
    municipality: str = Field(primary_key=True, max_length=20)
    votes: int = Field(default=0)


class Idea(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True
    )
    title: str = Field(max_length=IDEA_TITLE_MAX)
    description: str = Field(max_length=IDEA_DESCRIPTION_MAX)
    municipality: str = Field(max_length=20)
    status: str = Field(
        default="open", max_length=20, index=True
    )  # open, planned, declined, duplicate
    answer: str = Field(default="", max_length=2000)
    duplicate_of_id: int | None = Field(default=None, foreign_key="idea.id")
    planned_key: str | None = Field(default=None, max_length=40)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    # Lower-cased, umlauts folded: what the similar-ideas search compares with.
    search_title: str = Field(default="", max_length=IDEA_TITLE_MAX * 2, index=True)


class Comment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(max_length=60, index=True)
    user_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    parent_id: int | None = Field(default=None, foreign_key="comment.id", index=True)
    body: str = Field(max_length=COMMENT_MAX)
    official: bool = Field(default=False)
    deleted: bool = Field(default=False)
    hidden: bool = Field(
        default=False
    )  # hidden after enough reports, until a product owner decides
    moderated: bool = Field(default=False)  # a product owner decided; reports no longer hide it
    report_count: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow)
    edited_at: datetime | None = Field(default=None)


class CommentTally(SQLModel, table=True):
    """Visible comments (neither deleted nor hidden) per subject, so the roadmap never counts
    comments. Kept by the database itself: triggers on `comment` (migration 0008) adjust it on
    every insert, change and delete, whichever code or cascade makes them."""

    __tablename__ = "comment_tally"

    subject: str = Field(primary_key=True, max_length=60)
    comments: int = Field(default=0)


class CommentReport(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    comment_id: int = Field(foreign_key="comment.id", ondelete="CASCADE", index=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE")
    reason: str = Field(max_length=20)  # spam, beleidigend, unpassend
    created_at: datetime = Field(default_factory=utcnow)


class TesterReport(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    service_key: str = Field(max_length=40, index=True)
    user_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    kind: str = Field(max_length=20)  # works, problem, blocker
    text: str = Field(max_length=REPORT_TEXT_MAX)
    created_at: datetime = Field(default_factory=utcnow)
    resolved_by_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    resolved_at: datetime | None = Field(default=None)


class Notification(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    # unlocked, reply, official_answer, idea_planned, idea_declined, idea_duplicate
    kind: str = Field(max_length=30)
    title: str = Field(
        max_length=200
    )  # of the service, idea or thread; the message comes from the kind
    subject: str = Field(max_length=60)  # "service:<key>" or "idea:<id>": where the link goes
    # Who did it, where a person did (a reply): named when shown, unnamed once they are gone.
    actor_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True
    )
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = Field(default=None, index=True)


class EmailPreference(SQLModel, table=True):
    """Which notifications a person also gets by e-mail: one row per kind they chose
    (feedback.notifications.preferences.KINDS), "sofort" or "woechentlich". No row is "aus":
    nobody gets a notification mail they did not ask for."""

    __tablename__ = "email_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    kind: str = Field(max_length=20)
    delivery: str = Field(max_length=20)
    updated_at: datetime = Field(default_factory=utcnow)


class NotificationDigest(SQLModel, table=True):
    """The weekly summary a person was sent for one ISO week ("2026-W49"): once each."""

    __tablename__ = "notification_digest"
    __table_args__ = (UniqueConstraint("user_id", "week"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    week: str = Field(max_length=10)
    notifications: int = Field(default=0)  # how many it summed up
    created_at: datetime = Field(default_factory=utcnow)


class Unlock(SQLModel, table=True):
    """A service went live for everyone: the changelog "Neu freigeschaltet"."""

    id: int | None = Field(default=None, primary_key=True)
    service_key: str = Field(max_length=40, index=True)
    stage: str = Field(max_length=20)
    votes: int = Field(default=0)  # residents who had asked for it
    at: datetime = Field(default_factory=utcnow, index=True)
