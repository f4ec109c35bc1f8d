"""Tariffs as data: what the Stadtwerke sell, at which prices, from when to when, where. An
organisation (the Stadtwerke) owns each tariff; its partners and product owners keep it."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, UniqueConstraint, event
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


METER_NUMBER_MAX = 30
CUSTOMER_NUMBER_MAX = 20
# Eight digits: what the counters of household meters show (99.999.999 kWh, m³).
READING_MAX = 99_999_999


class MeterKind:
    POWER = "strom"
    GAS = "gas"
    WATER = "wasser"
    ALL = (POWER, GAS, WATER)


class ReadingReason:
    REGULAR = "turnus"  # Turnusablesung
    MOVE = "umzug"
    METER_CHANGE = "zaehlerwechsel"
    ALL = (REGULAR, MOVE, METER_CHANGE)


class ReadingStatus:
    SUBMITTED = "gemeldet"
    TAKEN_OVER = "uebernommen"  # the utility has it in its billing
    ALL = (SUBMITTED, TAKEN_OVER)


class Meter(SQLModel, table=True):
    """A resident's meter at one utility (an organisation that keeps tariffs). The account is
    empty once it is deleted while readings still wait for the utility (see `privacy.forget`)."""

    __tablename__ = "landstrom_meter"
    __table_args__ = (
        CheckConstraint("kind IN ('strom', 'gas', 'wasser')", name="ck_landstrom_meter_kind"),
        CheckConstraint("household BETWEEN 1 AND 5", name="ck_landstrom_meter_household"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True
    )
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE", index=True)
    number: str = Field(max_length=METER_NUMBER_MAX)
    kind: str = Field(max_length=10)
    customer_number: str = Field(max_length=CUSTOMER_NUMBER_MAX)
    household: int  # people, 1 to 5 and more: what the expected consumption is based on
    demo_key: str | None = Field(default=None, max_length=60, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class Reading(SQLModel, table=True):
    __tablename__ = "landstrom_reading"
    __table_args__ = (
        CheckConstraint(f"value BETWEEN 0 AND {READING_MAX}", name="ck_landstrom_reading_value"),
        CheckConstraint(
            "reason IN ('turnus', 'umzug', 'zaehlerwechsel')", name="ck_landstrom_reading_reason"
        ),
        CheckConstraint(
            "status IN ('gemeldet', 'uebernommen')", name="ck_landstrom_reading_status"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    meter_id: int = Field(foreign_key="landstrom_meter.id", ondelete="CASCADE", index=True)
    value: int
    read_on: date = Field(index=True)
    reason: str = Field(max_length=20)
    # The resident confirmed a value far above the expected consumption.
    confirmed_high: bool = Field(default=False)
    status: str = Field(default=ReadingStatus.SUBMITTED, max_length=20, index=True)
    taken_over_at: datetime | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow)


class ReadingReminder(SQLModel, table=True):
    """The reading season's reminder was sent for this meter and year: once, never twice."""

    __tablename__ = "landstrom_reading_reminder"
    __table_args__ = (UniqueConstraint("meter_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    meter_id: int = Field(foreign_key="landstrom_meter.id", ondelete="CASCADE")
    year: int
    sent_at: datetime = Field(default_factory=utcnow)
