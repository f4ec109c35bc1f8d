"""The fixed lists' arithmetic: unit prices per Preisangabenverordnung, seasons in words."""

import pytest

from stages.moped.marketplace.catalogue import (
    UnitPrice,
    in_season,
    quantity_of,
    season_text,
    unit_price,
    unit_text,
)


@pytest.mark.parametrize(
    ("price", "unit", "quantity", "expected"),
    [
        (550, "glas", 250, UnitPrice(2200, "kg")),  # Glas 250 g for 5,50 € = 22,00 €/kg
        (750, "glas", 500, UnitPrice(1500, "kg")),
        (380, "100g", 100, UnitPrice(3800, "kg")),
        (1200, "kg", 1000, UnitPrice(1200, "kg")),
        (600, "flasche", 750, UnitPrice(800, "l")),  # 0,75 l for 6,00 € = 8,00 €/l
        (290, "liter", 1000, UnitPrice(290, "l")),
        (333, "glas", 1000, UnitPrice(333, "kg")),
        (100, "glas", 300, UnitPrice(333, "kg")),  # rounded to the cent
        (390, "stueck", None, None),  # counted: no unit price
        (220, "bund", None, None),
    ],
)
def test_unit_price_per_kilogram_or_litre(price, unit, quantity, expected):
    assert unit_price(price, unit, quantity_of(unit, quantity)) == expected


def test_fixed_units_say_their_own_quantity_and_counted_ones_none():
    assert quantity_of("500g", None) == 500
    assert quantity_of("500g", 42) == 500
    assert quantity_of("glas", 250) == 250
    assert quantity_of("stueck", 3) is None


def test_units_in_words(app):
    with app.test_request_context():
        assert unit_text("glas", 250) == "Glas 250 g"
        assert unit_text("kiste", 2500) == "Kiste 2,5 kg"
        assert unit_text("flasche", 750) == "Flasche 750 ml"
        assert unit_text("500g", 500) == "500 g"
        assert unit_text("stueck", None) == "Stück"


@pytest.mark.parametrize(
    ("first", "last", "month", "expected"),
    [
        (5, 6, 5, True),
        (5, 6, 7, False),
        (9, 3, 1, True),  # across the new year
        (9, 3, 6, False),
        (None, None, 2, True),  # all year
    ],
)
def test_in_season(first, last, month, expected):
    assert in_season(first, last, month) is expected


def test_season_in_words(app):
    with app.test_request_context():
        assert season_text(5, 6) == "Saison: Mai–Juni"
        assert season_text(7, 7) == "Saison: Juli"
        assert season_text(None, None) == ""
