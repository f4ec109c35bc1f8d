"""Partners keep their organisation's products and profile, owners hide listings: per object on
the server, CSRF on every write, audit entries, and refused input (422, German, nothing
written). Runs on SQLite and PostgreSQL."""

import json

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from core.audit import AuditEntry
from stages.moped.marketplace.models import DESCRIPTION_MAX, Producer, Product
from tests.conftest import make_user, post_form
from tests.marketplace.conftest import add_producer, add_product, partner_of


def product_form(**fields) -> dict:
    return {
        "name": "Lindenhonig",
        "category": "honig-aufstriche",
        "description": "Mild und **flüssig**.",
        "price": "5,50",
        "unit": "glas",
        "quantity": "250",
        "season_from": "",
        "season_to": "",
        "availability": "verfuegbar",
        "stock": "",
        "publish": "y",
        **fields,
    }


def count(database, model) -> int:
    database.expire_all()
    return database.exec(select(func.count()).select_from(model)).one()


def marketplace_audit(database) -> list[AuditEntry]:
    """The audit entries of the marketplace's listings (not the promotion that made it live)."""
    database.expire_all()
    statement = select(AuditEntry).where(AuditEntry.subject.like("produc%")).order_by(AuditEntry.id)
    return list(database.exec(statement))


def audit_actions(database) -> list[str]:
    return [entry.action for entry in marketplace_audit(database)]


@pytest.fixture
def imkerei(database):
    return add_producer(database, "Imkerei Gommern", organisation="Imkerei Gommern GbR")


@pytest.fixture
def partner(database, imkerei, auth):
    partner_of(database, "Imkerei Gommern GbR")
    auth.login("hof@example.org")


def test_partner_creates_a_product_with_price_in_cents_and_unit_price(
    client, database, imkerei, partner
):
    response = post_form(client, f"/regionales/erzeuger/{imkerei.id}/neu", product_form())
    assert response.status_code == 302
    product = database.exec(select(Product)).one()
    assert (product.price_cents, product.unit, product.quantity) == (550, "glas", 250)
    assert product.unit_price.cents == 2200
    assert product.is_published
    assert audit_actions(database) == ["product_create"]
    assert "Lindenhonig" in client.get("/regionales/?q=lindenhonig").get_data(True)


def test_drafts_are_seen_by_their_partners_only(client, database, imkerei, partner, auth):
    post_form(client, f"/regionales/erzeuger/{imkerei.id}/neu", product_form(publish=""))
    draft = database.exec(select(Product)).one()
    assert not draft.is_published
    assert client.get(f"/regionales/{draft.id}").status_code == 200
    assert "Lindenhonig" in client.get(f"/regionales/erzeuger/{imkerei.id}").get_data(True)
    auth.logout()
    make_user(database, email="rita@example.org")
    auth.login("rita@example.org")
    assert client.get(f"/regionales/{draft.id}").status_code == 404
    assert "Lindenhonig" not in client.get(f"/regionales/erzeuger/{imkerei.id}").get_data(True)


def test_publish_and_withdraw_are_audited(client, database, imkerei, partner):
    product = add_product(database, imkerei, "Rapshonig", is_published=False)
    assert post_form(client, f"/regionales/{product.id}/veroeffentlichen").status_code == 302
    database.expire_all()
    assert database.get(Product, product.id).is_published
    assert post_form(client, f"/regionales/{product.id}/zurueckziehen").status_code == 302
    database.expire_all()
    assert not database.get(Product, product.id).is_published
    assert audit_actions(database) == ["product_publish", "product_withdraw"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"price": "-1,00"}, "Bitte geben Sie den Preis in Euro an"),
        ({"price": "10000,01"}, "Der Preis darf höchstens 10.000 € betragen."),
        ({"price": "abc"}, "Bitte geben Sie den Preis in Euro an"),
        ({"name": "x" * 121}, "Höchstens 120 Zeichen"),
        ({"name": ""}, "Bitte geben Sie einen Namen ein."),
        ({"category": "waffen"}, "Diese Kategorie gibt es nicht."),
        ({"unit": "fass"}, "Diese Einheit gibt es nicht."),
        ({"quantity": ""}, "wie viel g oder ml"),
        ({"quantity": "200000"}, "Bitte eine Menge von 1 bis 100000 angeben."),
        ({"season_from": "5"}, "beide Monate"),
        ({"season_from": "13", "season_to": "2"}, "Diesen Monat gibt es nicht."),
        ({"stock": "-3"}, "Bitte einen Vorrat von 0 bis 100000 angeben."),
        ({"description": "\x07"}, "Bitte keine Steuerzeichen verwenden."),
    ],
)
def test_bad_input_is_refused_in_german_and_nothing_is_written(
    client, database, imkerei, partner, fields, message
):
    response = post_form(client, f"/regionales/erzeuger/{imkerei.id}/neu", product_form(**fields))
    assert response.status_code == 422
    assert message in response.get_data(True)
    assert count(database, Product) == 0
    assert audit_actions(database) == []


def test_partners_of_another_organisation_may_not_touch_it(client, database, imkerei, auth):
    other = add_producer(database, "Fischerei Ferchland", organisation="Fischerei GbR")
    product = add_product(database, imkerei, "Rapshonig")
    partner_of(database, "Fischerei GbR", email="fisch@example.org")
    auth.login("fisch@example.org")
    assert (
        post_form(client, f"/regionales/erzeuger/{imkerei.id}/neu", product_form()).status_code
        == 403
    )
    edit = post_form(client, f"/regionales/{product.id}/bearbeiten", product_form(name="Fisch"))
    assert edit.status_code == 403
    assert post_form(client, f"/regionales/{product.id}/zurueckziehen").status_code == 403
    assert client.get(f"/regionales/erzeuger/{imkerei.id}/bearbeiten").status_code == 403
    # Their own producer works.
    assert client.get(f"/regionales/erzeuger/{other.id}/bearbeiten").status_code == 200
    database.expire_all()
    assert database.get(Product, product.id).name == "Rapshonig"
    assert audit_actions(database) == []


def test_writes_need_the_csrf_token(client, database, imkerei, partner):
    product = add_product(database, imkerei, "Rapshonig", is_published=False)
    assert client.post(f"/regionales/{product.id}/veroeffentlichen").status_code == 400
    assert (
        client.post(f"/regionales/erzeuger/{imkerei.id}/neu", data=product_form()).status_code
        == 400
    )
    assert count(database, Product) == 1


def test_signed_out_visitors_are_sent_to_sign_in(client, imkerei):
    assert client.get(f"/regionales/erzeuger/{imkerei.id}/neu").status_code in (302, 401)


def test_partner_edits_the_profile_and_the_product(client, database, imkerei, partner):
    product = add_product(
        database, imkerei, "Rapshonig", price_cents=700, unit="glas", quantity=500
    )
    form = client.get(f"/regionales/{product.id}/bearbeiten").get_data(True)
    assert 'value="7,00"' in form
    response = post_form(
        client, f"/regionales/{product.id}/bearbeiten", product_form(name="Rapshonig cremig")
    )
    assert response.status_code == 302
    profile = {
        "makes": "Honig",
        "practice": "Bioland",
        "vat_note": "kleinunternehmer",
        "market_days": "Samstags Markt Gommern",
        "pickup_points": "Hoftor",
    }
    assert (
        post_form(client, f"/regionales/erzeuger/{imkerei.id}/bearbeiten", profile).status_code
        == 302
    )
    database.expire_all()
    assert database.get(Product, product.id).name == "Rapshonig cremig"
    assert database.get(Producer, imkerei.id).vat_note == "kleinunternehmer"
    bad = post_form(
        client, f"/regionales/erzeuger/{imkerei.id}/bearbeiten", {**profile, "vat_note": "keine"}
    )
    assert bad.status_code == 422
    assert audit_actions(database) == ["product_edit", "producer_edit"]


def test_the_longest_description_is_saved_and_audited_whole(
    client, database, imkerei, partner, auth
):
    """A description at the form's limit makes an audit entry longer than 2,000 characters,
    which PostgreSQL once refused with a server error."""
    longest = ("Honig aus der Heide. " * 300)[:DESCRIPTION_MAX].strip()
    response = post_form(
        client, f"/regionales/erzeuger/{imkerei.id}/neu", product_form(description=longest)
    )
    assert response.status_code == 302
    [entry] = marketplace_audit(database)
    assert json.loads(entry.after)["description"] == longest and len(entry.after) > 5000
    product = database.exec(select(Product)).one()
    edited = post_form(
        client, f"/regionales/{product.id}/bearbeiten", product_form(description=longest[::-1])
    )
    assert edited.status_code == 302
    assert json.loads(marketplace_audit(database)[-1].before)["description"] == longest
    # The log's page shows the beginning of such a text; the entry keeps it whole.
    make_user(database, email="owner@example.org", is_product_owner=True)
    auth.logout()
    auth.login("owner@example.org")
    page = client.get("/admin/audit").get_data(True)
    assert "Honig aus der Heide. Honig aus der" in page and longest not in page


def test_owner_hides_a_listing_with_a_reason_and_shows_it_again(client, database, imkerei, auth):
    product = add_product(database, imkerei, "Rapshonig")
    make_user(database, email="chefin@example.org", is_product_owner=True)
    auth.login("chefin@example.org")
    refused = post_form(client, f"/regionales/{product.id}/ausblenden", {"reason": ""})
    assert refused.status_code == 422
    assert "Grund" in refused.get_data(True)
    hidden = post_form(client, f"/regionales/{product.id}/ausblenden", {"reason": "Meldung"})
    assert hidden.status_code == 302
    auth.logout()
    assert client.get(f"/regionales/{product.id}").status_code == 404
    assert "Rapshonig" not in client.get("/regionales/").get_data(True)
    auth.login("chefin@example.org")
    post_form(client, f"/regionales/erzeuger/{imkerei.id}/ausblenden", {"reason": "Streit"})
    post_form(client, f"/regionales/{product.id}/einblenden")
    entries = marketplace_audit(database)
    assert [(e.action, e.reason) for e in entries] == [
        ("product_hide", "Meldung"),
        ("producer_hide", "Streit"),
        ("product_show", ""),
    ]
    assert database.get(Producer, imkerei.id).is_hidden


def test_partners_may_not_hide(client, database, imkerei, partner):
    product = add_product(database, imkerei, "Rapshonig")
    assert (
        post_form(client, f"/regionales/{product.id}/ausblenden", {"reason": "x"}).status_code
        == 403
    )


def test_the_database_refuses_impossible_prices(database, imkerei):
    for price in (-1, 1_000_001):
        database.add(
            Product(
                producer_id=imkerei.id, name="X", category="eier", price_cents=price, unit="stueck"
            )
        )
        with pytest.raises(IntegrityError):
            database.commit()
        database.rollback()
