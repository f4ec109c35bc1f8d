"""A partner's part of events in their data download: the events they entered. The events are
their organisation's, not theirs: they stay when the account goes, without the person (the
database sets it to NULL), so events has nothing to forget."""

from sqlmodel import Session, select

from core.models import Organisation, User
from stages.bicycle.events.models import Event


def personal_data(db: Session, user: User) -> dict[str, list[dict]]:
    rows = db.exec(
        select(Event, Organisation.name)
        .join(Organisation, Organisation.id == Event.organisation_id)
        .where(Event.created_by_id == user.id)
        .order_by(Event.id)
    ).all()
    return {
        "event": [
            {
                "id": event.id,
                "organisation": organisation,
                "title": event.title,
                "starts_at": event.starts_at.isoformat(),
            }
            for event, organisation in rows
        ]
    }
