"""What partners and owners change in news, each in one transaction with its audit entry."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from core import audit
from core.audit import Actor
from core.db import all_or_nothing
from core.models import User
from stages.bicycle.news import service
from stages.bicycle.news.models import NewsPost

audit.describe(
    actions={
        "news_create": _l("Beitrag geschrieben"),
        "news_edit": _l("Beitrag geändert"),
        "news_publish": _l("Beitrag veröffentlicht"),
        "news_withdraw": _l("Beitrag zurückgezogen"),
    },
    fields={"title": _l("Titel"), "is_published": _l("Veröffentlicht")},
    subjects={"news": lambda number: _("Beitrag Nr. %(number)s", number=number)},
)

FIELDS = (
    "organisation_id", "title", "teaser", "body", "municipality", "category", "is_published",
)  # fmt: skip


def _state(post: NewsPost) -> dict:
    return audit.as_recorded(post, FIELDS)


def save(*, db: Session, user: User, post: NewsPost, apply) -> NewsPost:
    """A new post (no id yet) or changes to one: `apply(post)` writes the form's values."""
    return audit.save_recorded(db, user=user, row=post, apply=apply, kind="news", state=_state)


def set_published(*, db: Session, user: User, post: NewsPost, published: bool) -> None:
    with all_or_nothing(db):
        before = {"is_published": post.is_published}
        service.set_published(post=post, published=published)
        db.add(post)
        audit.record(
            db,
            actor=Actor.of(user),
            action="news_publish" if published else "news_withdraw",
            subject=f"news:{post.id}",
            before=before,
            after={"is_published": published},
        )
