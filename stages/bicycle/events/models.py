"""An event of a partner organisation, with its place, times and what it costs."""

import uuid
from datetime import date, datetime, timedelta

from sqlmodel import Field, Relationship, SQLModel

from core.models import Organisation, utcnow
from stages.bicycle.events.times import in_berlin_zone

TITLE_MAX = 120
DESCRIPTION_MAX = 5000
PLACE_MAX = 120
ADDRESS_MAX = 200
PRICE_NOTE_MAX = 200
ACCESSIBILITY_MAX = 500
DEMO_KEY_MAX = 60
UID_MAX = 80


def new_uid() -> str:
    """The iCalendar UID: made once, so calendars that imported the event recognise it later."""
    return f"{uuid.uuid4()}@landwerk"


class Event(SQLModel, table=True):
    """Times are stored in UTC. An all-day event runs from midnight (Berlin) of its first day to
    midnight after its last day, so lists, filters and the month view treat both kinds alike."""

    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, max_length=UID_MAX, unique=True)
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE", index=True)
    created_by_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    title: str = Field(max_length=TITLE_MAX)
    description: str = Field(default="", max_length=DESCRIPTION_MAX)
    starts_at: datetime = Field(index=True)
    ends_at: datetime = Field(index=True)
    all_day: bool = Field(default=False)
    place_name: str = Field(max_length=PLACE_MAX)
    address: str = Field(default="", max_length=ADDRESS_MAX)
    municipality: str = Field(max_length=20, index=True)  # a slug of core.municipalities
    category: str = Field(max_length=20, index=True)  # a key of CATEGORIES
    is_free: bool = Field(default=False)
    price_cents: int | None = Field(default=None)
    price_note: str = Field(default="", max_length=PRICE_NOTE_MAX)
    is_accessible: bool = Field(default=False)
    accessibility_notes: str = Field(default="", max_length=ACCESSIBILITY_MAX)
    is_cancelled: bool = Field(default=False)
    is_demo: bool = Field(default=False)
    demo_key: str | None = Field(default=None, max_length=DEMO_KEY_MAX, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    # Every page that shows an event names its organiser: load it in the same query.
    organisation: Organisation = Relationship(sa_relationship_kwargs={"lazy": "joined"})

    @property
    def local_start(self) -> datetime:
        return in_berlin_zone(self.starts_at)

    @property
    def local_end(self) -> datetime:
        return in_berlin_zone(self.ends_at)

    @property
    def first_day(self) -> date:
        return self.local_start.date()

    @property
    def last_day(self) -> date:
        """The last calendar day the event touches; an end at midnight belongs to the day before."""
        return (self.local_end - timedelta(microseconds=1)).date()
