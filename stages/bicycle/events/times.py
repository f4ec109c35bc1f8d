"""Time in the Jerichower Land: people enter and read Europe/Berlin (the platform's zone, see
core.formatting.local_timezone), the database keeps UTC.

`now()` is the one clock of this service; tests replace it. Everything else here is pure."""

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import format_date
from flask_babel import gettext as _

from core.formatting import local_timezone
from core.models import as_utc

FIRST_YEAR = 2000
LAST_YEAR = 2100
LONGEST = timedelta(days=366)


def now() -> datetime:
    return datetime.now(UTC)


def in_berlin_zone(stored: datetime) -> datetime:
    """A time from the database, in Berlin."""
    return as_utc(stored).astimezone(local_timezone())


def berlin_today(moment: datetime) -> date:
    return moment.astimezone(local_timezone()).date()


def weekend_of(today: date) -> tuple[date, date]:
    """Saturday and Sunday of today's week (weeks start on Monday): on a weekday the coming
    weekend, on Saturday or Sunday the weekend we are in."""
    saturday = today + timedelta(days=5 - today.weekday())
    return saturday, saturday + timedelta(days=1)


def start_of_day(day: date) -> datetime:
    """Midnight in Berlin, in UTC. Midnight always exists there: the clocks change at 2 and 3."""
    return datetime.combine(day, time(0), tzinfo=local_timezone()).astimezone(UTC)


def in_berlin(day: date, clock: time) -> datetime | None:
    """A wall-clock time in Berlin, in UTC; None when the clocks skip it (last Sunday in March).
    A time that happens twice (last Sunday in October) means the first, as RFC 5545 says."""
    zone = local_timezone()
    local = datetime.combine(day, clock, tzinfo=zone)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return instant


class SpanError(ValueError):
    """An impossible start or end; `field` names the form field the message belongs to."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def event_span(
    *,
    all_day: bool,
    start_date: date,
    start_time: time | None,
    end_date: date | None,
    end_time: time | None,
) -> tuple[datetime, datetime]:
    """Start and end in UTC from what a partner typed. The end date defaults to the start date;
    an all-day event ends at midnight after its last day."""
    end_date = end_date or start_date
    if all_day:
        if end_date < start_date:
            raise SpanError("end_date", _("Das Ende liegt vor dem Beginn."))
        starts_at, ends_at = start_of_day(start_date), start_of_day(end_date + timedelta(days=1))
    else:
        if start_time is None:
            raise SpanError(
                "start_time",
                _("Bitte geben Sie die Uhrzeit des Beginns an oder wählen Sie „ganztägig“."),
            )
        if end_time is None:
            raise SpanError("end_time", _("Bitte geben Sie die Uhrzeit des Endes an."))
        starts_at = _existing("start_time", start_date, start_time)
        ends_at = _existing("end_time", end_date, end_time)
        if ends_at <= starts_at:
            raise SpanError(
                "end_time",
                _("Das Ende liegt vor dem Beginn. Endet die Veranstaltung am nächsten Tag?"),
            )
    if ends_at - starts_at > LONGEST:
        raise SpanError("end_date", _("Eine Veranstaltung kann höchstens ein Jahr dauern."))
    return starts_at, ends_at


def _existing(field: str, day: date, clock: time) -> datetime:
    instant = in_berlin(day, clock)
    if instant is None:
        raise SpanError(
            field,
            _(
                "Am %(day)s wird die Uhr von 2 auf 3 Uhr vorgestellt; diese Uhrzeit gibt es nicht.",
                day=format_date(day, "long"),
            ),
        )
    return instant
