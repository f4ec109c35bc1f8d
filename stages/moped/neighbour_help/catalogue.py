"""What a help post can be: its kind, its category, its status, and the rules of its end date."""

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

OFFER, REQUEST = "biete", "suche"
KINDS = {OFFER: _l("Ich biete Hilfe"), REQUEST: _l("Ich suche Hilfe")}
# What the other side's button says: an offer is answered with a need, a request with help.
ANSWERS = {OFFER: _l("Das brauche ich"), REQUEST: _l("Ich kann helfen")}

CATEGORIES = {
    "einkaufen": _l("Einkaufen"),
    "fahrdienst": _l("Fahrdienst & Begleitung"),
    "garten": _l("Garten"),
    "haushalt": _l("Haushalt"),
    "technik": _l("Technik & Handy"),
    "besuch": _l("Besuch & Gesellschaft"),
    "tiere": _l("Tiere"),
    "handwerk": _l("Handwerk"),
    "sonstiges": _l("Sonstiges"),
}

OPEN, CLOSED, WITHDRAWN = "offen", "geklappt", "zurueckgezogen"
STATUSES = {OPEN: _l("offen"), CLOSED: _l("hat geklappt"), WITHDRAWN: _l("zurückgezogen")}

DEFAULT_DAYS = 28  # four weeks
MAX_MONTHS = 3


def label(labels: dict, key: str | None) -> str:
    return str(labels.get(key or "", key or ""))


def default_end(today: date) -> date:
    return today + timedelta(days=DEFAULT_DAYS)


def latest_end(today: date) -> date:
    """Three calendar months on; the 31st becomes the last day of a shorter month."""
    month = today.month - 1 + MAX_MONTHS
    year, month = today.year + month // 12, month % 12 + 1
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")
