"""How an event reads on a page: its dates in words, its price, its place."""

from decimal import Decimal

from flask_babel import format_currency
from flask_babel import gettext as _

from core.formatting import format_date, format_time
from core.municipalities import municipality_name
from stages.bicycle.events.categories import category_label
from stages.bicycle.events.models import Event


def when(event: Event) -> str:
    """ "Samstag, 24. Oktober 2026, 20:00 bis 23:00 Uhr" and its all-day and multi-day kinds."""
    if event.all_day:
        if event.first_day == event.last_day:
            return _("%(day)s, ganztägig", day=format_date(event.first_day, "full"))
        return _(
            "%(first)s bis %(last)s",
            first=format_date(event.first_day, "full"),
            last=format_date(event.last_day, "full"),
        )
    start, end = event.local_start, event.local_end
    if event.first_day == event.last_day:
        return _(
            "%(day)s, %(start)s bis %(end)s Uhr",
            day=format_date(start.date(), "full"),
            start=format_time(start, "short"),
            end=format_time(end, "short"),
        )
    return _(
        "%(first)s bis %(last)s",
        first=_at(start),
        last=_at(end),
    )


def _at(moment) -> str:
    return _(
        "%(day)s, %(time)s Uhr",
        day=format_date(moment.date(), "full"),
        time=format_time(moment, "short"),
    )


def machine_start(event: Event) -> str:
    """For <time datetime>: a date for all-day events, else the local time with its offset."""
    return event.first_day.isoformat() if event.all_day else event.local_start.isoformat()


def machine_end(event: Event) -> str:
    return event.last_day.isoformat() if event.all_day else event.local_end.isoformat()


def price(event: Event) -> str:
    """ "Eintritt frei" or the amount, with the organiser's note ("ermäßigt 5 €")."""
    if event.is_free:
        amount = _("Eintritt frei")
    elif event.price_cents is not None:
        amount = euros(event.price_cents)
    else:
        amount = ""
    return " – ".join(part for part in (amount, event.price_note) if part)


def euros(cents: int) -> str:
    return format_currency(Decimal(cents) / 100, "EUR")


def place(event: Event) -> str:
    """Name, address and municipality, leaving out what is empty or already said."""
    town = municipality_name(event.municipality)
    parts = [event.place_name, event.address]
    if town and not any(town in part for part in parts):
        parts.append(town)
    return ", ".join(part for part in parts if part)


def helpers() -> dict:
    """What the events templates use to show an event."""
    return {
        "event_when": when,
        "event_price": price,
        "event_place": place,
        "event_machine_start": machine_start,
        "event_machine_end": machine_end,
        "category_label": category_label,
        "municipality_name": municipality_name,
    }
