"""The calculator's arithmetic: whole cents, every rounding as stated, proved for all inputs
in bounds (hypothesis) and for the figures the page shows."""

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from stages.moped.landstrom.calculator import (
    HOT_WATER_PERCENT,
    HOUSEHOLD_KWH,
    KWH_MAX,
    KWH_MIN,
    Cost,
    cost,
    energy_cents,
    household_kwh,
    monthly_instalment_cents,
    yearly_cents,
)
from stages.moped.landstrom.models import PRICE_TENTHS_MAX, PRICE_TENTHS_MIN, STANDING_MAX

kwhs = st.integers(min_value=KWH_MIN, max_value=KWH_MAX)
prices = st.integers(min_value=PRICE_TENTHS_MIN, max_value=PRICE_TENTHS_MAX)
standing = st.integers(min_value=0, max_value=STANDING_MAX)


@given(kwhs, prices)
def test_energy_cost_is_rounded_half_up_to_the_cent(kwh, tenths):
    exact = Decimal(kwh) * Decimal(tenths) / 10
    assert energy_cents(kwh, tenths) == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert abs(Decimal(energy_cents(kwh, tenths)) - exact) <= Decimal("0.5")


@given(kwhs, prices, standing)
def test_yearly_cost_adds_twelve_standing_charges(kwh, tenths, monthly):
    assert yearly_cents(kwh, tenths, monthly) == energy_cents(kwh, tenths) + 12 * monthly


@given(st.integers(min_value=0, max_value=10**9))
def test_instalment_is_a_twelfth_rounded_up_to_whole_euros(yearly):
    instalment = monthly_instalment_cents(yearly)
    assert instalment % 100 == 0
    assert 12 * instalment >= yearly  # twelve instalments never fall short
    assert 12 * instalment - yearly < 12 * 100  # and exceed by less than a euro a month
    expected = (Decimal(yearly) / 1200).quantize(Decimal(1), rounding=ROUND_CEILING) * 100
    assert instalment == int(expected)


@given(kwhs, kwhs, prices, standing)
def test_more_consumption_never_costs_less(a, b, tenths, monthly):
    low, high = sorted((a, b))
    assert cost(low, tenths, monthly).yearly_cents <= cost(high, tenths, monthly).yearly_cents
    assert (
        cost(low, tenths, monthly).monthly_instalment_cents
        <= cost(high, tenths, monthly).monthly_instalment_cents
    )


@given(st.integers(min_value=1, max_value=50), st.booleans())
def test_households_of_five_and_more_share_a_figure_and_hot_water_adds_its_share(people, water):
    base = HOUSEHOLD_KWH[min(people, 5)]
    expected = base * (100 + HOT_WATER_PERCENT) // 100 if water else base
    assert household_kwh(people, hot_water=water) == expected


def test_the_stated_household_figures():
    assert [household_kwh(n, hot_water=False) for n in range(1, 6)] == [
        2000, 3500, 4250, 5000, 5750,
    ]  # fmt: skip
    assert [household_kwh(n, hot_water=True) for n in range(1, 6)] == [
        2400, 4200, 5100, 6000, 6900,
    ]  # fmt: skip


def test_three_people_with_the_demo_landstrom_tariff():
    # 4,250 kWh × 32.9 ct = 1,398.25 €; + 12 × 11.90 € = 1,541.05 €; / 12 = 128.42 € → 129 €.
    assert cost(4250, 329, 1190) == Cost(yearly_cents=154105, monthly_instalment_cents=12900)
