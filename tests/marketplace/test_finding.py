"""Finding products: ranked search with umlaut folding, filters (category, municipality, in
season, open today), what is not public stays out, pages, producer and product pages with
JSON-LD. Runs on SQLite and PostgreSQL."""

import html
import json
import re
from datetime import UTC, datetime

from core import db
from stages.moped.marketplace import service
from tests.marketplace.conftest import add_producer, add_product

# A Friday in May, 10:00 in Berlin.
FRIDAY_IN_MAY = datetime(2026, 5, 15, 8, 0, tzinfo=UTC)


def names(response) -> list[str]:
    found = re.findall(r'<h3><a href="/regionales/\d+">([^<]*)</a></h3>', response.get_data(True))
    return [html.unescape(name) for name in found]


def search(app, **filters) -> list[str]:
    now = filters.pop("now", FRIDAY_IN_MAY)
    with app.test_request_context():
        page = service.search_products(
            db=db.session(), filters=service.Filters(**filters), page=1, now=now
        )
        return [product.name for product in page.rows]


def test_umlauts_and_sharp_s_are_found_however_they_are_typed(live_app, market):
    for query in ("käse", "kaese", "KASE", "Käse"):
        assert search(live_app, query=query)[:2] == ["Käsekuchen", "Ziegenkäse"], query
    assert search(live_app, query="strasse") == ["Straßenbrot"]


def test_name_ranks_before_category_before_text(live_app, market):
    # "Käse": in the names of two, in the category of Ziegenkäse (Milch & Käse) too, and only
    # in the description of the potatoes.
    assert search(live_app, query="käse") == ["Käsekuchen", "Ziegenkäse", "Frühkartoffeln"]
    # The producer's name counts as text: everything of the Hofladen, by name.
    assert search(live_app, query="hofladen") == [
        "Frühkartoffeln",
        "Käsekuchen",
        "Straßenbrot",
        "Ziegenkäse",
    ]


def test_sorting_by_name_ignores_the_ranking(live_app, market):
    assert search(live_app, query="käse", sort=service.BY_NAME) == [
        "Frühkartoffeln",
        "Käsekuchen",
        "Ziegenkäse",
    ]


def test_filters_by_category_municipality_season_and_opening_day(live_app, market):
    assert search(live_app, category="honig-aufstriche") == ["Rapshonig"]
    assert search(live_app, municipality="gommern") == ["Rapshonig"]
    # May: the cheese (March–October) and all-year products, not the summer potatoes or the
    # winter bread (November–February, across the new year).
    assert search(live_app, in_season=True) == ["Käsekuchen", "Rapshonig", "Ziegenkäse"]
    january = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)
    assert "Straßenbrot" in search(live_app, in_season=True, now=january)
    # Friday: only the Imkerei has hours on Fridays.
    assert search(live_app, open_today=True) == ["Rapshonig"]


def test_drafts_and_hidden_listings_are_not_found(live_app, database, market):
    honey, farm = market
    add_product(database, honey, "Honigwein", category="getraenke", is_published=False)
    add_product(database, honey, "Honigbonbons", is_hidden=True)
    hidden_producer = add_producer(database, "Versteckter Hof", is_hidden=True)
    add_product(database, hidden_producer, "Honigseife")
    assert search(live_app, query="honig") == ["Rapshonig"]


def test_list_page_search_and_its_htmx_fragment(client, market):
    page = client.get("/regionales/?q=kaese")
    assert page.status_code == 200
    assert names(page) == ["Käsekuchen", "Ziegenkäse", "Frühkartoffeln"]
    assert 'role="search"' in page.get_data(True)
    fragment = client.get("/regionales/?q=kaese", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(True)
    assert names(fragment) == names(page)
    assert "HX-Request" in fragment.headers["Vary"]


def test_bad_search_input_is_422_in_german(client, market):
    response = client.get("/regionales/?kategorie=gibtsnicht")
    assert response.status_code == 422
    assert "Diese Kategorie gibt es nicht." in response.get_data(True)
    assert client.get("/regionales/?q=" + "x" * 101).status_code == 422
    assert client.get("/regionales/?seite=99").status_code == 404


def test_pages_of_the_list(client, database):
    producer = add_producer(database, "Großer Hof")
    for number in range(25):
        add_product(database, producer, f"Apfel {number:02d}")
    first = client.get("/regionales/")
    assert len(names(first)) == 20
    assert "seite=2" in first.get_data(True)
    assert len(names(client.get("/regionales/?seite=2"))) == 5


def test_producer_page_has_products_hours_and_local_business_markup(client, database, market):
    honey, _farm = market
    page = client.get(f"/regionales/erzeuger/{honey.id}")
    text = page.get_data(True)
    assert page.status_code == 200
    assert "Rapshonig" in text
    assert "Freitag" in text
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)[1]
    )
    assert data["@type"] == "LocalBusiness"
    assert data["name"] == "Imkerei Gommern"
    assert data["makesOffer"][0]["itemOffered"]["name"] == "Rapshonig"
    assert data["makesOffer"][0]["priceCurrency"] == "EUR"


def test_product_page_shows_price_unit_price_season_and_vat_note(client, database):
    producer = add_producer(database, "Ziegenhof", vat_note="kleinunternehmer")
    product = add_product(
        database,
        producer,
        "Ziegenfrischkäse",
        category="milch-kaese",
        price_cents=390,
        unit="glas",
        quantity=250,
        season_from=5,
        season_to=6,
        description="**Mild** <script>alert(1)</script>",
    )
    text = client.get(f"/regionales/{product.id}").get_data(True)
    assert "3,90" in text and "15,60" in text and "/kg" in text
    assert "Saison: Mai–Juni" in text
    assert "Kleinunternehmer, keine MwSt. (§19 UStG)" in text
    assert "<strong>Mild</strong>" in text
    assert "<script>alert(1)" not in text  # the tag is dropped, its text is only text
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)[1]
    )
    assert data["@type"] == "Product"
    assert data["offers"]["price"] == "3.90"


def test_a_script_in_a_name_cannot_end_the_json_ld_block(client, database):
    producer = add_producer(database, "Hof </script><script>alert(1)</script>")
    text = client.get(f"/regionales/erzeuger/{producer.id}").get_data(True)
    assert "<script>alert(1)" not in text


def test_unknown_ids_are_404(client):
    assert client.get("/regionales/999999").status_code == 404
    assert client.get("/regionales/erzeuger/999999").status_code == 404
