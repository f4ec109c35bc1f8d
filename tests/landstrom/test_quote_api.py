"""GET /api/v1/landstrom/quote: the calculator as JSON, documented in the OpenAPI description,
refused input a 422 with the German reason, locked with the service. Runs on SQLite and
PostgreSQL."""

import pytest

from core import db
from core.audit import Actor
from stages import control
from stages.moped.landstrom.demo import load_demo
from tests.landstrom.conftest import add_organisation, add_tariff
from tests.landstrom.test_calculator import DEMO_FIGURES


@pytest.fixture
def tariffs(database):
    works = add_organisation(database)
    add_tariff(database, works, "Jerichower Landstrom", is_example=True)
    add_tariff(database, works, "Landstrom Wärme", energy_price_tenths=305,
               standing_charge_cents=1450)  # fmt: skip
    return works


def test_a_household_gets_each_tariff_cheapest_first(client, tariffs):
    answer = client.get("/api/v1/landstrom/quote?postcode=39288&household=3")
    assert answer.status_code == 200
    assert answer.get_json() == {
        "kwh": 4250,
        "tariffs": [
            {"name": "Landstrom Wärme", "is_example": False, "yearly_cents": 147025,
             "monthly_instalment_cents": 12300},
            {"name": "Jerichower Landstrom", "is_example": True, "yearly_cents": 154105,
             "monthly_instalment_cents": 12900},
        ],
    }  # fmt: skip


@pytest.mark.parametrize(("people", "kwh", "expected"), DEMO_FIGURES)
def test_the_demo_tariffs_for_households_of_one_to_five(client, database, people, kwh, expected):
    load_demo(database)
    database.commit()
    answer = client.get(f"/api/v1/landstrom/quote?postcode=39288&household={people}")
    assert answer.status_code == 200
    assert answer.get_json() == {
        "kwh": kwh,
        "tariffs": [
            {"name": name, "is_example": True, "yearly_cents": yearly,
             "monthly_instalment_cents": instalment}
            for name, yearly, instalment in expected
        ],
    }  # fmt: skip


def test_own_consumption_and_hot_water(client, tariffs):
    own = client.get("/api/v1/landstrom/quote?postcode=39307&kwh=1000&household=5").get_json()
    assert own["kwh"] == 1000
    # 1,000 × 32.9 ct + 12 × 11.90 € = 471.80 €: at low consumption the lower standing charge wins.
    assert [(t["name"], t["yearly_cents"]) for t in own["tariffs"]] == [
        ("Jerichower Landstrom", 47180),
        ("Landstrom Wärme", 47900),
    ]
    hot = client.get("/api/v1/landstrom/quote?postcode=39288&household=5&hot_water=true")
    assert hot.get_json()["kwh"] == 6900


def test_a_postcode_without_tariffs_today_answers_an_empty_list(client, tariffs):
    answer = client.get("/api/v1/landstrom/quote?postcode=39245&household=1").get_json()
    assert answer == {"kwh": 2000, "tariffs": []}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("postcode=10115&household=3", "liegt nicht im Jerichower Land"),  # Berlin
        ("household=3", "fünf Ziffern"),
        ("postcode=3928&household=3", "fünf Ziffern"),
        ("postcode=39288", "household (1 bis 5) oder kwh"),
        ("postcode=39288&household=6", "household (1 bis 5) oder kwh"),
        ("postcode=39288&household=0", "household (1 bis 5) oder kwh"),
        ("postcode=39288&kwh=-5", "ganze Zahl von 1 bis 100000"),
        ("postcode=39288&kwh=1000000000000", "ganze Zahl von 1 bis 100000"),
        ("postcode=39288&kwh=abc", "ganze Zahl von 1 bis 100000"),
        # kwh wins over a household, but a household given must still be one.
        ("postcode=39288&kwh=2000&household=read", "household (1 bis 5) oder kwh"),
        ("postcode=39288&household=2&hot_water=null", "„hot_water“ muss true oder false sein"),
        ("postcode=39288&kwh=2000&hot_water=1e-323", "„hot_water“ muss true oder false sein"),
        ("postcode=39288&kwh=2000&hot_water=", "„hot_water“ muss true oder false sein"),
        ("postcode=39288&kwh=2000&household=", "household (1 bis 5) oder kwh"),
        ("postcode=39288&household=2&kwh=", "ganze Zahl von 1 bis 100000"),
    ],
)
def test_refused_input_is_a_422_with_the_german_reason(client, tariffs, query, message):
    answer = client.get(f"/api/v1/landstrom/quote?{query}")
    assert answer.status_code == 422
    assert message in answer.get_json()["message"]


def test_the_quote_is_documented(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/landstrom/quote"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "postcode", "household", "hot_water", "kwh",
    }  # fmt: skip
    assert "422" in operation["responses"]


def test_locked_energy_corner_is_404_on_pages_and_api(live_app, client, database, tariffs):
    with live_app.test_request_context():
        control.demote_service(
            db=db.session(),
            services=live_app.extensions["services"],
            key="landstrom",
            actor=Actor(id=None, label="chefin@example.org"),
        )
    for url in (
        "/energie/",
        "/energie/tarife",
        "/api/v1/landstrom/quote?postcode=39288&household=1",
    ):
        assert client.get(url).status_code == 404, url
