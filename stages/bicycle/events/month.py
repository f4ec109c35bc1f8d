"""The month view as data: weeks (Monday first) of days, each day with the events on it."""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from stages.bicycle.events.models import Event
from stages.bicycle.events.times import FIRST_YEAR, LAST_YEAR


@dataclass(frozen=True)
class Day:
    date: date
    in_month: bool
    events: list[Event] = field(default_factory=list)


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


def weeks(year: int, month: int, events: list[Event]) -> list[list[Day]]:
    """Every week that touches the month; a multi-day event appears on each of its days."""
    first, following = first_and_next(year, month)
    by_day: dict[date, list[Event]] = defaultdict(list)
    for event in events:
        day = max(event.first_day, first)
        while day <= event.last_day and day < following:
            by_day[day].append(event)
            day += timedelta(days=1)
    return [
        [Day(day, day.month == month, by_day[day] if day.month == month else []) for day in week]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    ]
