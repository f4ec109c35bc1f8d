"""A partner's own entries ("Ihre Einträge im Verzeichnis"), and what partners and owners
change in the directory recorded in the audit log."""

import json

import pytest
from sqlmodel import select

from core import accounts
from core.audit import AuditEntry
from core.models import Organisation
from tests.conftest import make_user, post_form
from tests.directory.test_directory import add_entry, form_data, partner_of

MANAGE = "/verzeichnis/verwalten"


@pytest.fixture
def utility(database):
    organisation = Organisation(name="Stadtwerke Burg", kind="utility", municipality="burg")
    database.add(organisation)
    database.commit()
    return organisation


def _entry_audit(database) -> list[AuditEntry]:
    database.expire_all()
    statement = select(AuditEntry).where(AuditEntry.subject.like("entry:%")).order_by(AuditEntry.id)
    return list(database.exec(statement))


def test_a_partner_finds_their_organisations_entries_and_no_other(client, auth, database, utility):
    own = add_entry(database, "Stadtwerke Kundenzentrum", organisation_id=utility.id)
    add_entry(database, "Bäckerei Müller")
    partner_of(database, utility, "petra@stadtwerke.example")
    auth.login("petra@stadtwerke.example")
    page = client.get(MANAGE).get_data(True)
    assert "Stadtwerke Kundenzentrum" in page and "Bäckerei Müller" not in page
    assert f'href="/verzeichnis/{own.id}/bearbeiten"' in page
    profile = client.get("/profil").get_data(True)
    assert '<a href="/verzeichnis/verwalten">Ihre Einträge im Verzeichnis</a>' in profile


def test_without_an_entry_the_page_says_who_makes_one(client, auth, database, utility):
    partner_of(database, utility, "petra@stadtwerke.example")
    auth.login("petra@stadtwerke.example")
    assert "Das Landwerk-Team legt ihn gern für Sie an" in client.get(MANAGE).get_data(True)


def test_residents_are_refused_and_visitors_asked_to_sign_in(client, auth, database):
    assert client.get(MANAGE).status_code == 302
    make_user(database)
    auth.login()
    assert client.get(MANAGE).status_code == 403


def test_a_partners_edit_and_an_owners_new_entry_are_audited(client, auth, database, utility):
    entry = add_entry(
        database, "Stadtwerke Kundenzentrum", organisation_id=utility.id,
        hours=[(4, "08:00", "12:00")],
    )  # fmt: skip
    petra = make_user(database, email="petra@stadtwerke.example")
    accounts.add_membership(db=database, user=petra, organisation=utility)
    database.commit()
    auth.login("petra@stadtwerke.example")
    changed = post_form(
        client, f"/verzeichnis/{entry.id}/bearbeiten",
        form_data({"name": "Kundenzentrum der Stadtwerke"}, freitag=("09:00", "13:00")),
    )  # fmt: skip
    assert changed.status_code == 302
    refused = post_form(client, f"/verzeichnis/{entry.id}/bearbeiten", form_data({"name": ""}))
    assert refused.status_code == 422
    [edit] = _entry_audit(database)
    assert (edit.action, edit.subject, edit.actor_id) == (
        "entry_edit",
        f"entry:{entry.id}",
        petra.id,
    )
    before, after = json.loads(edit.before), json.loads(edit.after)
    assert (before["name"], after["name"]) == (
        "Stadtwerke Kundenzentrum",
        "Kundenzentrum der Stadtwerke",
    )
    assert (before["hours"], after["hours"]) == (["4 08:00–12:00"], ["4 09:00–13:00"])

    owner = make_user(database, email="owner@example.org", is_product_owner=True)
    auth.logout()
    auth.login("owner@example.org")
    assert post_form(client, "/verzeichnis/neu", form_data({"organisation": ""})).status_code == 302
    created = _entry_audit(database)[-1]
    assert (created.action, created.actor_id) == ("entry_create", owner.id)
    log = client.get("/admin/audit").get_data(True)
    assert "Verzeichniseintrag geändert" in log and f"Verzeichniseintrag Nr. {entry.id}" in log
    assert "Öffnungszeiten: Freitag 08:00–12:00 → Freitag 09:00–13:00" in log
