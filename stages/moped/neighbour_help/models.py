"""Help posts of residents ("Ich biete Hilfe" / "Ich suche Hilfe") and their reports.

A post belongs to the resident who wrote it (or wrote it for a neighbour without internet).
When that account is deleted, open posts go with it and closed ones stay without an author,
so the board's "… Mal geholfen" stays true."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel, UniqueConstraint

from core.models import utcnow
from stages.moped.neighbour_help.catalogue import OPEN

TITLE_MAX = 80
TEXT_MAX = 600
WHEN_MAX = 60
VILLAGE_MAX = 40
REASON_MAX = 20


class HelpPost(SQLModel, table=True):
    __tablename__ = "neighbour_help_post"
    __table_args__ = (
        CheckConstraint("kind IN ('biete', 'suche')", name="ck_neighbour_help_kind"),
        CheckConstraint(
            "status IN ('offen', 'geklappt', 'zurueckgezogen')", name="ck_neighbour_help_status"
        ),
        # The board: open posts of a municipality by their end.
        Index("ix_neighbour_help_board", "municipality", "status", "ends_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    author_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True
    )
    kind: str = Field(max_length=10)  # OFFER or REQUEST
    category: str = Field(max_length=20)  # a key of CATEGORIES
    municipality: str = Field(max_length=20)  # a key of core.municipalities
    village: str = Field(default="", max_length=VILLAGE_MAX)  # one of villages.VILLAGES, or ""
    title: str = Field(max_length=TITLE_MAX)
    text: str = Field(max_length=TEXT_MAX)
    when: str = Field(default="", max_length=WHEN_MAX)  # "am 12. März", "wöchentlich"
    ends_on: date
    # Written by a resident for a neighbour without internet; answers reach the writer.
    on_behalf: bool = Field(default=False)
    status: str = Field(default=OPEN, max_length=20)
    closed_at: datetime | None = Field(default=None, index=True)  # "hat geklappt" since
    is_hidden: bool = Field(default=False)  # by a product owner, after a report
    # The author was told that the post has expired (the scheduled step, once per post).
    expiry_told_at: datetime | None = Field(default=None)
    demo_key: str | None = Field(default=None, max_length=60, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    @property
    def is_demo(self) -> bool:
        return self.demo_key is not None


class HelpReport(SQLModel, table=True):
    """A resident reported a post to the moderators, once per post."""

    __tablename__ = "neighbour_help_report"
    __table_args__ = (UniqueConstraint("post_id", "reporter_id"),)

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="neighbour_help_post.id", ondelete="CASCADE", index=True)
    reporter_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE")
    reason: str = Field(max_length=REASON_MAX)
    created_at: datetime = Field(default_factory=utcnow)
    decided: bool = Field(default=False, index=True)
