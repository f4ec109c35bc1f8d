"""A partner of the Stadtwerke publishes a news post and an event; the event goes into a calendar."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from playwright.sync_api import expect

from e2e.conftest import (
    PARTNER,
    assert_no_axe_violations,
    flash,
    heading,
    main_navigation,
    screenshot,
)

BERLIN = ZoneInfo("Europe/Berlin")


def test_partner_publishes_news_and_an_event_that_goes_into_a_calendar(signed_in_page, viewport):
    page = signed_in_page(PARTNER["email"])
    page.goto("/")

    main_navigation(page).get_by_role("link", name="Neuigkeiten").click()
    page.get_by_role("link", name="Beitrag schreiben").click()
    expect(heading(page)).to_have_accessible_name("Beitrag schreiben")
    title = f"Neue Ladesäulen in Burg ({viewport})"
    page.get_by_label("Überschrift").fill(title)
    page.get_by_label("Kurzfassung").fill("Vier Ladesäulen am Markt, Strom aus der Region.")
    page.get_by_label("Text", exact=True).fill(
        "Ab Montag laden Sie am Markt.\n\n# So geht es\n\n- Karte vorhalten\n- Kabel einstecken"
    )
    page.get_by_label("Kategorie").select_option(label="Energie")
    page.get_by_label("Veröffentlichen").check()
    page.get_by_role("button", name="Speichern").click()

    expect(flash(page)).to_contain_text("Der Beitrag ist veröffentlicht.")
    expect(heading(page)).to_have_accessible_name(title)
    expect(page.get_by_role("heading", level=2, name="So geht es")).to_be_visible()
    screenshot(page, "reise-beitrag")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Alle Neuigkeiten").click()
    expect(page.get_by_role("link", name=title)).to_be_visible()

    main_navigation(page).get_by_role("link", name="Veranstaltungen").click()
    page.get_by_role("link", name="Veranstaltung eintragen").click()
    expect(heading(page)).to_have_accessible_name("Veranstaltung eintragen")
    day = date.today() + timedelta(days=40)
    event_title = f"Tag der offenen Tür im Wasserwerk ({viewport})"
    # The partner's only organisation is chosen already.
    expect(page.get_by_label("Veranstalter").locator("option:checked")).to_have_text(
        "Stadtwerke Burg (Demo)"
    )
    page.get_by_label("Titel").fill(event_title)
    page.get_by_label("Beschreibung").fill("Führungen zu jeder vollen Stunde.")
    page.get_by_label("Kategorie").select_option(label="Familie")
    page.get_by_label("Beginn: Datum").fill(day.isoformat())
    page.get_by_label("Beginn: Uhrzeit").fill("10:00")
    page.get_by_label("Ende: Uhrzeit").fill("16:00")
    page.get_by_label("Ort", exact=True).fill("Wasserwerk Burg")
    page.get_by_label("Adresse").fill("Am Wasserturm 1, 39288 Burg")
    page.get_by_label("Gemeinde").select_option(label="Burg")
    page.get_by_label("Eintritt frei").check()
    page.get_by_label("Barrierefrei zugänglich").check()
    page.get_by_role("button", name="Speichern").click()

    expect(flash(page)).to_contain_text("Die Veranstaltung ist eingetragen.")
    expect(heading(page)).to_have_accessible_name(event_title)
    screenshot(page, "reise-veranstaltung")
    assert_no_axe_violations(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="In den eigenen Kalender übernehmen (.ics)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(download.path().read_bytes())
    (event,) = calendar.events
    assert event["SUMMARY"] == event_title
    assert event.start == datetime.combine(day, time(10), BERLIN)
    assert event.end == datetime.combine(day, time(16), BERLIN)
    assert "Wasserwerk Burg" in event["LOCATION"]
    assert event["URL"] == page.url
