"""The month view as data: weeks (Monday first) of days, each day with the events on it."""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from stages.bicycle.events.times import FIRST_YEAR, LAST_YEAR, in_berlin_zone


@dataclass(frozen=True, slots=True)
class MonthEvent:
    """What a month shows of an event: a few columns, not the whole event with its organiser,
    and its days worked out once (the same as `Event.first_day` and `Event.last_day`)."""

    id: int
    title: str
    all_day: bool
    is_cancelled: bool
    local_start: datetime
    first_day: date
    last_day: date

    @classmethod
    def of(
        cls, id: int, title: str, all_day: bool, is_cancelled: bool, starts_at, ends_at
    ) -> "MonthEvent":
        local_start = in_berlin_zone(starts_at)
        # An end at midnight belongs to the day before.
        last_day = (in_berlin_zone(ends_at) - timedelta(microseconds=1)).date()
        return cls(id, title, all_day, is_cancelled, local_start, local_start.date(), last_day)


@dataclass(frozen=True)
class Day:
    date: date
    in_month: bool
    events: list[MonthEvent] = field(default_factory=list)


def is_valid_month(year: int, month: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12


def first_and_next(year: int, month: int) -> tuple[date, date]:
    """The first day of the month and the first day of the next."""
    first = date(year, month, 1)
    return first, (first + timedelta(days=31)).replace(day=1)


def previous_month(year: int, month: int) -> tuple[int, int] | None:
    year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return (year, month) if is_valid_month(year, month) else None


def next_month(year: int, month: int) -> tuple[int, int] | None:
    year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return (year, month) if is_valid_month(year, month) else None


def weeks(year: int, month: int, events: list[MonthEvent]) -> list[list[Day]]:
    """Every week that touches the month; a multi-day event appears on each of its days."""
    first, following = first_and_next(year, month)
    by_day: dict[date, list[MonthEvent]] = defaultdict(list)
    for event in events:
        day = max(event.first_day, first)
        while day <= event.last_day and day < following:
            by_day[day].append(event)
            day += timedelta(days=1)
    return [
        [Day(day, day.month == month, by_day[day] if day.month == month else []) for day in week]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    ]
