"""Who may publish and change events: partners for their own organisations, product owners for
all. Checked on the server for every event, whatever id a request names."""

from flask import abort
from sqlmodel import Session, select

from core.accounts import organisations_of
from core.models import Organisation, User
from stages.bicycle.events.models import Event


def publishing_organisations(db: Session, user: User) -> list[Organisation]:
    """The organisations this person may publish events for (none: may not publish)."""
    if not user.is_authenticated:
        return []
    if user.is_product_owner:
        return list(db.exec(select(Organisation).order_by(Organisation.name)))
    return organisations_of(db=db, user=user)


def may_edit(db: Session, user: User, event: Event) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_product_owner:
        return True
    return any(o.id == event.organisation_id for o in organisations_of(db=db, user=user))


def event_or_404(db: Session, event_id: int) -> Event:
    event = db.get(Event, event_id)
    if event is None:
        abort(404)
    return event


def editable_event(db: Session, user: User, event_id: int) -> Event:
    """The event, if this person may change it: 404 when there is none, 403 when not theirs."""
    event = event_or_404(db, event_id)
    if not may_edit(db, user, event):
        abort(403)
    return event
