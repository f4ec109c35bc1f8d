"""Partners of the owning organisation and product owners keep tariffs: per object on the
server, CSRF on every write, audit entries, refused input (422, German, nothing written), the
demo partner of the Stadtwerke Burg (Demo) edits the demo tariffs. Runs on SQLite and
PostgreSQL."""

import json
from datetime import date

import pytest
from sqlmodel import func, select

from core.audit import AuditEntry
from core.models import Organisation
from stages.moped.landstrom.models import Tariff
from tests.conftest import make_user, post_form
from tests.landstrom.conftest import add_organisation, add_tariff, partner_of


def tariff_form(organisation, **fields) -> dict:
    return {
        "organisation": str(organisation.id),
        "name": "Landstrom Natur",
        "energy_price": "31,4",
        "standing_charge": "12,5",
        "valid_from": "2027-01-01",
        "valid_to": "",
        "postcodes": "39307, 39288 39288",
        "note": "12 Monate Preisgarantie.",
        **fields,
    }


def count(database, model) -> int:
    database.expire_all()
    return database.exec(select(func.count()).select_from(model)).one()


def tariff_audit(database) -> list[AuditEntry]:
    database.expire_all()
    statement = select(AuditEntry).where(AuditEntry.subject.like("tariff:%"))
    return list(database.exec(statement.order_by(AuditEntry.id)))


@pytest.fixture
def works(database):
    return add_organisation(database)


@pytest.fixture
def partner(database, works, auth):
    partner_of(database, works.name)
    auth.login("petra@example.org")


def test_partner_creates_a_tariff_in_whole_numbers_with_an_audit_entry(client, database, works,
                                                                        partner):  # fmt: skip
    response = post_form(client, "/energie/tarife/neu", tariff_form(works))
    assert response.status_code == 302
    tariff = database.exec(select(Tariff)).one()
    assert (tariff.energy_price_tenths, tariff.standing_charge_cents) == (314, 1250)
    assert tariff.postcodes == "39288 39307"
    assert (tariff.valid_from, tariff.valid_to, tariff.is_example) == (
        date(2027, 1, 1),
        None,
        False,
    )
    [entry] = tariff_audit(database)
    assert entry.action == "tariff_create" and entry.actor == "petra@example.org"
    assert json.loads(entry.after)["energy_price_tenths"] == 314
    assert "Landstrom Natur" in client.get("/energie/tarife").get_data(as_text=True)


def test_partner_edits_a_tariff_and_the_audit_keeps_before_and_after(client, database, works,
                                                                     partner):  # fmt: skip
    tariff = add_tariff(database, works)
    form_page = client.get(f"/energie/tarife/{tariff.id}/bearbeiten").get_data(as_text=True)
    assert 'value="32,9"' in form_page and 'value="11,90"' in form_page
    response = post_form(
        client,
        f"/energie/tarife/{tariff.id}/bearbeiten",
        tariff_form(works, name="Jerichower Landstrom", energy_price="35", valid_to="2027-12-31"),
    )
    assert response.status_code == 302
    database.expire_all()
    changed = database.get(Tariff, tariff.id)
    assert (changed.energy_price_tenths, changed.valid_to) == (350, date(2027, 12, 31))
    [entry] = tariff_audit(database)
    assert entry.action == "tariff_edit"
    assert json.loads(entry.before)["energy_price_tenths"] == 329
    assert json.loads(entry.after)["energy_price_tenths"] == 350


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"energy_price": "viel"}, "Arbeitspreis in Cent je kWh"),
        ({"energy_price": "-5"}, "Arbeitspreis in Cent je kWh"),
        ({"energy_price": "1000000000000"}, "Arbeitspreis in Cent je kWh"),
        ({"energy_price": "0"}, "Arbeitspreis in Cent je kWh"),
        ({"energy_price": "32,95"}, "Arbeitspreis in Cent je kWh"),
        ({"standing_charge": "100,01"}, "Grundpreis in Euro im Monat"),
        ({"postcodes": "10115"}, "Postleitzahlen des Jerichower Landes"),
        ({"postcodes": ""}, "Postleitzahlen des Jerichower Landes"),
        ({"valid_from": "2199-01-01"}, "zwischen 2000 und 2099"),
        ({"valid_from": "morgen"}, "gültiges Datum"),
        ({"valid_from": ""}, "ab wann"),
        ({"valid_to": "2026-12-31"}, "nicht vor dem Beginn"),
        ({"name": ""}, "einen Namen"),
        ({"name": "x" * 81}, "Höchstens 80 Zeichen"),
        ({"note": "Preis\x07garantie"}, "Steuerzeichen"),
    ],
)
def test_bad_input_is_a_german_422_and_nothing_is_written(client, database, works, partner,
                                                          fields, message):  # fmt: skip
    response = post_form(client, "/energie/tarife/neu", tariff_form(works, **fields))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(database, Tariff) == 0 and tariff_audit(database) == []


def test_another_organisations_partner_is_refused_and_nothing_changes(client, database, works,
                                                                      auth):  # fmt: skip
    tariff = add_tariff(database, works)
    other = add_organisation(database, "Stadtwerke Genthin")
    partner_of(database, other.name, email="gerd@example.org")
    auth.login("gerd@example.org")
    url = f"/energie/tarife/{tariff.id}/bearbeiten"
    assert client.get(url).status_code == 403
    assert post_form(client, url, tariff_form(other, energy_price="1")).status_code == 403
    # Nor may they create a tariff in the name of the Stadtwerke Burg.
    forged = post_form(client, "/energie/tarife/neu", tariff_form(works))
    assert forged.status_code == 422
    assert "keine Tarife pflegen" in forged.get_data(as_text=True)
    database.expire_all()
    assert database.get(Tariff, tariff.id).energy_price_tenths == 329
    assert count(database, Tariff) == 1 and tariff_audit(database) == []
    assert "Jerichower Landstrom" not in client.get("/energie/tarife").get_data(as_text=True)


def test_residents_and_visitors_keep_no_tariffs(client, database, works, auth):
    tariff = add_tariff(database, works)
    assert client.get("/energie/tarife/neu").status_code == 302  # to the sign-in
    make_user(database, email="rita@example.org")
    auth.login("rita@example.org")
    assert client.get("/energie/tarife").status_code == 403
    assert post_form(client, "/energie/tarife/neu", tariff_form(works)).status_code == 403
    assert client.get(f"/energie/tarife/{tariff.id}/bearbeiten").status_code == 403
    assert client.get("/energie/tarife/2147483648/bearbeiten").status_code == 404
    assert "Tarife pflegen" not in client.get("/energie/").get_data(as_text=True)
    assert count(database, Tariff) == 1


def test_a_product_owner_edits_any_tariff(client, database, works, auth):
    tariff = add_tariff(database, works)
    make_user(database, email="owner@example.org", is_product_owner=True)
    auth.login("owner@example.org")
    response = post_form(
        client, f"/energie/tarife/{tariff.id}/bearbeiten", tariff_form(works, energy_price="30")
    )
    assert response.status_code == 302
    assert [e.action for e in tariff_audit(database)] == ["tariff_edit"]
    # The owners' log names the tariff as it is called now, and by its number once it is gone.
    log = client.get("/admin/audit").get_data(as_text=True)
    assert f"<strong>Tarif geändert</strong>: Tarif „Landstrom Natur“ (Nr. {tariff.id})" in log
    assert f">tariff:{tariff.id}<" not in log
    assert post_form(client, f"/energie/tarife/{tariff.id}/loeschen").status_code == 302
    log = client.get("/admin/audit").get_data(as_text=True)
    assert f"<strong>Tarif gelöscht</strong>: Tarif Nr. {tariff.id}" in log


def test_a_write_without_the_csrf_token_is_refused(client, database, works, partner):
    response = client.post("/energie/tarife/neu", data=tariff_form(works))
    assert response.status_code == 400
    assert count(database, Tariff) == 0


def test_demo_tariffs_are_example_prices_of_the_demo_stadtwerke_and_its_partner_edits_them(
    live_app, database
):
    runner = live_app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0  # twice adds nothing
    tariffs = list(database.exec(select(Tariff).order_by(Tariff.name)))
    assert len(tariffs) == 2
    assert all(t.is_example and "Beispielpreise" in t.name for t in tariffs)
    owner = database.get(Organisation, tariffs[0].organisation_id)
    assert owner.name == "Stadtwerke Burg (Demo)" and owner.is_demo
    client = live_app.test_client()
    post_form(client, "/login", {"email": "partner@landwerk.example", "password": "landwerk-demo"})
    assert client.get(f"/energie/tarife/{tariffs[0].id}/bearbeiten").status_code == 200
    assert "Beispielpreise – kein Angebot." in client.get(
        "/energie/?plz=39288&haushalt=3"
    ).get_data(as_text=True)
