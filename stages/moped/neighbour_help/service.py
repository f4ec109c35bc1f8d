"""The board and what residents do with their posts, each write one transaction that refuses
bad input with a German `Refusal` before anything is written."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import func
from sqlmodel import Session, select

from core.accounts import author_name
from core.db import all_or_nothing
from core.errors import Refusal
from core.formatting import local_timezone
from core.models import User, utcnow
from core.pagination import Page, paginate
from stages.moped.neighbour_help.catalogue import CLOSED, OPEN, WITHDRAWN
from stages.moped.neighbour_help.models import HelpPost

PER_PAGE = 20
FIELDS = ("kind", "category", "municipality", "village", "title", "text", "when", "ends_on")


def local_today(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(local_timezone()).date()


def first_and_initial(name: str | None) -> str:
    """ "Rita Rentner" → "Rita R.": what signed-in residents see of an author."""
    parts = (name or "").split()
    if not parts:
        return author_name(None)
    return f"{parts[0]} {parts[-1][0]}." if len(parts) > 1 else parts[0]


@dataclass(frozen=True)
class Filters:
    municipality: str = ""
    village: str = ""
    kind: str = ""
    category: str = ""


def on_the_board(today: date):
    """What the board shows: open, not hidden, not yet past its end – whether or not the
    expiry step has run."""
    return (HelpPost.status == OPEN) & HelpPost.is_hidden.is_(False) & (HelpPost.ends_on >= today)


def board(db: Session, *, filters: Filters, page: int, today: date) -> Page:
    statement = select(HelpPost).where(on_the_board(today))
    for column, value in (
        (HelpPost.municipality, filters.municipality),
        (HelpPost.village, filters.village),
        (HelpPost.kind, filters.kind),
        (HelpPost.category, filters.category),
    ):
        if value:
            statement = statement.where(column == value)
    statement = statement.order_by(HelpPost.created_at.desc(), HelpPost.id.desc())
    return paginate(db, statement, number=page, per_page=PER_PAGE)


def newest(db: Session, *, municipality: str, limit: int, today: date) -> list[HelpPost]:
    statement = select(HelpPost).where(on_the_board(today))
    if municipality:
        statement = statement.where(HelpPost.municipality == municipality)
    statement = statement.order_by(HelpPost.created_at.desc(), HelpPost.id.desc()).limit(limit)
    return list(db.exec(statement))


def helped_this_month(db: Session, *, municipality: str, now: datetime | None = None) -> int:
    """How often "hat geklappt" was marked this (local) month, in one municipality or all."""
    now = now or utcnow()
    local = now.astimezone(local_timezone())
    start = datetime.combine(local.date().replace(day=1), time(), local_timezone())
    statement = (
        select(func.count())
        .select_from(HelpPost)
        .where(HelpPost.status == CLOSED, HelpPost.closed_at >= start.astimezone(UTC))
    )
    if municipality:
        statement = statement.where(HelpPost.municipality == municipality)
    return db.exec(statement).one()


def authors(db: Session, posts: list[HelpPost]) -> dict[int, str]:
    """First name and initial of each post's author, by author id, in one query."""
    ids = {post.author_id for post in posts if post.author_id is not None}
    if not ids:
        return {}
    rows = db.exec(select(User.id, User.display_name).where(User.id.in_(ids)))
    return {user_id: first_and_initial(name) for user_id, name in rows}


def _refuse_blocked(author: User) -> None:
    if author.is_blocked:
        raise Refusal(_("Ihr Konto ist gesperrt: Sie können keine Aushänge einstellen."), 403)


def create_post(db: Session, *, author: User, values: dict) -> HelpPost:
    """`values` checked by rules.values (FIELDS and on_behalf)."""
    _refuse_blocked(author)
    with all_or_nothing(db):
        post = HelpPost(author_id=author.id, **values)
        db.add(post)
        db.flush()
    return post


def update_post(db: Session, *, post: HelpPost, values: dict) -> HelpPost:
    if post.status != OPEN:
        raise Refusal(_("Ein erledigter Aushang kann nicht mehr geändert werden."), 409)
    with all_or_nothing(db):
        if values["ends_on"] != post.ends_on:
            post.expiry_told_at = None  # a new end: tell again when that one is reached
        for name in (*FIELDS, "on_behalf"):
            setattr(post, name, values[name])
        post.updated_at = utcnow()
        db.add(post)
    return post


def finish(db: Session, *, post: HelpPost, helped: bool) -> None:
    """ "Hat geklappt" (counted on the board) or withdrawn; either way off the board."""
    if post.status != OPEN:
        raise Refusal(_("Dieser Aushang ist schon erledigt."), 409)
    with all_or_nothing(db):
        post.status = CLOSED if helped else WITHDRAWN
        post.closed_at = utcnow() if helped else None
        post.updated_at = utcnow()
        db.add(post)
