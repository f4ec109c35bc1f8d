"""The utility's view: the Stadtwerke's partners see their meters' readings, filter them, mark
them taken over (audited) and export them as CSV (semicolons, UTF-8 with BOM, formula cells
defused). Nobody else sees them: not residents, not partners of other organisations, not
product owners. SQLite and PostgreSQL."""

import csv
import io
import json
from datetime import date

import pytest
from sqlmodel import select

from core.audit import AuditEntry
from stages.moped.landstrom.export import cell, readings_csv
from stages.moped.landstrom.models import Reading
from stages.moped.landstrom.readings import Row
from tests.conftest import make_user, post_form
from tests.landstrom.conftest import add_meter, add_organisation, add_tariff, partner_of


@pytest.fixture
def works(database):
    organisation = add_organisation(database)
    add_tariff(database, organisation)
    return organisation


@pytest.fixture
def meters(database, works):
    rita = make_user(database, email="rita@example.org")
    first = add_meter(database, rita, works, number="1ESY1160123456", customer="40012345",
                      readings=[(date(2026, 11, 3), 12345), (date(2025, 11, 4), 9000, "uebernommen")])  # fmt: skip
    otto = make_user(database, email="otto@example.org")
    second = add_meter(database, otto, works, kind="wasser", number="WZ-0847", customer="40099999",
                       readings=[(date(2026, 10, 20), 412)])  # fmt: skip
    return first, second


def sign_in(auth, email):
    auth.logout()
    assert auth.login(email).status_code == 302


def test_the_partner_sees_and_filters_the_readings(client, database, works, meters, auth):
    partner_of(database, works.name)
    sign_in(auth, "petra@example.org")
    page = client.get("/energie/ablesungen/").get_data(as_text=True)
    assert all(f">{value} " in page for value in (12345, 412, 9000)) and "40099999" in page
    november = client.get("/energie/ablesungen/?von=2026-11-01&bis=2026-11-15").get_data(
        as_text=True
    )
    assert ">12345 " in november and ">412 " not in november and ">9000 " not in november
    taken = client.get("/energie/ablesungen/?status=uebernommen").get_data(as_text=True)
    assert ">9000 " in taken and ">12345 " not in taken
    refused = client.get("/energie/ablesungen/?von=2026-11-15&bis=2026-11-01")
    assert refused.status_code == 422 and "nicht vor dem Beginn" in refused.get_data(as_text=True)
    assert client.get("/energie/ablesungen/?status=%00").status_code in (400, 422)


def test_taking_over_marks_it_once_with_an_audit_entry(client, database, works, meters, auth):
    partner_of(database, works.name)
    sign_in(auth, "petra@example.org")
    waiting = database.exec(select(Reading).where(Reading.value == 12345)).one()
    response = post_form(client, f"/energie/ablesungen/{waiting.id}/uebernehmen",
                         {"zurueck": "status=gemeldet"})  # fmt: skip
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/energie/ablesungen/?status=gemeldet")
    again = post_form(client, f"/energie/ablesungen/{waiting.id}/uebernehmen",
                      follow_redirects=True)  # fmt: skip
    assert "schon übernommen" in again.get_data(as_text=True)
    database.expire_all()
    assert database.get(Reading, waiting.id).status == "uebernommen"
    [entry] = database.exec(select(AuditEntry).where(AuditEntry.action == "reading_take_over"))
    assert entry.subject == f"reading:{waiting.id}" and entry.actor == "petra@example.org"
    assert json.loads(entry.after) == {"status": "uebernommen"}
    # Without the CSRF token: nothing.
    other = database.exec(select(Reading).where(Reading.value == 412)).one()
    assert client.post(f"/energie/ablesungen/{other.id}/uebernehmen").status_code == 400


def test_the_csv_has_the_billing_columns_with_bom_and_semicolons(client, database, works, meters,
                                                                 auth):  # fmt: skip
    partner_of(database, works.name)
    sign_in(auth, "petra@example.org")
    response = client.get("/energie/ablesungen.csv?status=gemeldet")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Kundennummer", "Zählernummer", "Ablesedatum", "Zählerstand", "Grund"],
        ["40012345", "1ESY1160123456", "2026-11-03", "12345", "Turnusablesung"],
        ["40099999", "WZ-0847", "2026-10-20", "412", "Turnusablesung"],
    ]


def test_formula_cells_are_defused_and_separators_quoted(database, works):
    meter = add_meter(database, make_user(database), works)
    meter.number, meter.customer_number = "=cmd|' /C calc'!A0", "+49;1"  # past the forms' checks
    reading = Reading(meter_id=meter.id, value=5, read_on=date(2026, 11, 2), reason="umzug")
    lines = readings_csv([Row(reading, meter)]).removeprefix("\ufeff").splitlines()
    assert lines[1] == "\"'+49;1\";'=cmd|' /C calc'!A0;2026-11-02;5;Umzug"
    assert [cell(v) for v in ("-1", "@SUM", "\tx", "1-2", 7)] == [
        "'-1",
        "'@SUM",
        "'\tx",
        "1-2",
        "7",
    ]


@pytest.mark.parametrize(
    "email",
    ["rita@example.org", "fremd@example.org", "chefin@example.org", "blockiert@example.org"],
)
def test_nobody_else_sees_the_readings(client, database, works, meters, auth, email):
    add_organisation(database, name="Hofladen Gerwisch")
    partner_of(database, "Hofladen Gerwisch", email="fremd@example.org")
    make_user(database, email="chefin@example.org", is_product_owner=True)
    blocked = partner_of(database, works.name, email="blockiert@example.org")
    blocked.is_blocked = True
    database.add(blocked)
    database.commit()
    sign_in(auth, email)
    waiting = database.exec(select(Reading).where(Reading.value == 12345)).one()
    assert client.get("/energie/ablesungen/").status_code == 403
    assert client.get("/energie/ablesungen.csv").status_code == 403
    assert post_form(client, f"/energie/ablesungen/{waiting.id}/uebernehmen").status_code == 404
    assert "Gemeldete Zählerstände" not in client.get("/energie/").get_data(as_text=True)
    database.expire_all()
    assert database.get(Reading, waiting.id).status == "gemeldet"


def test_a_resident_sees_only_their_own_readings(client, database, meters, auth):
    rita_meter, otto_meter = meters
    sign_in(auth, "rita@example.org")
    mine = client.get(f"/energie/zaehler/{rita_meter.id}").get_data(as_text=True)
    assert "12345" in mine and "412" not in mine
    assert client.get(f"/energie/zaehler/{otto_meter.id}").status_code == 404
    assert "WZ-0847" not in client.get("/energie/zaehler/").get_data(as_text=True)


def test_visitors_see_no_readings(client, meters):
    assert client.get("/energie/ablesungen/").status_code == 302
    assert client.get("/energie/ablesungen.csv").status_code == 302
