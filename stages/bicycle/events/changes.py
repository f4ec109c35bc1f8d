"""What partners and owners change in events, each in one transaction with its audit entry."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from core import audit
from core.audit import Actor
from core.db import all_or_nothing
from core.models import User, utcnow
from stages.bicycle.events.models import Event

audit.describe(
    actions={
        "event_create": _l("Veranstaltung eingetragen"),
        "event_edit": _l("Veranstaltung geändert"),
        "event_cancel": _l("Veranstaltung abgesagt"),
        "event_resume": _l("Abgesagte Veranstaltung findet wieder statt"),
        "event_delete": _l("Veranstaltung gelöscht"),
    },
    fields={
        "title": _l("Titel"),
        "starts_at": _l("Beginn"),
        "ends_at": _l("Ende"),
        "is_cancelled": _l("Abgesagt"),
    },
    subjects={"event": lambda number: _("Veranstaltung Nr. %(number)s", number=number)},
)

FIELDS = (
    "organisation_id", "title", "description", "category", "all_day", "starts_at", "ends_at",
    "place_name", "address", "municipality", "is_free", "price_cents", "price_note",
    "is_accessible", "accessibility_notes", "is_cancelled",
)  # fmt: skip


def _state(event: Event) -> dict:
    return audit.as_recorded(event, FIELDS)


def save(*, db: Session, user: User, event: Event, apply) -> Event:
    """A new event (no id yet) or changes to one: `apply(event)` writes the form's values."""

    def changed(row: Event) -> None:
        apply(row)
        if row.id is not None:
            row.updated_at = utcnow()

    return audit.save_recorded(db, user=user, row=event, apply=changed, kind="event", state=_state)


def set_cancelled(*, db: Session, user: User, event: Event, cancelled: bool) -> bool:
    """Called off or on again; False (and nothing written) when it already is."""
    if event.is_cancelled == cancelled:
        return False
    with all_or_nothing(db):
        event.is_cancelled = cancelled
        event.updated_at = utcnow()
        db.add(event)
        audit.record(
            db,
            actor=Actor.of(user),
            action="event_cancel" if cancelled else "event_resume",
            subject=f"event:{event.id}",
            before={"is_cancelled": not cancelled},
            after={"is_cancelled": cancelled},
        )
    return True


def delete(*, db: Session, user: User, event: Event) -> None:
    with all_or_nothing(db):
        audit.record(
            db,
            actor=Actor.of(user),
            action="event_delete",
            subject=f"event:{event.id}",
            before=_state(event),
        )
        db.delete(event)
