"""Deleting a tariff: partners of the owning organisation and product owners, after a confirm
page, with an audit entry that keeps what it was; nobody else. SQLite and PostgreSQL."""

import json

import pytest
from sqlmodel import select

from core.audit import AuditEntry
from stages.moped.landstrom.models import Tariff
from tests.conftest import make_user, post_form
from tests.landstrom.conftest import add_organisation, add_tariff, partner_of


@pytest.fixture
def tariff(database):
    return add_tariff(database, add_organisation(database))


@pytest.mark.parametrize("email", ["petra@example.org", "chefin@example.org"])
def test_partner_or_owner_deletes_after_confirming(client, database, tariff, auth, email):
    partner_of(database, "Stadtwerke Burg")
    make_user(database, email="chefin@example.org", is_product_owner=True)
    auth.login(email)
    tariff_id = tariff.id
    url = f"/energie/tarife/{tariff_id}/loeschen"
    asked = client.get(url).get_data(as_text=True)
    assert "wirklich löschen" in asked and "Jerichower Landstrom" in asked
    assert database.get(Tariff, tariff.id) is not None  # asking deletes nothing
    response = post_form(client, url, follow_redirects=True)
    assert "ist gelöscht" in response.get_data(as_text=True)
    database.expire_all()
    assert database.get(Tariff, tariff_id) is None
    [entry] = database.exec(select(AuditEntry).where(AuditEntry.action == "tariff_delete"))
    assert entry.actor == email and json.loads(entry.before)["energy_price_tenths"] == 329


def test_nobody_else_deletes_and_nothing_without_csrf(client, database, tariff, auth):
    add_organisation(database, name="Hofladen Gerwisch")
    partner_of(database, "Hofladen Gerwisch", email="fremd@example.org")
    auth.login("fremd@example.org")
    url = f"/energie/tarife/{tariff.id}/loeschen"
    assert client.get(url).status_code == 403
    assert post_form(client, url).status_code == 403
    auth.logout()
    partner_of(database, "Stadtwerke Burg")
    auth.login("petra@example.org")
    assert client.post(url).status_code in (400, 422)
    assert post_form(client, "/energie/tarife/2147483648/loeschen").status_code == 404
    database.expire_all()
    assert database.get(Tariff, tariff.id) is not None
    assert database.exec(select(AuditEntry).where(AuditEntry.action == "tariff_delete")).all() == []
