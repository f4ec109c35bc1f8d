"""Searching the directory in SQL: matches in the name rank before matches in the category,
which rank before matches in the description or address. The same query runs on SQLite and
PostgreSQL, because both compare only the folded lower-case search columns."""

from dataclasses import dataclass

from sqlalchemy import case, func, or_
from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from core.text import query_terms
from stages.bicycle.directory.models import DirectoryEntry

QUERY_MAX = 100
QUERY_WORDS_MAX = 10  # keeps the SQL small; nobody types more words into a directory search
PER_PAGE = 20

RANK_NAME, RANK_CATEGORY, RANK_TEXT = 0, 1, 2


@dataclass(frozen=True)
class SearchPage:
    entries: list[DirectoryEntry]
    total: int
    page: int
    pages: int


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


def _page_of(db: Session, conditions: list, ordering: list, page: int):
    """One page of matches and the number of all matches, in one pass over the table: the
    window count comes with every row (and with no row, past the last page)."""
    listing = (
        select(DirectoryEntry, func.count().over())
        .where(*conditions)
        .options(selectinload(DirectoryEntry.hours))
        .order_by(*ordering)
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    rows = db.exec(listing).all()
    return [entry for entry, _total in rows], (rows[0][1] if rows else 0)


def search_entries(
    *, db: Session, query: str = "", category: str = "", municipality: str = "", page: int = 1
) -> SearchPage:
    """One page of matching entries, best first; an empty query lists every entry by name.
    A page past the last one shows the last one."""
    conditions, ordering = _conditions(query=query, category=category, municipality=municipality)
    page = max(1, page)
    entries, total = _page_of(db, conditions, ordering, page)
    if not entries and page > 1:
        total = db.exec(select(func.count()).select_from(DirectoryEntry).where(*conditions)).one()
        page = max(1, -(-total // PER_PAGE))
        entries, total = _page_of(db, conditions, ordering, page)
    pages = max(1, -(-total // PER_PAGE))
    return SearchPage(entries=entries, total=total, page=page, pages=pages)
