"""Searching the directory in SQL: matches in the name rank before matches in the category,
which rank before matches in the description or address. The same query runs on SQLite and
PostgreSQL, because both compare only the folded lower-case search columns. A page and the
count of all matches come in one pass (`paginate`)."""

from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from core.pagination import Page, paginate
from core.search import ranked_match
from stages.bicycle.directory.models import DirectoryEntry

QUERY_MAX = 100
QUERY_WORDS_MAX = 10  # keeps the SQL small; nobody types more words into a directory search
PER_PAGE = 20


def _conditions(*, query: str, category: str, municipality: str) -> tuple[list, list]:
    """The WHERE conditions, and the ORDER BY that ranks (see `core.search`)."""
    match = ranked_match(
        query,
        name=DirectoryEntry.search_name,
        category=DirectoryEntry.search_category,
        text=DirectoryEntry.search_text,
        max_words=QUERY_WORDS_MAX,
    )
    conditions = list(match.conditions)
    if category:
        conditions.append(DirectoryEntry.category == category)
    if municipality:
        conditions.append(DirectoryEntry.municipality == municipality)
    return conditions, [*match.ranking, DirectoryEntry.search_name, DirectoryEntry.id]


def search_entries(
    *, db: Session, query: str = "", category: str = "", municipality: str = "", page: int = 1
) -> Page:
    """One page of matching entries, best first; an empty query lists every entry by name."""
    conditions, ordering = _conditions(query=query, category=category, municipality=municipality)
    statement = (
        select(DirectoryEntry)
        .where(*conditions)
        .options(selectinload(DirectoryEntry.hours))
        .order_by(*ordering)
    )
    return paginate(db, statement, number=page, per_page=PER_PAGE)
