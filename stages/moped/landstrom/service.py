"""The tariffs that apply, and a quote: what a consumption costs a year and a month in each
tariff valid on a day for a postcode, cheapest first."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, or_, select

from core.formatting import local_timezone
from core.models import utcnow
from stages.moped.landstrom.calculator import Cost, cost
from stages.moped.landstrom.models import Tariff


def district_today(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(local_timezone()).date()


def tariffs_for(*, db: Session, postcode: str, day: date) -> list[Tariff]:
    """The tariffs valid on that day that serve this postcode, by name."""
    statement = (
        select(Tariff)
        .where(Tariff.valid_from <= day, or_(Tariff.valid_to.is_(None), Tariff.valid_to >= day))
        .order_by(Tariff.name, Tariff.id)
    )
    return [tariff for tariff in db.exec(statement) if tariff.serves(postcode)]


@dataclass(frozen=True)
class Offer:
    tariff: Tariff
    cost: Cost


def quote(*, db: Session, postcode: str, kwh: int, day: date) -> list[Offer]:
    offers = [
        Offer(tariff, cost(kwh, tariff.energy_price_tenths, tariff.standing_charge_cents))
        for tariff in tariffs_for(db=db, postcode=postcode, day=day)
    ]
    return sorted(offers, key=lambda offer: (offer.cost.yearly_cents, offer.tariff.name))


def organisation_tariffs(*, db: Session, organisation_ids: list[int]) -> list[Tariff]:
    """The tariffs of these organisations, newest validity first (the editors' list)."""
    statement = (
        select(Tariff)
        .where(Tariff.organisation_id.in_(organisation_ids))
        .order_by(Tariff.valid_from.desc(), Tariff.name, Tariff.id)
    )
    return list(db.exec(statement))
