"""A news post of a partner organisation: written here, imported from its feed, or demo."""

from datetime import datetime

from sqlmodel import Field, SQLModel, UniqueConstraint

from core.models import utcnow

TITLE_MAX = 140
TEASER_MAX = 300
BODY_MAX = 20_000
SOURCE_ID_MAX = 500
SOURCE_URL_MAX = 2000

MARKDOWN = "markdown"
HTML = "html"  # imported posts keep the (sanitised) HTML of their feed


class NewsPost(SQLModel, table=True):
    __tablename__ = "news_post"
    # Re-importing a feed must not duplicate its entries: one row per source entry and organisation.
    __table_args__ = (UniqueConstraint("organisation_id", "source_id"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE", index=True)
    author_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    title: str = Field(max_length=TITLE_MAX)
    teaser: str = Field(default="", max_length=TEASER_MAX)
    body: str = Field(max_length=BODY_MAX)
    body_format: str = Field(default=MARKDOWN, max_length=10)
    municipality: str = Field(max_length=20)  # a municipality slug, or DISTRICT
    category: str = Field(max_length=20)
    is_published: bool = Field(default=False)
    published_at: datetime | None = Field(default=None, index=True)  # first publication
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    source_id: str | None = Field(default=None, max_length=SOURCE_ID_MAX)
    source_url: str | None = Field(default=None, max_length=SOURCE_URL_MAX)
    is_demo: bool = Field(default=False)


class PublishedNewsCount(SQLModel, table=True):
    """Published posts per municipality and category, so a list never counts its posts. Kept by
    the database itself: triggers on `news_post` (migration 0008) adjust it on every insert,
    change and delete, imports and cascades included."""

    __tablename__ = "news_published_count"

    municipality: str = Field(primary_key=True, max_length=20)
    category: str = Field(primary_key=True, max_length=20)
    posts: int = Field(default=0)
