"""The queries and changes of the news service (who may do what: `permissions`)."""

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, func, or_, select

from core.accounts import organisations_of
from core.models import Organisation, User, utcnow
from core.municipalities import MUNICIPALITIES
from core.pagination import Page, paginate
from stages.bicycle.news.models import NewsPost, PublishedNewsCount

PER_PAGE = 10

DISTRICT = "landkreis"  # a post for the whole Jerichower Land, not one municipality

CATEGORIES = {
    "verwaltung": _l("Verwaltung"),
    "vereine": _l("Vereine"),
    "wirtschaft": _l("Wirtschaft"),
    "kultur": _l("Kultur"),
    "soziales": _l("Soziales"),
    "energie": _l("Energie"),
    "sonstiges": _l("Sonstiges"),
}


def place_name(slug: str) -> str:
    return str(_l("Ganzer Landkreis")) if slug == DISTRICT else MUNICIPALITIES.get(slug, "")


def place_choices() -> list[tuple[str, str]]:
    return [(DISTRICT, place_name(DISTRICT)), *MUNICIPALITIES.items()]


def category_name(slug: str) -> str:
    return str(CATEGORIES.get(slug, ""))


def _narrowed(statement, model, *, place: str, category: str):
    """Posts (or their counts) of one place and category; both optional."""
    if place == DISTRICT:
        statement = statement.where(model.municipality == DISTRICT)
    elif place:
        # What concerns the whole district concerns every municipality in it.
        statement = statement.where(
            or_(model.municipality == place, model.municipality == DISTRICT)
        )
    if category:
        statement = statement.where(model.category == category)
    return statement


def _published(*, place: str = "", category: str = ""):
    return _narrowed(
        select(NewsPost).where(NewsPost.is_published), NewsPost, place=place, category=category
    )


def published_count(*, db: Session, place: str = "", category: str = "") -> int:
    """How many posts a list has, summed from the counters the database keeps per place and
    category: at most a few dozen rows, however many posts there are."""
    statement = select(func.coalesce(func.sum(PublishedNewsCount.posts), 0))
    return db.exec(_narrowed(statement, PublishedNewsCount, place=place, category=category)).one()


def _newest_first(statement):
    return statement.order_by(NewsPost.published_at.desc(), NewsPost.id.desc())


def published_page(*, db: Session, place: str, category: str, number: int) -> Page:
    """One page of published posts, newest first; a page past the last one does not exist."""
    statement = _newest_first(_published(place=place, category=category))
    total = published_count(db=db, place=place, category=category)
    return paginate(db, statement, number=number, per_page=PER_PAGE, total=total)


def newest_published(*, db: Session, place: str = "", limit: int) -> list[NewsPost]:
    return list(db.exec(_newest_first(_published(place=place)).limit(limit)))


def managed_posts(*, db: Session, user: User) -> list[NewsPost]:
    """Every post, drafts included, that someone may edit: newest changes first."""
    statement = select(NewsPost).order_by(NewsPost.updated_at.desc(), NewsPost.id.desc())
    if not user.is_product_owner:
        own = [org.id for org in organisations_of(db=db, user=user)]
        statement = statement.where(NewsPost.organisation_id.in_(own))
    return list(db.exec(statement))


def organisation_names(*, db: Session, posts: list[NewsPost]) -> dict[int, str]:
    ids = {post.organisation_id for post in posts}
    if not ids:
        return {}
    statement = select(Organisation).where(Organisation.id.in_(ids))
    return {org.id: org.name for org in db.exec(statement)}


def set_published(*, post: NewsPost, published: bool) -> None:
    post.is_published = published
    if published and post.published_at is None:
        post.published_at = utcnow()
    post.updated_at = utcnow()
