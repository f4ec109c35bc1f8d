"""The calculator at /energie/: no account needed, a GET form that works without JavaScript,
htmx answers with the result only, refused input is a German 422. Runs on SQLite and
PostgreSQL."""

from datetime import date, timedelta

import pytest

from tests.conftest import post_form
from tests.landstrom.conftest import add_organisation, add_tariff


@pytest.fixture
def tariffs(database):
    works = add_organisation(database)
    add_tariff(database, works, "Jerichower Landstrom", is_example=True)
    add_tariff(
        database, works, "Landstrom Wärme", energy_price_tenths=305, standing_charge_cents=1450
    )
    return works


def test_the_empty_form_states_the_household_figures_and_the_hot_water_share(client):
    response = client.get("/energie/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2.000 kWh" in page and "5.750 kWh" in page
    assert "20 % mehr Verbrauch" in page
    assert "auf volle Euro aufgerundet" in page
    assert 'name="plz"' in page and 'method="get"' in page


def test_three_people_in_burg_get_yearly_cost_and_instalment_of_each_tariff(client, tariffs):
    response = client.get("/energie/?plz=39288&haushalt=3")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "4.250 kWh" in page
    # Landstrom: 4,250 × 32.9 ct + 12 × 11.90 € = 1,541.05 €, instalment 128.42 € → 129 €.
    assert "1.541,05" in page and "129,00" in page
    # Wärme: 4,250 × 30.5 ct + 12 × 14.50 € = 1,470.25 €, instalment 122.52 € → 123 €.
    assert "1.470,25" in page and "123,00" in page
    assert page.index("Landstrom Wärme") < page.index("Jerichower Landstrom")  # cheapest first
    assert "Beispielpreise – kein Angebot." in page


def test_own_consumption_wins_and_hot_water_adds_its_share(client, tariffs):
    own = client.get("/energie/?plz=39307&haushalt=3&kwh=1000").get_data(as_text=True)
    assert "1.000 kWh" in own
    # 1,000 × 32.9 ct + 142.80 € = 471.80 €.
    assert "471,80" in own
    hot = client.get("/energie/?plz=39288&haushalt=1&warmwasser=y").get_data(as_text=True)
    assert "2.400 kWh" in hot


def test_only_tariffs_valid_today_for_that_postcode_are_compared(client, database, tariffs):
    today = date.today()
    add_tariff(database, tariffs, "Abgelaufen", valid_to=today - timedelta(days=400),
               valid_from=today - timedelta(days=800))  # fmt: skip
    add_tariff(database, tariffs, "Künftig", valid_from=today + timedelta(days=30))
    add_tariff(database, tariffs, "Nur Gommern", postcodes="39245")
    page = client.get("/energie/?plz=39288&haushalt=2").get_data(as_text=True)
    assert "Jerichower Landstrom" in page
    for name in ("Abgelaufen", "Künftig", "Nur Gommern"):
        assert name not in page
    gommern = client.get("/energie/?plz=39245&haushalt=2").get_data(as_text=True)
    assert "Nur Gommern" in gommern and "Jerichower Landstrom" not in gommern


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("plz=10115&haushalt=3", "liegt nicht im Jerichower Land"),  # Berlin
        ("plz=Burg&haushalt=3", "mit fünf Ziffern"),
        ("plz=&haushalt=3", "mit fünf Ziffern"),
        ("plz=39288", "Personen im Haushalt oder geben Sie Ihren Verbrauch an"),
        ("plz=39288&haushalt=9", "1 bis 5 Personen"),
        ("plz=39288&kwh=-5", "ganze Zahl von 1 bis 100000"),
        ("plz=39288&kwh=0", "ganze Zahl von 1 bis 100000"),
        ("plz=39288&kwh=1000000000000", "ganze Zahl von 1 bis 100000"),
        ("plz=39288&kwh=viel", "ganze Zahl von 1 bis 100000"),
        ("plz=39288&kwh=%D9%A3%D9%A0", "ganze Zahl von 1 bis 100000"),  # Arabic-Indic digits
    ],
)
def test_refused_input_is_a_german_422(client, tariffs, query, message):
    response = client.get(f"/energie/?{query}")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_htmx_gets_only_the_answer(client, tariffs):
    response = client.get("/energie/?plz=39288&haushalt=3", headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in fragment and "129,00" in fragment
    assert "HX-Request" in response.headers["Vary"]
    refused = client.get("/energie/?plz=10115&haushalt=3", headers={"HX-Request": "true"})
    assert refused.status_code == 422 and "nicht im Jerichower Land" in refused.get_data(True)


def test_english_speakers_read_the_calculator_in_english(client, tariffs):
    post_form(client, "/sprache", {"sprache": "en"})
    page = client.get("/energie/?plz=39288&haushalt=3").get_data(as_text=True)
    assert "Monthly instalment" in page
