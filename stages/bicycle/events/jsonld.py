"""schema.org `Event` markup, so search engines and calendars understand the detail page.

The template writes it with Flask's `tojson`, which escapes <, > and & as \\u003c, \\u003e and
\\u0026: a title containing "</script>" cannot end the data block."""

from core.municipalities import municipality_name
from stages.bicycle.events.display import machine_end, machine_start
from stages.bicycle.events.models import Event

SCHEMA = "https://schema.org/"


def event_jsonld(event: Event, url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "startDate": machine_start(event),
        "endDate": machine_end(event),
        "eventStatus": SCHEMA + ("EventCancelled" if event.is_cancelled else "EventScheduled"),
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": event.place_name,
            "address": _postal_address(event),
        },
        "organizer": {"@type": "Organization", "name": event.organisation.name},
        "isAccessibleForFree": event.is_free,
        "inLanguage": "de",
    }
    if event.description:
        data["description"] = event.description
    offer = _offer(event, url)
    if offer:
        data["offers"] = offer
    return data


def _postal_address(event: Event) -> dict:
    address = {
        "@type": "PostalAddress",
        "addressLocality": municipality_name(event.municipality),
        "addressRegion": "Sachsen-Anhalt",
        "addressCountry": "DE",
    }
    if event.address:
        address["streetAddress"] = event.address
    return address


def _offer(event: Event, url: str) -> dict | None:
    if event.is_free:
        price = "0"
    elif event.price_cents is not None:
        price = f"{event.price_cents // 100}.{event.price_cents % 100:02d}"
    else:
        return None
    offer = {"@type": "Offer", "price": price, "priceCurrency": "EUR", "url": url}
    if event.price_note:
        offer["description"] = event.price_note
    return offer
