"""The calculator's arithmetic, in whole numbers only (no float anywhere): consumption in kWh,
prices in tenths of a cent per kWh, money in cents, every rounding named.

- Energy cost: kWh × price, rounded half up to the whole cent.
- Yearly cost: energy cost + 12 × standing charge (cents per month).
- Monthly instalment (Abschlag): yearly cost / 12, rounded up to whole euros, as bills do
  it: the twelve instalments together never fall short of the yearly cost."""

from dataclasses import dataclass

# Typical yearly consumption of a household of 1, 2, 3, 4 and 5 or more people (kWh).
HOUSEHOLD_KWH: dict[int, int] = {1: 2000, 2: 3500, 3: 4250, 4: 5000, 5: 5750}
HOUSEHOLD_MAX = 5  # "5 und mehr"
# Hot water heated with electricity (Durchlauferhitzer, Boiler) adds this share.
HOT_WATER_PERCENT = 20
KWH_MIN = 1
KWH_MAX = 100_000


def household_kwh(people: int, *, hot_water: bool) -> int:
    """Expected kWh a year; the hot-water share rounded half up to the whole kWh."""
    base = HOUSEHOLD_KWH[min(people, HOUSEHOLD_MAX)]
    if not hot_water:
        return base
    return _round_half_up(base * (100 + HOT_WATER_PERCENT), 100)


def _round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator to the nearest whole number, halves up (both not negative)."""
    return (2 * numerator + denominator) // (2 * denominator)


def energy_cents(kwh: int, price_tenths: int) -> int:
    """kWh × price (tenths of a cent per kWh), rounded half up to the cent."""
    return _round_half_up(kwh * price_tenths, 10)


def yearly_cents(kwh: int, price_tenths: int, standing_cents_per_month: int) -> int:
    return energy_cents(kwh, price_tenths) + 12 * standing_cents_per_month


def monthly_instalment_cents(yearly: int) -> int:
    """yearly / 12, rounded up to whole euros (100 cents)."""
    return -(-yearly // 1200) * 100


@dataclass(frozen=True)
class Cost:
    yearly_cents: int
    monthly_instalment_cents: int


def cost(kwh: int, price_tenths: int, standing_cents_per_month: int) -> Cost:
    yearly = yearly_cents(kwh, price_tenths, standing_cents_per_month)
    return Cost(yearly_cents=yearly, monthly_instalment_cents=monthly_instalment_cents(yearly))
