"""One page of an ordered query, the same way for every list on the platform: one parser for
the page number asked for, one rule for a page past the last (it does not exist: 404), and one
pager template (`_pager.html`) that links to the neighbours."""

from collections.abc import Callable
from dataclasses import dataclass
from math import ceil

from flask import abort, request
from sqlalchemy import func
from sqlmodel import Session, select

PAGE_PARAMETER = "seite"
MAX_PAGE = 100_000  # beyond any list here; keeps the offset a small number for every database


@dataclass(frozen=True)
class Page:
    rows: list
    number: int
    count: int
    total: int  # rows on all pages

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


class PageNotFound(LookupError):
    pass


def parse_page_number(raw: str | None) -> int | None:
    """A page number from a query string: ASCII digits from 1 to MAX_PAGE, else None
    ("²" is a digit to str.isdigit, not to this)."""
    if raw is None or not raw.isascii() or not raw.isdigit():
        return None
    number = int(raw)
    return number if 1 <= number <= MAX_PAGE else None


def requested_page() -> int:
    """The page number this request asks for (?seite=, default 1); anything else is a 404."""
    number = parse_page_number(request.args.get(PAGE_PARAMETER, "1"))
    if number is None:
        abort(404)
    return number


def paginate(
    db: Session, statement, *, number: int, per_page: int, total: int | None = None
) -> Page:
    """One page of an ordered statement; a page past the last one does not exist. `total`, if
    the caller keeps a counter of the rows, saves counting them."""
    if total is None:
        total = db.exec(select(func.count()).select_from(statement.subquery())).one()
    count = max(1, ceil(total / per_page))
    if not 1 <= number <= count:
        raise PageNotFound(number)
    rows = db.exec(statement.offset((number - 1) * per_page).limit(per_page))
    return Page(rows=list(rows), number=number, count=count, total=total)
