"""iCalendar (RFC 5545) export with the `icalendar` library: one event, or a filtered list.

Timed events carry TZID=Europe/Berlin and the file its VTIMEZONE, so calendars show the wall-clock
time the organiser meant, also across a change to or from summer time; all-day events are dates
(VALUE=DATE, the end being the day after the last day). Texts carry no control characters
(RFC 5545 forbids them; line breaks are escaped by the library), whatever was stored."""

from collections.abc import Callable, Iterable
from datetime import timedelta

import icalendar
from flask_babel import gettext as _

from core.text import without_control_characters
from stages.bicycle.events.categories import category_label
from stages.bicycle.events.display import place, price
from stages.bicycle.events.models import Event

PRODID = "-//Landwerk Jerichower Land//Veranstaltungen//DE"


def calendar(
    events: Iterable[Event], *, name: str, uid: str, url_of: Callable[[Event], str]
) -> bytes:
    events = list(events)
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        name=without_control_characters(name),
        uid=uid,
        subcomponents=[_vevent(event, url_of(event)) for event in events],
    )
    if events:
        # Only the transitions the events need: a small file for a weak connection.
        calendar.add_missing_timezones(
            first_date=min(e.first_day for e in events) - timedelta(days=1),
            last_date=max(e.local_end.date() for e in events) + timedelta(days=1),
        )
    return calendar.to_ical()


def _vevent(event: Event, url: str) -> icalendar.Event:
    if event.all_day:
        start, end = event.first_day, event.last_day + timedelta(days=1)
    else:
        start, end = event.local_start, event.local_end
    summary = _("Abgesagt: %(title)s", title=event.title) if event.is_cancelled else event.title
    return icalendar.Event.new(
        uid=event.uid,
        stamp=event.updated_at,  # without METHOD, DTSTAMP is the last change (RFC 5545, 3.8.7.2)
        created=event.created_at,
        last_modified=event.updated_at,
        start=start,
        end=end,
        summary=without_control_characters(summary),
        description=without_control_characters(_description(event)),
        location=without_control_characters(place(event)),
        url=url,
        categories=[category_label(event.category)],
        status="CANCELLED" if event.is_cancelled else "CONFIRMED",
    )


def _description(event: Event) -> str:
    lines = [event.description, _("Veranstalter: %(name)s", name=event.organisation.name)]
    amount = price(event)
    if amount:
        lines.append(amount if event.is_free else _("Eintritt: %(price)s", price=amount))
    if event.is_accessible:
        lines.append(_("Barrierefrei zugänglich"))
    lines.append(event.accessibility_notes)
    return "\n".join(line for line in lines if line)
