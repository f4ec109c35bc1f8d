"""Searching Regionales through the index: words found inside others and without umlauts, the
index kept on every write (also when the directory renames a producer) and filled for rows
that were there before it, words of one or two letters, at most CAP matches read with name
matches first, and nearest first from a municipality. Runs on SQLite and PostgreSQL."""

from alembic import command
from sqlmodel import select

from core import db
from core import search as core_search
from stages.bicycle.directory.models import DirectoryEntry
from stages.moped.marketplace import service
from stages.moped.marketplace.models import Product
from tests.conftest import make_user
from tests.marketplace.conftest import add_producer, add_product
from tests.marketplace.test_finding import FRIDAY_IN_MAY, names, search


def test_words_are_found_inside_others_and_without_umlauts(live_app, market):
    assert search(live_app, query="Kase") == ["Käsekuchen", "Ziegenkäse", "Frühkartoffeln"]
    assert search(live_app, query="kuchen") == ["Käsekuchen"]
    assert search(live_app, query="ziegenkaese") == ["Ziegenkäse"]
    assert search(live_app, query="strasse") == ["Straßenbrot"]
    assert search(live_app, query="honi") == ["Rapshonig"]


def test_the_producers_name_is_searched_as_text_and_follows_a_rename(live_app, database, market):
    assert search(live_app, query="Imkerei") == ["Rapshonig"]
    honey, _farm = market
    entry = database.get(DirectoryEntry, honey.entry_id)
    entry.name = "Bienenhof Gommern"
    database.commit()
    assert search(live_app, query="Imkerei") == []
    assert search(live_app, query="Bienenhof") == ["Rapshonig"]


def test_the_index_follows_edits_and_deletes(live_app, database, market):
    product = database.exec(select(Product).where(Product.name == "Rapshonig")).one()
    product.name = "Lindenblütenhonig"
    database.commit()
    assert search(live_app, query="raps") == []
    assert search(live_app, query="linden") == ["Lindenblütenhonig"]
    database.delete(product)
    database.commit()
    assert search(live_app, query="honig") == []


def test_rows_written_before_the_index_are_found(live_app, market):
    with live_app.app_context(), live_app.extensions["db_engine"].begin() as connection:
        config = db.alembic_config(live_app, connection)
        command.downgrade(config, "marketplace_0003")
        command.upgrade(config, "marketplace@head")
    assert search(live_app, query="kase") == ["Käsekuchen", "Ziegenkäse", "Frühkartoffeln"]
    assert search(live_app, query="mockern") == [
        "Frühkartoffeln",
        "Käsekuchen",
        "Straßenbrot",
        "Ziegenkäse",
    ]


def test_short_words_match_the_beginning_of_a_name(live_app, client, market):
    assert search(live_app, query="Zi") == ["Ziegenkäse"]
    assert search(live_app, query="ST") == ["Straßenbrot"]
    assert search(live_app, query="ho") == []  # Rapshonig does not begin with it
    assert search(live_app, query="k kuchen") == ["Käsekuchen"]
    page = client.get("/regionales/?q=Zi")
    assert names(page) == ["Ziegenkäse"]
    assert "finden nur Namen, die so beginnen" in page.get_data(True)


def test_at_most_cap_matches_are_read_with_name_matches_first(
    live_app, client, database, monkeypatch
):
    monkeypatch.setattr(core_search, "CAP", 3)
    monkeypatch.setattr(service, "CAP", 3)
    farm = add_producer(database, "Hof Parey", municipality="elbe-parey")
    for number in range(6):
        add_product(database, farm, f"Brot {number}", description="Mit Käse überbacken")
    add_product(database, farm, "Bergkäse", category="milch-kaese")
    with live_app.test_request_context():
        page = service.search_products(
            db=db.session(), filters=service.Filters(query="käse"), page=1, now=FRIDAY_IN_MAY
        )
        assert page.capped
        assert page.rows[0].name == "Bergkäse"
        assert len(page.rows) <= 2 * (3 + 1)
        whole = service.search_products(db=db.session(), filters=service.Filters(), page=1)
        assert whole.capped and len(whole.rows) == 4  # the first CAP + 1 by name
        assert [p.name for p in whole.rows] == ["Bergkäse", "Brot 0", "Brot 1", "Brot 2"]
    text = client.get("/regionales/?q=k%C3%A4se").get_data(True)
    assert "Mehr als 3 Treffer" in text
    listing = client.get("/api/v1/marketplace/products?q=kase").get_json()
    assert listing["more"] is True


def test_nearest_first_from_a_chosen_municipality(live_app, client, market):
    # From Biederitz, Gommern (about 12 km) is nearer than Möckern (about 16 km).
    by_distance = dict(sort=service.BY_DISTANCE, municipality="biederitz")
    assert search(live_app, **by_distance)[0] == "Rapshonig"
    from_moeckern = search(live_app, sort=service.BY_DISTANCE, municipality="moeckern")
    assert from_moeckern[-1] == "Rapshonig"
    page = client.get("/regionales/?sortierung=entfernung&gemeinde=biederitz")
    assert page.status_code == 200
    assert names(page)[0] == "Rapshonig"
    assert "gemessen von Biederitz" in page.get_data(True)
    assert "(ca. 12 km)" in page.get_data(True)
    # With a query the distance orders the matches, then their names.
    assert search(live_app, query="kase", **by_distance) == [
        "Frühkartoffeln",
        "Käsekuchen",
        "Ziegenkäse",
    ]


def test_nearest_first_from_the_residents_own_municipality(
    live_app, client, auth, database, market
):
    make_user(database, email="gommern@example.org", municipality="gommern")
    auth.login("gommern@example.org")
    assert names(client.get("/regionales/?sortierung=entfernung"))[0] == "Rapshonig"
    # A chosen municipality wins over the resident's own.
    assert names(client.get("/regionales/?sortierung=entfernung&gemeinde=moeckern"))[0] != (
        "Rapshonig"
    )
    items = client.get("/api/v1/marketplace/products?sort=distance").get_json()["items"]
    assert items[0]["name"] == "Rapshonig"


def test_nearest_first_without_a_place_says_so(client, market):
    page = client.get("/regionales/?sortierung=entfernung")
    assert page.status_code == 200
    assert "wählen Sie bitte eine Gemeinde" in page.get_data(True)
    assert client.get("/api/v1/marketplace/products?sort=distance").status_code == 400
    assert client.get("/api/v1/marketplace/products?sort=weit").status_code == 400
    assert client.get("/regionales/?sortierung=weit").status_code == 422


def test_the_api_sorts_by_distance(client, market):
    answer = client.get("/api/v1/marketplace/products?sort=distance&municipality=gommern")
    body = answer.get_json()
    assert answer.status_code == 200
    assert body["items"][0]["name"] == "Rapshonig"
    assert body["distance_from"] == "gommern"
    assert len(body["items"]) == 5  # the municipality is the origin, not a filter
