"""Opening hours: the week at a glance, and whether a place is open at a given moment.

Everything here is pure: "now" is always passed in, so tests can pick any moment. Opening
hours are wall-clock times in Europe/Berlin, whatever the time zone of `now`."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Protocol

from babel.dates import get_day_names
from flask_babel import get_locale
from flask_babel import gettext as _

from core.formatting import local_timezone

WEEKDAYS = range(7)  # 0 = Monday, as datetime.weekday()


class TimeRange(Protocol):
    weekday: int
    opens: time
    closes: time


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool
    until: time | None = None  # open: when the current range ends
    next_opens: time | None = None  # closed: when it opens next …
    next_weekday: int | None = None  # … on which weekday …
    days_ahead: int | None = None  # … and how many days from today (0 = later today)


def week(hours: Iterable[TimeRange]) -> dict[int, list[TimeRange]]:
    """Weekday → its ranges in order; closed days map to an empty list."""
    days: dict[int, list[TimeRange]] = {weekday: [] for weekday in WEEKDAYS}
    for hour in sorted(hours, key=lambda h: (h.weekday, h.opens)):
        days[hour.weekday].append(hour)
    return days


def opening_status(hours: Iterable[TimeRange], now: datetime) -> OpeningStatus | None:
    """Open or closed at `now` (timezone-aware), and when it opens next; None if no hours
    are known."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    days = week(hours)
    local = now.astimezone(local_timezone())
    today, clock = local.weekday(), local.time()
    for hour in days[today]:
        if hour.opens <= clock < hour.closes:
            return OpeningStatus(is_open=True, until=hour.closes)
    # Later today, then the next seven days (the seventh is today next week).
    upcoming = [
        (days_ahead, hour)
        for days_ahead in range(8)
        for hour in days[(today + days_ahead) % 7]
        if days_ahead > 0 or hour.opens > clock
    ]
    if not upcoming:
        return None
    days_ahead, hour = upcoming[0]
    return OpeningStatus(
        is_open=False, next_opens=hour.opens, next_weekday=hour.weekday, days_ahead=days_ahead
    )


def clock(value: time) -> str:
    return value.strftime("%H:%M")


def _language() -> str:
    return str(get_locale() or "de")


def day_name(weekday: int) -> str:
    """Montag, Dienstag … (in the page's language)."""
    return get_day_names("wide", context="stand-alone", locale=_language())[weekday]


def short_day_name(weekday: int) -> str:
    """Mo, Di …"""
    return get_day_names("abbreviated", context="stand-alone", locale=_language())[weekday]


def describe(status: OpeningStatus) -> str:
    """'Jetzt geöffnet · bis 17:00' or 'Geschlossen · öffnet Di 08:00'."""
    if status.is_open:
        return _("Jetzt geöffnet · bis %(time)s", time=clock(status.until))
    opens = clock(status.next_opens)
    if status.days_ahead == 0:
        return _("Geschlossen · öffnet heute %(time)s", time=opens)
    if status.days_ahead == 1:
        return _("Geschlossen · öffnet morgen %(time)s", time=opens)
    return _(
        "Geschlossen · öffnet %(day)s %(time)s",
        day=short_day_name(status.next_weekday),
        time=opens,
    )


def describe_day(ranges: list[TimeRange]) -> str:
    """'08:00–12:00 und 13:00–17:00', or 'geschlossen'."""
    if not ranges:
        return _("geschlossen")
    spans = [f"{clock(hour.opens)}–{clock(hour.closes)}" for hour in ranges]
    if len(spans) == 1:
        return spans[0]
    return _("%(first)s und %(second)s", first=", ".join(spans[:-1]), second=spans[-1])
