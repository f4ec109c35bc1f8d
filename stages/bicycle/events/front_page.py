"""The events on the front page: what comes next in the viewer's municipality."""

from flask import render_template

from core import db
from stages.bicycle.events import service, times
from stages.bicycle.events.display import helpers

EVENTS = 3


def front_page(municipality: str) -> str | None:
    filters = service.Filters(municipality=municipality)
    events = service.upcoming(db.session(), filters, times.now(), limit=EVENTS)
    if not events:
        return None
    return render_template(
        "events/_front_page.html", events=events, municipality=municipality, **helpers()
    )
