"""Searching the directory in SQL: matches in the name rank before matches in the category,
which rank before matches in the description or address. The same query runs on SQLite and
PostgreSQL, because both compare only the folded lower-case search columns. A page and the
count of all matches come in one pass (`paginate`)."""

from sqlalchemy import case, or_
from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from core.pagination import Page, paginate
from core.text import query_terms
from stages.bicycle.directory.models import DirectoryEntry

QUERY_MAX = 100
QUERY_WORDS_MAX = 10  # keeps the SQL small; nobody types more words into a directory search
PER_PAGE = 20

RANK_NAME, RANK_CATEGORY, RANK_TEXT = 0, 1, 2


def _contains_any(column, spellings: list[str]):
    return or_(*(column.contains(spelling, autoescape=True) for spelling in spellings))


def _conditions(*, query: str, category: str, municipality: str) -> tuple[list, list]:
    """The WHERE conditions, and the ORDER BY that ranks: per query word 0 (name), 1 (category)
    or 2 (text), summed, so an entry whose name holds every word comes first."""
    conditions, ranks = [], []
    for spellings in query_terms(query, QUERY_WORDS_MAX):
        in_name = _contains_any(DirectoryEntry.search_name, spellings)
        in_category = _contains_any(DirectoryEntry.search_category, spellings)
        in_text = _contains_any(DirectoryEntry.search_text, spellings)
        conditions.append(or_(in_name, in_category, in_text))
        ranks.append(case((in_name, RANK_NAME), (in_category, RANK_CATEGORY), else_=RANK_TEXT))
    if category:
        conditions.append(DirectoryEntry.category == category)
    if municipality:
        conditions.append(DirectoryEntry.municipality == municipality)
    ordering = [sum(ranks[1:], ranks[0])] if ranks else []
    return conditions, [*ordering, DirectoryEntry.search_name, DirectoryEntry.id]


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
