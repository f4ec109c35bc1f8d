"""One page of an ordered query, the same way for every list on the platform."""

from dataclasses import dataclass
from math import ceil

from sqlalchemy import func
from sqlmodel import Session, select


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


class PageNotFound(LookupError):
    pass


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
