"""Searching the directory in SQL: matches in the name rank before matches in the category,
which rank before matches in the description or address (`core.search`, the same rules as
Regionales). An index answers the words (migration directory_0002) and at most `CAP` + 1
matches are read, so a page costs the same however many entries there are; the page and the
count of its candidates come in one pass (`paginate`)."""

from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from core.pagination import Page, paginate
from core.search import CAP, SearchIndex, ranked_match
from core.search_index import fts_table
from stages.bicycle.directory.models import DirectoryEntry

QUERY_MAX = 100
QUERY_WORDS_MAX = 10  # keeps the SQL small; nobody types more words into a directory search
PER_PAGE = 20

INDEX = SearchIndex(
    fts_table=fts_table(DirectoryEntry.__tablename__),
    row_id=DirectoryEntry.id,
    name=DirectoryEntry.search_name,
    category=DirectoryEntry.search_category,
    texts=(DirectoryEntry.search_text,),
)


def search_entries(
    *, db: Session, query: str = "", category: str = "", municipality: str = "", page: int = 1
) -> Page:
    """One page of matching entries, best first; an empty query lists the entries by name."""
    base = select(DirectoryEntry.id)
    if category:
        base = base.where(DirectoryEntry.category == category)
    if municipality:
        base = base.where(DirectoryEntry.municipality == municipality)
    by_name = [DirectoryEntry.search_name, DirectoryEntry.id]
    match = ranked_match(
        query,
        index=INDEX,
        base=base,
        dialect=db.get_bind().dialect.name,
        max_words=QUERY_WORDS_MAX,
        order=by_name,
    )
    statement = (
        select(DirectoryEntry)
        .where(DirectoryEntry.id.in_(match.candidates))
        .options(selectinload(DirectoryEntry.hours))
        .order_by(*match.ranking, *by_name)
    )
    return paginate(db, statement, number=page, per_page=PER_PAGE, cap=CAP)
