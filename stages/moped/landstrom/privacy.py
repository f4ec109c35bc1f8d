"""A person's meters and readings in their data download, and what their account's deletion
leaves: readings the utility has taken over are in its billing system (where its retention
duties apply) and go with the meter; readings still waiting for the utility stay, detached
from the account, with meter and customer number – the utility needs them to bill the supply
it delivered (a final reading on moving out above all, DSGVO Art. 17(3)(b)). Once taken over,
nothing of the person is left here but those numbers, which the utility holds anyway."""

from sqlmodel import Session, delete, select

from core.models import User
from stages.moped.landstrom.models import Meter, Reading, ReadingReminder, ReadingStatus


def personal_data(db: Session, user: User) -> dict[str, list[dict]]:
    meters = list(db.exec(select(Meter).where(Meter.user_id == user.id).order_by(Meter.id)))
    readings = db.exec(
        select(Reading)
        .where(Reading.meter_id.in_([meter.id for meter in meters]))
        .order_by(Reading.meter_id, Reading.read_on, Reading.id)
    )
    return {
        "landstrom_meter": [
            meter.model_dump(mode="json", exclude={"demo_key"}) for meter in meters
        ],
        "landstrom_reading": [reading.model_dump(mode="json") for reading in readings],
    }


def forget(db: Session, user: User) -> None:
    meters = list(db.exec(select(Meter).where(Meter.user_id == user.id)))
    for meter in meters:
        db.exec(
            delete(Reading).where(
                Reading.meter_id == meter.id, Reading.status == ReadingStatus.TAKEN_OVER
            )
        )
        db.exec(delete(ReadingReminder).where(ReadingReminder.meter_id == meter.id))
        waiting = db.exec(select(Reading.id).where(Reading.meter_id == meter.id)).first()
        if waiting is None:
            db.delete(meter)
        else:
            meter.user_id = None
            meter.demo_key = None
            db.add(meter)
    db.flush()
