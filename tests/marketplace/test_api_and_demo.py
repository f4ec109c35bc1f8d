"""The marketplace API, the service locked (404 everywhere, the API too), and the demo
content. Runs on SQLite and PostgreSQL."""

from sqlmodel import func, select

from core import db
from core.audit import Actor
from core.models import Membership, Organisation, User
from stages import control
from stages.moped.marketplace.models import ListingPhoto, Producer, Product
from tests.conftest import post_form
from tests.marketplace.conftest import add_producer, add_product


def test_products_answer_with_producer_price_unit_price_and_availability(client, database):
    honey = add_producer(
        database, "Imkerei Gommern", municipality="gommern", organisation="Imkerei GbR"
    )
    jar = add_product(
        database,
        honey,
        "Rapshonig",
        category="honig-aufstriche",
        price_cents=750,
        unit="glas",
        quantity=500,
    )
    add_product(database, honey, "Kerze", category="handwerk", price_cents=600)
    add_product(database, honey, "Entwurf", is_published=False)
    answer = client.get("/api/v1/marketplace/products?q=honig").get_json()
    assert answer["total"] == 1
    item = answer["items"][0]
    assert item == {
        "id": jar.id,
        "name": "Rapshonig",
        "category": "honig-aufstriche",
        "producer": {
            "id": honey.id,
            "name": "Imkerei Gommern",
            "organisation_id": honey.organisation_id,
            "municipality": "gommern",
        },
        "price_cents": 750,
        "unit": "glas",
        "quantity": 500,
        "unit_price": {"cents": 1500, "per": "kg"},
        "availability": "verfuegbar",
        "season": None,
    }
    counted = client.get("/api/v1/marketplace/products?category=handwerk").get_json()["items"]
    assert [(i["name"], i["unit_price"]) for i in counted] == [("Kerze", None)]
    assert client.get("/api/v1/marketplace/products?municipality=burg").get_json()["total"] == 0
    assert client.get("/api/v1/marketplace/products?in_season=true").get_json()["total"] == 2


def test_producers_answer_by_name(client, database):
    add_producer(database, "Obsthof Gerwisch", municipality="biederitz")
    add_producer(database, "Imkerei Gommern", municipality="gommern")
    add_producer(database, "Versteckt", is_hidden=True)
    answer = client.get("/api/v1/marketplace/producers").get_json()
    assert [p["name"] for p in answer["items"]] == ["Imkerei Gommern", "Obsthof Gerwisch"]
    only = client.get("/api/v1/marketplace/producers?municipality=gommern").get_json()
    assert [p["name"] for p in only["items"]] == ["Imkerei Gommern"]


def test_bad_parameters_are_answered_in_json(client):
    unknown = client.get("/api/v1/marketplace/products?category=waffen")
    assert unknown.status_code == 400
    assert "Kategorie" in unknown.get_json()["message"]
    assert client.get("/api/v1/marketplace/products?page=0").status_code == 400
    # A switch that is neither yes nor no is refused, not taken for "no".
    for odd in ("null", "ja", "TRUE", ""):
        refused = client.get(f"/api/v1/marketplace/products?in_season={odd}")
        assert refused.status_code == 400
        assert refused.get_json()["message"] == "„in_season“ muss true oder false sein."
    for flag in ("true", "1", "false", "0"):
        assert client.get(f"/api/v1/marketplace/products?in_season={flag}").status_code == 200
    assert client.get("/api/v1/marketplace/products?page=5").status_code == 404
    assert client.get("/api/v1/marketplace/producers?municipality=berlin").status_code == 400


def test_the_api_is_documented(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    products = paths["/marketplace/products"]["get"]
    assert {p["name"] for p in products["parameters"]} == {
        "q",
        "category",
        "municipality",
        "in_season",
        "sort",
        "page",
    }
    assert "/marketplace/producers" in paths


def test_locked_marketplace_is_404_on_pages_and_api(live_app, client, database):
    # Back to where it is planned, the moped, while the platform stands at the bicycle.
    with live_app.test_request_context():
        control.demote_service(
            db=db.session(),
            services=live_app.extensions["services"],
            key="marketplace",
            actor=Actor(id=None, label="chefin@example.org"),
        )
    locked = client
    producer = add_producer(database, "Imkerei Gommern")
    product = add_product(database, producer, "Rapshonig")
    for url in (
        "/regionales/",
        f"/regionales/{product.id}",
        f"/regionales/erzeuger/{producer.id}",
        "/api/v1/marketplace/products",
        "/api/v1/marketplace/producers",
    ):
        assert locked.get(url).status_code == 404, url
    assert post_form(locked, f"/regionales/{product.id}/zurueckziehen").status_code == 404


def test_demo_loads_producers_and_products_once_and_its_partner_edits_the_farm(live_app, database):
    runner = live_app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    models = (Producer, Product, ListingPhoto, Organisation)
    counts = [database.exec(select(func.count()).select_from(m)).one() for m in models]
    assert counts[0] >= 15 and counts[1] >= 80
    assert runner.invoke(args=["demo"]).exit_code == 0
    database.expire_all()
    again = [database.exec(select(func.count()).select_from(m)).one() for m in models]
    assert again == counts
    producers = database.exec(select(Producer)).all()
    assert len({p.entry.municipality for p in producers}) == 8
    # Every producer can be edited by its partners and asked through its organisation.
    assert all(p.organisation_id is not None and p.is_demo for p in producers)
    products = database.exec(select(Product)).all()
    assert all(p.is_demo and p.price_cents > 0 and p.unit for p in products)
    assert any(p.season_from for p in products)
    # Each product shows a picture, drawn and re-encoded like an upload.
    photos = database.exec(select(ListingPhoto)).all()
    assert {photo.product_id for photo in photos} == {p.id for p in products}
    photo = photos[0]
    assert photo.large.startswith(b"\xff\xd8") and photo.small.startswith(b"\xff\xd8")
    assert "(Demo)" in photo.alt
    shown = live_app.test_client().get(f"/regionales/foto/{photo.id}/klein.jpg")
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    # Honey from Gommern is there to be found.
    gommern = [p for p in producers if p.entry.municipality == "gommern"]
    assert any(product.category == "honig-aufstriche" for p in gommern for product in p.products)
    # The demo partner of the Hofladen acts for the organisation that owns its producer.
    farm = database.exec(select(Producer).where(Producer.demo_key == "hofladen-moeckern")).one()
    partner = database.exec(select(User).where(User.email == "hofladen@landwerk.example")).one()
    member_of = database.exec(
        select(Membership.organisation_id).where(Membership.user_id == partner.id)
    )
    assert farm.organisation_id in set(member_of)
    assert database.get(Organisation, farm.organisation_id).is_demo
    client = live_app.test_client()
    post_form(client, "/login", {"email": "hofladen@landwerk.example", "password": "landwerk-demo"})
    assert client.get(f"/regionales/erzeuger/{farm.id}/bearbeiten").status_code == 200
