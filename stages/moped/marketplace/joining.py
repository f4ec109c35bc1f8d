"""An organisation of the directory becomes a producer: its partners (or a product owner) fill
in the profile, and its directory entry – the oldest, where it has several – becomes the
producer with its address and opening hours. One producer per organisation: the entry is always
the same one and `Producer.entry_id` is unique, so a double click or a second attempt finds the
profile the first one made."""

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core import audit
from core.audit import Actor
from core.db import all_or_nothing
from core.models import Membership, Organisation, User
from stages.bicycle.directory.models import DirectoryEntry
from stages.moped.marketplace.changes import PRODUCER_FIELDS
from stages.moped.marketplace.models import Producer

audit.describe(actions={"producer_create": _l("Erzeuger eingetragen")})


def entry_of(db: Session, organisation_id: int) -> DirectoryEntry | None:
    """The directory entry that is (or becomes) the organisation's producer."""
    statement = (
        select(DirectoryEntry)
        .where(DirectoryEntry.organisation_id == organisation_id)
        .order_by(DirectoryEntry.id)
    )
    return db.exec(statement).first()


def producer_of(db: Session, organisation_id: int) -> Producer | None:
    """The organisation's producer, on whichever of its entries it is."""
    statement = (
        select(Producer)
        .join(DirectoryEntry, Producer.entry_id == DirectoryEntry.id)
        .where(DirectoryEntry.organisation_id == organisation_id)
        .order_by(Producer.id)
    )
    return db.exec(statement).first()


def create_producer(
    *, db: Session, user: User, entry: DirectoryEntry, values: dict
) -> tuple[Producer, bool]:
    """The producer of the entry with the profile's PRODUCER_FIELDS, and whether it is new:
    when the same profile was sent twice at once, the constraint kept the first."""
    try:
        with all_or_nothing(db):
            producer = Producer(
                entry_id=entry.id, **{name: values[name] for name in PRODUCER_FIELDS}
            )
            db.add(producer)
            db.flush()
            audit.record(
                db,
                actor=Actor.of(user),
                action="producer_create",
                subject=f"producer:{producer.id}",
                after={"entry": entry.id, **{name: values[name] for name in PRODUCER_FIELDS}},
            )
    except IntegrityError:
        existing = db.exec(select(Producer).where(Producer.entry_id == entry.id)).first()
        if existing is None:  # not the entry's constraint: a real error
            raise
        return existing, False
    return producer, True


def own_organisations(db: Session, user: User) -> list[tuple[Organisation, Producer | None]]:
    """The organisations this person is a partner of (none for a blocked account), each with
    its producer if it is one: what Regionales offers them to join or to look after."""
    if not user.is_authenticated or user.is_blocked:
        return []
    organisations = db.exec(
        select(Organisation)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.user_id == user.id)
        .order_by(Organisation.name, Organisation.id)
    )
    return [(organisation, producer_of(db, organisation.id)) for organisation in organisations]
