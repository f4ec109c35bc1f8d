"""Who may keep tariffs: partners of the organisation that owns a tariff, and product owners
(`core.ownership`). Everyone may read tariffs – they are what the calculator shows.

Meters and readings are personal data: a meter is seen only by the resident who registered it,
and by the partners of the utility it is registered with (the organisation that keeps tariffs,
to bill by them). Product owners run the platform, not the billing: they do not see readings."""

from sqlmodel import Session, select

from core.models import Membership, Organisation, User
from core.ownership import acting_organisations, get_authorised, may_act_for
from stages.moped.landstrom.models import Meter, Reading, Tariff


def may_edit_tariff(db: Session, user: User, tariff: Tariff) -> bool:
    return may_act_for(db, user, tariff.organisation_id)


def editable_tariff(db: Session, user: User, tariff_id: int) -> Tariff:
    """404 for no such tariff, 403 for someone else's."""
    return get_authorised(db, Tariff, tariff_id, may=lambda t: may_edit_tariff(db, user, t))


def keeping_organisations(db: Session, user: User) -> list[Organisation]:
    """The organisations for which this person may keep tariffs."""
    return acting_organisations(db, user)


def own_meter(db: Session, user: User, meter_id: int) -> Meter:
    """The person's own meter; 404 for every other (whether it exists is nobody else's affair)."""
    return get_authorised(db, Meter, meter_id, may_see=lambda meter: meter.user_id == user.id)


def reading_organisations(db: Session, user: User) -> list[int]:
    """The utilities whose readings this person sees: those they are a partner of that keep
    tariffs. None for a blocked account, none for a product owner as such."""
    if not user.is_authenticated or user.is_blocked:
        return []
    keepers = select(Tariff.organisation_id).distinct()
    statement = select(Membership.organisation_id).where(
        Membership.user_id == user.id, Membership.organisation_id.in_(keepers)
    )
    return sorted(set(db.exec(statement)))


def utility_reading(db: Session, user: User, reading_id: int) -> Reading:
    """A reading of a utility this person reads for; 404 for every other."""
    organisations = reading_organisations(db, user)

    def sees(reading: Reading) -> bool:
        meter = db.get(Meter, reading.meter_id)
        return meter is not None and meter.organisation_id in organisations

    return get_authorised(db, Reading, reading_id, may_see=sees)
