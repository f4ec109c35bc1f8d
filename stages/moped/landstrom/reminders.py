"""The reading season, 1 to 15 November: every meter without a reading in this season yet gets
its resident one reminder a year, in the app. The reminder is marked in the same transaction
(unique per meter and year), so runs twice, late or at once never remind twice."""

from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from stages import signals
from stages.moped.landstrom.models import Meter, Reading, ReadingReminder
from stages.moped.landstrom.service import district_today

SEASON_FIRST_DAY, SEASON_LAST_DAY = 1, 15  # of November


def season_of(day: date) -> tuple[date, date] | None:
    """The reading season `day` falls in, or None outside it."""
    if day.month == 11 and SEASON_FIRST_DAY <= day.day <= SEASON_LAST_DAY:
        return date(day.year, 11, SEASON_FIRST_DAY), date(day.year, 11, SEASON_LAST_DAY)
    return None


def meter_path(meter_id: int) -> str:
    # No url_for: the task queue runs this without a request to build addresses from.
    return f"/energie/zaehler/{meter_id}"


def remind_readings(db: Session, now: datetime) -> int:
    """Remind who has a meter without a reading this season; how many meters were reminded."""
    season = season_of(district_today(now))
    if season is None:
        return 0
    first, last = season
    read = select(Reading.meter_id).where(Reading.read_on >= first, Reading.read_on <= last)
    reminded = select(ReadingReminder.meter_id).where(ReadingReminder.year == first.year)
    due = db.exec(
        select(Meter)
        .where(Meter.user_id.is_not(None), Meter.id.not_in(read), Meter.id.not_in(reminded))
        .order_by(Meter.id)
    ).all()
    for meter in due:
        db.add(ReadingReminder(meter_id=meter.id, year=first.year))
        signals.notice.send(
            db, user_ids={meter.user_id}, kind="reading_due", title=meter.number,
            path=meter_path(meter.id),
        )  # fmt: skip
    try:
        db.commit()
    except IntegrityError:
        db.rollback()  # another run reminded them at the same moment: nothing twice
        return 0
    return len(due)
