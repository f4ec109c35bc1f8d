"""Threads between a resident and an organisation (whose partners share one inbox) or between
two residents, their messages, and who blocked whom.

A thread has two sides: the starter (always a resident) and the recipient (an organisation or
a second resident). Each side keeps the newest message it was given and the newest it has
read, so "unread" is one comparison per thread and the inbox needs no count of messages."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel, UniqueConstraint

from core.models import utcnow

TEXT_MAX = 4000
TITLE_MAX = 120
SUBJECT_REF_MAX = 80
REASON_MAX = 20

STARTER, RECIPIENT = "starter", "recipient"


class MessageThread(SQLModel, table=True):
    __tablename__ = "message_thread"
    __table_args__ = (
        # At most one recipient: an organisation or a second resident, never oneself (none
        # once that resident deleted their account: `forget` keeps the other side's copy).
        CheckConstraint(
            "organisation_id IS NULL OR other_resident_id IS NULL",
            name="ck_message_thread_one_recipient",
        ),
        CheckConstraint(
            "other_resident_id IS NULL OR other_resident_id <> resident_id",
            name="ck_message_thread_not_to_oneself",
        ),
        # The inbox of each side: its threads, newest first.
        Index("ix_message_thread_starter_inbox", "resident_id", "starter_last_at"),
        Index("ix_message_thread_organisation_inbox", "organisation_id", "recipient_last_at"),
        Index("ix_message_thread_resident_inbox", "other_resident_id", "recipient_last_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # What it is about, in the words of the service that links here: "marketplace:product:12",
    # "organisation:3". Messages does not resolve it; services find their threads by it.
    subject_ref: str = Field(default="", max_length=SUBJECT_REF_MAX, index=True)
    title: str = Field(max_length=TITLE_MAX)
    # None once the starter deleted their account (`forget` detaches both residents first).
    resident_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="CASCADE")
    organisation_id: int | None = Field(
        default=None, foreign_key="organisation.id", ondelete="CASCADE"
    )
    other_resident_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="CASCADE"
    )
    created_at: datetime = Field(default_factory=utcnow)
    # Set only on demo content: loading the demo twice finds its threads by this key.
    demo_key: str | None = Field(default=None, max_length=60, unique=True)
    # Per side: the newest message it was given (a withheld one reaches only its author's
    # side), when, and the newest it has read. Message ids without a foreign key: the thread
    # and its messages refer to each other, and these are only ever compared.
    starter_last_id: int | None = Field(default=None)
    starter_last_at: datetime | None = Field(default=None)
    starter_read_id: int = Field(default=0)
    recipient_last_id: int | None = Field(default=None)
    recipient_last_at: datetime | None = Field(default=None)
    recipient_read_id: int = Field(default=0)


class Message(SQLModel, table=True):
    __tablename__ = "message"
    __table_args__ = (Index("ix_message_thread_order", "thread_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(foreign_key="message_thread.id", ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    side: str = Field(max_length=10)  # STARTER or RECIPIENT: for whom the author wrote
    text: str = Field(max_length=TEXT_MAX)
    created_at: datetime = Field(default_factory=utcnow)
    # Written by someone the other side has blocked: kept, shown to its author's side only.
    withheld: bool = Field(default=False)
    hidden: bool = Field(default=False)  # a product owner hid it after a report


class MessageBlock(SQLModel, table=True):
    """A resident no longer hears from this account: no new threads, no messages."""

    __tablename__ = "message_block"
    __table_args__ = (
        UniqueConstraint("blocker_id", "blocked_id"),
        CheckConstraint("blocker_id <> blocked_id", name="ck_message_block_not_oneself"),
    )

    id: int | None = Field(default=None, primary_key=True)
    blocker_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE")
    blocked_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    created_at: datetime = Field(default_factory=utcnow)


class MessageReport(SQLModel, table=True):
    """A participant reported one message to the moderators (its text, not the thread)."""

    __tablename__ = "message_report"
    __table_args__ = (UniqueConstraint("message_id", "reporter_id"),)

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", ondelete="CASCADE", index=True)
    reporter_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE")
    reason: str = Field(max_length=REASON_MAX)
    created_at: datetime = Field(default_factory=utcnow)
    decided: bool = Field(default=False, index=True)
