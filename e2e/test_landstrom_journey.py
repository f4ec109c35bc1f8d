"""Energie-Ecke der Stadtwerke, live for this journey: a visitor works out the instalment for a
3-person household in 39288 Burg; a resident registers a meter, submits a reading, is asked to
check an implausible one and confirms it; the Stadtwerke's partner sees it, exports the CSV
and marks it taken over – with JavaScript and without it. Every new page is scanned by axe."""

import csv
import io
import re
from datetime import date

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from core import db
from core.audit import Actor
from e2e.conftest import PARTNER, assert_no_axe_violations, flash, heading, screenshot, sign_in
from stages import control
from stages.moped.landstrom.service import district_today

ACTOR = Actor(id=None, label="e2e@landwerk.example")


@pytest.fixture
def landstrom_live(live_app: Flask):
    """The demo keeps the Energie-Ecke on the testers' stage; for visitors to calculate it is
    live for this journey only, and back in the preview afterwards for the other journeys."""

    def move(change) -> None:
        with live_app.test_request_context():
            change(db=db.session(), services=live_app.extensions["services"], key="landstrom",
                   actor=ACTOR)  # fmt: skip

    move(control.promote_service)
    try:
        yield
    finally:
        move(control.demote_service)


# axe does not return in a context without JavaScript: those pages are scanned with it.
NO_JS_PAGES: set[int] = set()


def scanned(page: Page, name: str) -> None:
    screenshot(page, name)
    if id(page) not in NO_JS_PAGES:
        assert_no_axe_violations(page)


def calculate(page: Page) -> None:
    page.goto("/energie/")
    expect(heading(page)).to_have_accessible_name("Energie-Ecke der Stadtwerke")
    page.get_by_label("Postleitzahl").fill("39288")
    page.get_by_label("Personen im Haushalt").select_option(label="3 Personen")
    page.get_by_role("button", name="Berechnen").click()
    result = page.locator("#energie-ergebnis")
    expect(result).to_contain_text("Für 3 Personen in 39288 rechnen wir mit 4.250 kWh im Jahr.")
    cheapest = result.get_by_role("listitem").filter(has_text="Jerichower Landstrom")
    # 4,250 kWh × 32,9 ct + 12 × 11,90 € = 1.541,05 € a year; ÷ 12, rounded up: 129 €.
    expect(cheapest).to_contain_text("129,00 €")
    expect(cheapest).to_contain_text("1.541,05 €")


def register_meter(page: Page, number: str) -> None:
    page.goto("/energie/zaehler/")
    expect(heading(page)).to_have_accessible_name("Meine Zähler")
    page.get_by_role("link", name="Zähler anlegen").click()
    scanned(page, "energie-zaehler-anlegen")
    page.get_by_label("Versorger").select_option(label="Stadtwerke Burg (Demo)")
    page.get_by_label("Art des Zählers").select_option(label="Strom")
    page.get_by_label("Zählernummer").fill(number)
    page.get_by_label("Kundennummer").fill("40077777")
    page.get_by_label("Personen im Haushalt").select_option(label="3 Personen")
    page.get_by_role("button", name="Zähler anlegen").click()
    expect(flash(page)).to_contain_text("Der Zähler ist angelegt.")
    expect(heading(page)).to_have_accessible_name("Zählerstand melden")


def submit(page: Page, value: str, day: date) -> None:
    page.get_by_label("Zählerstand", exact=True).fill(value)
    page.get_by_label("Abgelesen am").fill(day.isoformat())
    page.get_by_label("Grund der Ablesung").select_option(label="Turnusablesung")
    page.get_by_role("button", name="Stand melden").click()


def submit_and_confirm(page: Page, number: str) -> None:
    today = district_today()
    submit(page, "10000", today)
    expect(flash(page)).to_contain_text("Der erste Stand dieses Zählers")
    scanned(page, "energie-stand-melden")
    # 10,000 kWh more on the same day: far above what 3 people use (about 700 kWh at most).
    submit(page, "20000", today)
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("Bitte prüfen Sie den Stand")
    expect(warning).to_contain_text("10000 kWh in 0 Tagen")
    expect(page.get_by_label("Zählerstand", exact=True)).to_have_value("20000")
    scanned(page, "energie-stand-pruefen")
    page.get_by_label("Ich habe den Stand geprüft, er stimmt.").check()
    page.get_by_role("button", name="Stand bestätigen und melden").click()
    expect(flash(page)).to_contain_text("Sie haben bestätigt")
    expect(page.locator("#bisher + ul")).to_contain_text("hoher Verbrauch bestätigt")
    page.goto("/energie/zaehler/")
    expect(page.get_by_role("main")).to_contain_text(number)
    scanned(page, "energie-meine-zaehler")


def export_and_take_over(page: Page, number: str) -> None:
    page.goto("/energie/")
    page.get_by_role("link", name="Gemeldete Zählerstände").click()
    expect(heading(page)).to_have_accessible_name("Gemeldete Zählerstände")
    page.get_by_label("Status").select_option(label="offen")
    page.get_by_role("button", name="Anzeigen").click()
    mine = page.get_by_role("listitem").filter(has_text=number)
    expect(mine).to_have_count(2)
    scanned(page, "energie-ablesungen")
    with page.expect_download() as download:
        page.get_by_role("link", name="Als CSV herunterladen").click()
    body = download.value.path().read_bytes()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Kundennummer", "Zählernummer", "Ablesedatum", "Zählerstand", "Grund"]
    today = district_today().isoformat()
    assert ["40077777", number, today, "20000", "Turnusablesung"] in rows
    mine.filter(has_text="20000 kWh").get_by_role("button", name="Als übernommen markieren").click()
    expect(flash(page)).to_contain_text("als übernommen markiert")
    expect(page.get_by_role("listitem").filter(has_text=number)).to_have_count(1)


def look_at_the_tariff_forms(page: Page) -> None:
    """The forms a partner keeps tariffs with, empty, filled and refused; nothing is saved.
    The page scan (test_accessibility.py) checks the empty and the filled form too."""
    page.get_by_role("link", name="Neuer Tarif").click()
    expect(heading(page)).to_have_accessible_name("Neuer Tarif")
    screenshot(page, "energie-tarif-neu")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("region", name="Bitte prüfen Sie Ihre Angaben")).to_be_visible()
    scanned(page, "energie-tarif-neu-fehler")
    page.get_by_role("link", name="Abbrechen").click()
    page.get_by_role("link", name=re.compile(r"^Bearbeiten\W+Jerichower Landstrom")).click()
    expect(heading(page)).to_have_accessible_name("Tarif bearbeiten")
    expect(page.get_by_label("Name des Tarifs")).to_have_value(
        "Jerichower Landstrom (Beispielpreise)"
    )
    screenshot(page, "energie-tarif-bearbeiten")
    page.get_by_role("link", name="Abbrechen").click()
    expect(heading(page)).to_have_accessible_name("Tarife pflegen")


def test_calculate_submit_confirm_and_export(context, new_account, signed_in_page, landstrom_live,
                                             viewport):  # fmt: skip
    visitor = context.new_page()
    calculate(visitor)
    scanned(visitor, "energie-rechner-ergebnis")

    resident_account = new_account("Mara Messer")
    resident = context.new_page()
    sign_in(resident, resident_account["email"])
    number = f"1ESY{viewport[:3].upper()}4711"
    register_meter(resident, number)
    submit_and_confirm(resident, number)

    partner = signed_in_page(PARTNER["email"])
    export_and_take_over(partner, number)
    partner.goto("/energie/tarife")
    scanned(partner, "energie-tarife")
    look_at_the_tariff_forms(partner)
    partner.get_by_role("link", name=re.compile(r"^Löschen\W+Landstrom Wärme")).click()
    expect(heading(partner)).to_have_accessible_name("Tarif löschen")
    scanned(partner, "energie-tarif-loeschen")
    partner.get_by_role("link", name="Abbrechen").click()  # the demo keeps its tariffs


def test_without_javascript(no_js_context, new_account, landstrom_live, viewport):
    page = no_js_context.new_page()
    NO_JS_PAGES.add(id(page))
    calculate(page)
    account = new_account("Nils Nojs")
    sign_in(page, account["email"])
    number = f"2NOJS{viewport[:3].upper()}0815"
    register_meter(page, number)
    submit_and_confirm(page, number)
    no_js_context.clear_cookies()
    partner = no_js_context.new_page()
    NO_JS_PAGES.add(id(partner))
    sign_in(partner, PARTNER["email"])
    export_and_take_over(partner, number)
