"""The calculator's arithmetic: whole cents, every rounding as stated, proved for all inputs
in bounds (hypothesis) and for the figures the page shows."""

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

import pytest
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
from stages.moped.landstrom.demo import TARIFFS
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


# The demo tariffs (stages/moped/landstrom/demo.py), worked out by hand for households of 1–5:
# kWh × price + 12 × standing charge = yearly; yearly ÷ 12, rounded up to whole euros = Abschlag.
# Jerichower Landstrom: 32,9 ct/kWh, 11,90 €/month → 12 × 11,90 € = 142,80 € a year.
# Landstrom Wärme: 30,5 ct/kWh, 14,50 €/month → 12 × 14,50 € = 174,00 € a year.
# (people, kWh, [(tariff, yearly cents, Abschlag cents)], cheapest first)
DEMO_FIGURES = [
    (1, 2000, [
        # 2,000 × 30.5 ct = 610.00 €; + 174.00 € = 784.00 €; ÷ 12 = 65.33 € → 66 €
        ("Landstrom Wärme (Beispielpreise)", 78400, 6600),
        # 2,000 × 32.9 ct = 658.00 €; + 142.80 € = 800.80 €; ÷ 12 = 66.73 € → 67 €
        ("Jerichower Landstrom (Beispielpreise)", 80080, 6700),
    ]),
    (2, 3500, [
        # 3,500 × 30.5 ct = 1,067.50 €; + 174.00 € = 1,241.50 €; ÷ 12 = 103.46 € → 104 €
        ("Landstrom Wärme (Beispielpreise)", 124150, 10400),
        # 3,500 × 32.9 ct = 1,151.50 €; + 142.80 € = 1,294.30 €; ÷ 12 = 107.86 € → 108 €
        ("Jerichower Landstrom (Beispielpreise)", 129430, 10800),
    ]),
    (3, 4250, [
        # 4,250 × 30.5 ct = 1,296.25 €; + 174.00 € = 1,470.25 €; ÷ 12 = 122.52 € → 123 €
        ("Landstrom Wärme (Beispielpreise)", 147025, 12300),
        # 4,250 × 32.9 ct = 1,398.25 €; + 142.80 € = 1,541.05 €; ÷ 12 = 128.42 € → 129 €
        ("Jerichower Landstrom (Beispielpreise)", 154105, 12900),
    ]),
    (4, 5000, [
        # 5,000 × 30.5 ct = 1,525.00 €; + 174.00 € = 1,699.00 €; ÷ 12 = 141.58 € → 142 €
        ("Landstrom Wärme (Beispielpreise)", 169900, 14200),
        # 5,000 × 32.9 ct = 1,645.00 €; + 142.80 € = 1,787.80 €; ÷ 12 = 148.98 € → 149 €
        ("Jerichower Landstrom (Beispielpreise)", 178780, 14900),
    ]),
    (5, 5750, [
        # 5,750 × 30.5 ct = 1,753.75 €; + 174.00 € = 1,927.75 €; ÷ 12 = 160.65 € → 161 €
        ("Landstrom Wärme (Beispielpreise)", 192775, 16100),
        # 5,750 × 32.9 ct = 1,891.75 €; + 142.80 € = 2,034.55 €; ÷ 12 = 169.55 € → 170 €
        ("Jerichower Landstrom (Beispielpreise)", 203455, 17000),
    ]),
]  # fmt: skip


@pytest.mark.parametrize(("people", "kwh", "expected"), DEMO_FIGURES)
def test_households_of_one_to_five_with_the_demo_tariffs(people, kwh, expected):
    assert household_kwh(people, hot_water=False) == kwh
    by_name = {row["name"]: row for row in TARIFFS}
    for name, yearly, instalment in expected:
        tariff = by_name[name]
        assert cost(kwh, tariff["energy_price_tenths"], tariff["standing_charge_cents"]) == Cost(
            yearly_cents=yearly, monthly_instalment_cents=instalment
        ), name
