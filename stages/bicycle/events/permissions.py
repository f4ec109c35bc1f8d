"""Who may publish and change events: partners for their own organisations, product owners for
all. Checked on the server for every event, whatever id a request names."""

from sqlmodel import Session

from core.models import User
from core.ownership import acting_organisations, get_authorised, may_act_for
from stages.bicycle.events.models import Event


def may_create(db: Session, user: User) -> bool:
    """Whether this person may publish events at all (for some organisation)."""
    return bool(acting_organisations(db, user))


def may_edit(db: Session, user: User, event: Event) -> bool:
    return may_act_for(db, user, event.organisation_id)


def editable_event(db: Session, user: User, event_id: int) -> Event:
    """The event, if this person may change it: 404 when there is none, 403 when not theirs."""
    return get_authorised(db, Event, event_id, may=lambda event: may_edit(db, user, event))
