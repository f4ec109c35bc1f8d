"""Meters and their readings: a resident registers meters and submits readings; the utility's
partners see them, filter them and mark them taken over into their billing. One transaction
each; what partners change is in the audit log."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlmodel import Session, select

from core import audit
from core.audit import Actor
from core.db import all_or_nothing
from core.models import Organisation, User, utcnow
from stages.moped.landstrom.models import Meter, Reading, ReadingStatus, Tariff
from stages.moped.landstrom.plausibility import Previous

audit.describe(
    actions={"reading_take_over": _l("Zählerstand übernommen")},
    fields={"status": _l("Status")},
    subjects={"reading": lambda subject: str(_l("Zählerstand Nr. %(number)s", number=subject))},
)


def utilities(db: Session) -> list[Organisation]:
    """The organisations that keep tariffs: where a resident's meters can be read."""
    keepers = select(Tariff.organisation_id).distinct()
    statement = select(Organisation).where(Organisation.id.in_(keepers))
    return list(db.exec(statement.order_by(Organisation.name)))


def meters_of(db: Session, user: User) -> list[Meter]:
    statement = select(Meter).where(Meter.user_id == user.id)
    return list(db.exec(statement.order_by(Meter.kind, Meter.number, Meter.id)))


def readings_of(db: Session, meter: Meter) -> list[Reading]:
    """Newest first."""
    statement = select(Reading).where(Reading.meter_id == meter.id)
    return list(db.exec(statement.order_by(Reading.read_on.desc(), Reading.id.desc())))


def last_reading(db: Session, meter: Meter) -> Reading | None:
    statement = select(Reading).where(Reading.meter_id == meter.id)
    return db.exec(statement.order_by(Reading.read_on.desc(), Reading.id.desc())).first()


def previous_of(reading: Reading | None) -> Previous | None:
    return None if reading is None else Previous(value=reading.value, read_on=reading.read_on)


def register_meter(db: Session, *, user: User, values: dict) -> Meter:
    with all_or_nothing(db):
        meter = Meter(user_id=user.id, **values)
        db.add(meter)
    return meter


def submit_reading(
    db: Session, *, meter: Meter, value: int, read_on: date, reason: str, confirmed_high: bool
) -> Reading:
    with all_or_nothing(db):
        reading = Reading(
            meter_id=meter.id, value=value, read_on=read_on, reason=reason,
            confirmed_high=confirmed_high,
        )  # fmt: skip
        db.add(reading)
    return reading


@dataclass(frozen=True)
class Row:
    reading: Reading
    meter: Meter


def submitted_readings(
    db: Session, *, organisation_ids: list[int], since: date | None = None,
    until: date | None = None, status: str = "",
) -> list[Row]:  # fmt: skip
    """The readings of these utilities' meters, within the period and of the status, newest
    first. Nobody else's: the caller passes only the organisations the person reads for."""
    statement = (
        select(Reading, Meter)
        .join(Meter, Meter.id == Reading.meter_id)
        .where(Meter.organisation_id.in_(organisation_ids))
    )
    if since:
        statement = statement.where(Reading.read_on >= since)
    if until:
        statement = statement.where(Reading.read_on <= until)
    if status:
        statement = statement.where(Reading.status == status)
    statement = statement.order_by(Reading.read_on.desc(), Reading.id.desc())
    return [Row(reading, meter) for reading, meter in db.exec(statement)]


def waiting_count(db: Session, organisation_ids: list[int]) -> int:
    statement = (
        select(func.count())
        .select_from(Reading)
        .join(Meter, Meter.id == Reading.meter_id)
        .where(
            Meter.organisation_id.in_(organisation_ids),
            Reading.status == ReadingStatus.SUBMITTED,
        )
    )
    return db.exec(statement).one()


def take_over(db: Session, *, user: User, reading: Reading) -> bool:
    """Mark it taken over into the billing; False when it already was (nothing changes)."""
    if reading.status == ReadingStatus.TAKEN_OVER:
        return False
    with all_or_nothing(db):
        reading.status = ReadingStatus.TAKEN_OVER
        reading.taken_over_at = utcnow()
        db.add(reading)
        audit.record(
            db,
            actor=Actor.of(user),
            action="reading_take_over",
            subject=f"reading:{reading.id}",
            before={"status": ReadingStatus.SUBMITTED},
            after={"status": ReadingStatus.TAKEN_OVER},
        )
    return True
