"""Finding products in SQL: ranked like the directory (`core.search`: name > category > text,
the producer's name and profile counting as text), narrowed by category, municipality, season
and "heute geöffnet". A page and the count of all matches come in one pass (`paginate`)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, literal, or_
from sqlalchemy.orm import contains_eager
from sqlmodel import Session, select

from core.formatting import local_timezone
from core.models import utcnow
from core.pagination import Page, paginate
from core.search import ranked_match
from stages.bicycle.directory.models import DirectoryEntry, OpeningHours
from stages.moped.marketplace.models import Producer, Product

QUERY_MAX = 100
QUERY_WORDS_MAX = 10
PER_PAGE = 20


@dataclass(frozen=True)
class Filters:
    query: str = ""
    category: str = ""
    municipality: str = ""
    in_season: bool = False
    open_today: bool = False
    by_name: bool = False  # sort by name even when a query ranks


def _season_contains(month: int):
    """The SQL of `catalogue.in_season` for one month."""
    first, last = Product.season_from, Product.season_to
    return or_(
        first.is_(None),
        and_(first <= last, first <= month, last >= month),
        and_(first > last, or_(first <= month, last >= month)),
    )


def _open_on(weekday: int):
    return exists().where(
        OpeningHours.entry_id == Producer.entry_id, OpeningHours.weekday == weekday
    )


def visible():
    """What everyone may see: published, and neither product nor producer hidden."""
    return and_(Product.is_published, Product.is_hidden.is_(False), Producer.is_hidden.is_(False))


def _profile_text():
    # The producer's name and profile are searched as text; folded the way the columns are.
    return Product.search_text + literal(" ") + DirectoryEntry.search_name


def search_products(
    *, db: Session, filters: Filters, page: int, now: datetime | None = None
) -> Page:
    local = (now or utcnow()).astimezone(local_timezone())
    match = ranked_match(
        filters.query,
        name=Product.search_name,
        category=Product.search_category,
        text=_profile_text(),
        max_words=QUERY_WORDS_MAX,
    )
    conditions = [visible(), *match.conditions]
    if filters.category:
        conditions.append(Product.category == filters.category)
    if filters.municipality:
        conditions.append(DirectoryEntry.municipality == filters.municipality)
    if filters.in_season:
        conditions.append(_season_contains(local.month))
    if filters.open_today:
        conditions.append(_open_on(local.weekday()))
    ranking = [] if filters.by_name else match.ranking
    statement = (
        select(Product)
        .join(Producer, Product.producer_id == Producer.id)
        .join(DirectoryEntry, Producer.entry_id == DirectoryEntry.id)
        .where(*conditions)
        .options(contains_eager(Product.producer).contains_eager(Producer.entry))
        .order_by(*ranking, Product.search_name, Product.id)
    )
    return paginate(db, statement, number=page, per_page=PER_PAGE)


def producers_page(*, db: Session, municipality: str = "", page: int) -> Page:
    """Producers everyone may see, by name."""
    statement = (
        select(Producer)
        .join(DirectoryEntry, Producer.entry_id == DirectoryEntry.id)
        .where(Producer.is_hidden.is_(False))
        .options(contains_eager(Producer.entry).selectinload(DirectoryEntry.hours))
        .order_by(DirectoryEntry.search_name, Producer.id)
    )
    if municipality:
        statement = statement.where(DirectoryEntry.municipality == municipality)
    return paginate(db, statement, number=page, per_page=PER_PAGE)


def producer_products(*, db: Session, producer: Producer, with_drafts: bool) -> list[Product]:
    """A producer's products by name: the published ones, and the drafts for its partners."""
    statement = select(Product).where(Product.producer_id == producer.id).order_by(Product.name)
    if not with_drafts:
        statement = statement.where(Product.is_published, Product.is_hidden.is_(False))
    return list(db.exec(statement))


def producer_of_entry(*, db: Session, entry_id: int) -> Producer | None:
    return db.exec(select(Producer).where(Producer.entry_id == entry_id)).first()
