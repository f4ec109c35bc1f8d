"""Finding products in SQL: ranked like the directory (`core.search`: name > category > text,
the producer's name counting as text), narrowed by category, municipality, season and "heute
geöffnet", or sorted by name or by distance from a municipality. The search reads at most
`CAP` + 1 matches through an index, so a page costs the same at any number of products; the
page and the count of its candidates come in one pass (`paginate`)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, exists, or_
from sqlalchemy.orm import contains_eager
from sqlmodel import Session, select

from core.formatting import local_timezone
from core.models import utcnow
from core.municipalities import nearest_first
from core.pagination import Page, paginate
from core.search import CAP, SearchIndex, ranked_match
from core.search_index import fts_table
from stages.bicycle.directory.models import DirectoryEntry, OpeningHours
from stages.moped.marketplace.models import Producer, Product

QUERY_MAX = 100
QUERY_WORDS_MAX = 10
PER_PAGE = 20
BEST, BY_NAME, BY_DISTANCE = "", "name", "entfernung"

INDEX = SearchIndex(
    fts_table=fts_table(Product.__tablename__),
    row_id=Product.id,
    name=Product.search_name,
    category=Product.search_category,
    texts=(Product.search_text, Product.search_producer),
)


@dataclass(frozen=True)
class Filters:
    query: str = ""
    category: str = ""
    municipality: str = ""  # a filter, or with BY_DISTANCE where the distance is measured from
    in_season: bool = False
    open_today: bool = False
    sort: str = BEST  # BEST (by name without a query), BY_NAME or BY_DISTANCE
    near: str = ""  # the viewer's municipality, for BY_DISTANCE without a chosen one

    @property
    def origin(self) -> str:
        """Where distances are measured from: the chosen municipality, else the viewer's."""
        return (self.municipality or self.near) if self.sort == BY_DISTANCE else ""


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


def _distance_order(origin: str):
    """0 for the origin's producers, then 1, 2 … by the distance of their municipality."""
    steps = {slug: step for step, slug in enumerate(nearest_first(origin))}
    return case(steps, value=DirectoryEntry.municipality, else_=len(steps))


def _joined(statement):
    return statement.join(Producer, Product.producer_id == Producer.id).join(
        DirectoryEntry, Producer.entry_id == DirectoryEntry.id
    )


def _conditions(filters: Filters, local: datetime) -> list:
    conditions = [visible()]
    if filters.category:
        conditions.append(Product.category == filters.category)
    if filters.municipality and filters.sort != BY_DISTANCE:
        conditions.append(DirectoryEntry.municipality == filters.municipality)
    if filters.in_season:
        conditions.append(_season_contains(local.month))
    if filters.open_today:
        conditions.append(_open_on(local.weekday()))
    return conditions


def search_products(
    *, db: Session, filters: Filters, page: int, now: datetime | None = None
) -> Page:
    """A page of the best matches (or by name, or nearest first) among at most CAP + 1 of
    them; `Page.capped` tells there are more."""
    local = (now or utcnow()).astimezone(local_timezone())
    distance = [_distance_order(filters.origin)] if filters.origin else []
    by_name = [Product.search_name, Product.id]
    match = ranked_match(
        filters.query,
        index=INDEX,
        base=_joined(select(Product.id)).where(*_conditions(filters, local)),
        dialect=db.get_bind().dialect.name,
        max_words=QUERY_WORDS_MAX,
        order=[*distance, *by_name],
    )
    ranking = match.ranking if filters.sort == BEST else []
    statement = (
        _joined(select(Product))
        .where(Product.id.in_(match.candidates))
        .options(contains_eager(Product.producer).contains_eager(Producer.entry))
        .order_by(*distance, *ranking, *by_name)
    )
    return paginate(db, statement, number=page, per_page=PER_PAGE, cap=CAP)


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
