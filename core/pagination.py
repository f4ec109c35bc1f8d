"""One page of an ordered query, the same way for every list on the platform: one parser for
the page number asked for, one rule for a page past the last (it does not exist: 404), and one
pager template (`_pager.html`) that links to the neighbours."""

from collections.abc import Callable
from dataclasses import dataclass
from math import ceil

from flask import abort, request
from sqlalchemy import func
from sqlmodel import Session
from werkzeug.exceptions import NotFound

from core.numbers import parse_number

PAGE_PARAMETER = "seite"
MAX_PAGE = 100_000  # beyond any list here; keeps the offset a small number for every database


@dataclass(frozen=True)
class Page:
    rows: list
    number: int
    count: int
    total: int  # rows on all pages
    cap: int | None = None  # the caller read at most this many rows (+ 1): "more than cap"

    @property
    def capped(self) -> bool:
        return self.cap is not None and self.total > self.cap

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count


@dataclass(frozen=True)
class Pager:
    """A page with the addresses of its neighbours, built in the view (not in the template)."""

    page: Page
    url_for_page: Callable[[int], str]

    @property
    def previous_url(self) -> str | None:
        return self.url_for_page(self.page.number - 1) if self.page.has_previous else None

    @property
    def next_url(self) -> str | None:
        return self.url_for_page(self.page.number + 1) if self.page.has_next else None


class PageNotFound(NotFound):
    """A page past the last one (or before the first): it does not exist, 404."""


def parse_page_number(raw: str | None) -> int | None:
    """A page number from a query string: from 1 to MAX_PAGE by the rule of core.numbers, else
    None ("²" is a digit to str.isdigit, not to this)."""
    return parse_number(raw, lowest=1, highest=MAX_PAGE)


def requested_page() -> int:
    """The page number this request asks for (?seite=, default 1); anything else is a 404."""
    number = parse_page_number(request.args.get(PAGE_PARAMETER, "1"))
    if number is None:
        abort(404)
    return number


def paginate(
    db: Session,
    statement,
    *,
    number: int,
    per_page: int,
    total: int | None = None,
    cap: int | None = None,
) -> Page:
    """One page of an ordered statement; a page past the last one does not exist (404). The
    rows come with the count of all of them in one pass (a window count); `total`, if the caller
    keeps a counter of the rows, saves even that."""
    if number < 1:
        raise PageNotFound()
    window = statement.offset((number - 1) * per_page).limit(per_page)
    rows = None
    if total is None:
        rows, total = _rows_and_total(db, window)
    count = max(1, ceil(total / per_page))  # an empty list has its first page
    if number > count:
        raise PageNotFound()
    if rows is None:
        rows = list(db.exec(window))
    return Page(rows=rows, number=number, count=count, total=total, cap=cap)


def _rows_and_total(db: Session, window) -> tuple[list, int]:
    """The page's rows and the count of all rows (0 when the page is empty: if it is a later
    page, the caller's check refuses it as past the last one)."""
    single = len(window.column_descriptions) == 1
    # execute, not exec: SQLModel's exec would keep only the first column of a one-model select.
    counted = list(db.execute(window.add_columns(func.count().over())))
    if not counted:
        return [], 0
    rows = [row[0] if single else tuple(row[:-1]) for row in counted]
    return rows, counted[0][-1]
