"""Tariffs as data: what the Stadtwerke sell, at which prices, from when to when, where. An
organisation (the Stadtwerke) owns each tariff; its partners and product owners keep it."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, event
from sqlmodel import Field, SQLModel

from core.models import utcnow

NAME_MAX = 80
NOTE_MAX = 500
# Tenths of a cent per kWh: 0.1 ct to 200.0 ct.
PRICE_TENTHS_MIN = 1
PRICE_TENTHS_MAX = 2000
STANDING_MAX = 10_000  # cents per month: 100 €
POSTCODES_MAX = 200  # space-separated postcodes of postcodes.POSTCODES


class Tariff(SQLModel, table=True):
    __tablename__ = "landstrom_tariff"
    __table_args__ = (
        CheckConstraint(
            f"energy_price_tenths BETWEEN {PRICE_TENTHS_MIN} AND {PRICE_TENTHS_MAX}",
            name="ck_landstrom_energy_price",
        ),
        CheckConstraint(
            f"standing_charge_cents BETWEEN 0 AND {STANDING_MAX}",
            name="ck_landstrom_standing_charge",
        ),
        CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from", name="ck_landstrom_valid_span"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=NAME_MAX)
    energy_price_tenths: int  # tenths of a cent per kWh, VAT included: 329 = 32,9 ct
    standing_charge_cents: int  # cents per month, VAT included
    valid_from: date
    valid_to: date | None = Field(default=None)  # the last day it applies; none: open-ended
    postcodes: str = Field(max_length=POSTCODES_MAX)  # "39288 39307"
    note: str = Field(default="", max_length=NOTE_MAX)
    is_example: bool = Field(default=False)  # example prices ("Beispielpreise"), not an offer
    demo_key: str | None = Field(default=None, max_length=60, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    @property
    def postcode_list(self) -> list[str]:
        return self.postcodes.split()

    def serves(self, postcode: str) -> bool:
        return postcode in self.postcode_list

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@event.listens_for(Tariff, "before_update")
def _touch(_mapper, _connection, tariff: Tariff) -> None:
    tariff.updated_at = utcnow()
