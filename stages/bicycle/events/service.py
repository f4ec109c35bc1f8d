"""Which events a list shows: upcoming ones, narrowed by municipality, category and dates."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from stages.bicycle.events.models import Event
from stages.bicycle.events.month import MonthEvent
from stages.bicycle.events.times import LONGEST, berlin_today, start_of_day, weekend_of


@dataclass(frozen=True)
class Filters:
    municipality: str = ""
    category: str = ""
    date_from: date | None = None
    date_to: date | None = None
    weekend: bool = False

    def query_args(self) -> dict[str, str]:
        """The filters as the list's URL spells them, so every link keeps them."""
        args = {
            "gemeinde": self.municipality,
            "kategorie": self.category,
            "von": self.date_from.isoformat() if self.date_from else "",
            "bis": self.date_to.isoformat() if self.date_to else "",
            "wochenende": "1" if self.weekend else "",
        }
        return {name: value for name, value in args.items() if value}


def window(filters: Filters, moment: datetime) -> tuple[datetime, datetime | None]:
    """From when to when the list looks: never before `moment` (the list shows what is still to
    come), from the start of the first day to the end of the last day asked for. "This weekend"
    replaces the dates."""
    if filters.weekend:
        first, last = weekend_of(berlin_today(moment))
    else:
        first, last = filters.date_from, filters.date_to
    lower = max(moment, start_of_day(first)) if first else moment
    upper = start_of_day(last + timedelta(days=1)) if last else None
    return lower, upper


def _started_within_longest_before(moment: datetime) -> list:
    """Redundant for the result (no event lasts longer than LONGEST), but it bounds the range of
    start times the database reads: only the last year's events, not every past one."""
    return [Event.starts_at > moment - LONGEST]


def _conditions(filters: Filters, moment: datetime) -> list:
    lower, upper = window(filters, moment)
    # Still running counts: an event is listed until it has ended.
    conditions = [Event.ends_at > lower, *_started_within_longest_before(lower)]
    if upper is not None:
        conditions.append(Event.starts_at < upper)
    if filters.municipality:
        conditions.append(Event.municipality == filters.municipality)
    if filters.category:
        conditions.append(Event.category == filters.category)
    return conditions


def upcoming_statement(filters: Filters, moment: datetime):
    """The events still to come for these filters, soonest first."""
    return select(Event).where(*_conditions(filters, moment)).order_by(Event.starts_at, Event.id)


def managed_statement(organisation_ids: list[int] | None):
    """Every event of these organisations (None: of all), past and cancelled ones too, the
    latest start first: what a partner looks after."""
    statement = select(Event).order_by(Event.starts_at.desc(), Event.id.desc())
    if organisation_ids is not None:
        statement = statement.where(Event.organisation_id.in_(organisation_ids))
    return statement


def upcoming(db: Session, filters: Filters, moment: datetime, *, limit: int) -> list[Event]:
    return list(db.exec(upcoming_statement(filters, moment).limit(limit)).unique())


def touching(db: Session, start: datetime, end: datetime) -> list[MonthEvent]:
    """Events that take place at some point between `start` and `end` (the month view)."""
    statement = (
        select(
            Event.id, Event.title, Event.all_day, Event.is_cancelled, Event.starts_at, Event.ends_at
        )
        .where(Event.starts_at < end, Event.ends_at > start, *_started_within_longest_before(start))
        .order_by(Event.starts_at, Event.id)
    )
    return [MonthEvent.of(*row) for row in db.exec(statement)]
