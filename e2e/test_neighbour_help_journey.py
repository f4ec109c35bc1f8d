"""Nachbarschaftshilfe, the testers' preview: a tester offers a lift to the doctor in Genthin,
a neighbour (who joins the tester programme) answers through messages, the tester marks it
"hat geklappt"; a neighbour prints the notice for the village shop; all of it works without
JavaScript too. Axe finds nothing on the new pages, on the phone and the desktop."""

import re

from playwright.sync_api import Page, expect

from e2e.conftest import (
    TESTER,
    VIEWPORTS,
    assert_no_axe_violations,
    flash,
    heading,
    open_filters,
    screenshot,
    sign_in,
)


def join_testers(page: Page, name: str) -> None:
    page.get_by_role("banner").get_by_role("link", name=name).click()
    page.get_by_role("button", name="Am Testprogramm teilnehmen").click()
    expect(flash(page)).to_contain_text("Sie sind jetzt Testerin oder Tester")


def offer_a_lift(page: Page, title: str) -> None:
    page.goto("/nachbarschaftshilfe/")
    expect(heading(page)).to_have_accessible_name("Nachbarschaftshilfe")
    assert_no_axe_violations(page)
    screenshot(page, "nachbarschaftshilfe-pinnwand")
    page.get_by_role("link", name="Ich biete Hilfe").first.click()
    assert_no_axe_violations(page)
    screenshot(page, "nachbarschaftshilfe-formular")
    write_the_offer(page, title)


def write_the_offer(page: Page, title: str) -> None:
    expect(page.get_by_label("Ich biete Hilfe")).to_be_checked()
    page.get_by_label("Kategorie").select_option("fahrdienst")
    page.get_by_label("Überschrift").fill(title)
    page.get_by_label("Beschreibung").fill(
        "Ich fahre Donnerstag früh nach Genthin und nehme Sie gern zum Arzt mit."
    )
    page.get_by_label("Wann").fill("am Donnerstag, 8 Uhr")
    page.get_by_label("Gemeinde", exact=True).select_option("genthin")
    page.get_by_label("Ortsteil (freiwillig)").select_option("Parchen")
    page.get_by_role("button", name="Aushang einstellen").click()
    expect(flash(page)).to_contain_text("Ihr Aushang hängt jetzt an der Pinnwand")


def test_a_lift_to_the_doctor_is_offered_answered_and_closed(
    context, new_account, signed_in_page, viewport
):
    title = f"Fahrt zum Arzt nach Genthin ({viewport})"
    tester = signed_in_page(TESTER["email"])
    offer_a_lift(tester, title)
    expect(heading(tester)).to_have_accessible_name(title)
    assert_no_axe_violations(tester)
    screenshot(tester, "nachbarschaftshilfe-aushang")
    post_url = tester.url

    neighbour_account = new_account("Nele Nachbarin", "genthin")
    neighbour = context.new_page()
    sign_in(neighbour, neighbour_account["email"])
    join_testers(neighbour, neighbour_account["name"])
    neighbour.goto(post_url)
    expect(neighbour.get_by_text("Tom T.")).to_be_visible()
    neighbour.get_by_role("link", name="Das brauche ich").click()
    neighbour.get_by_label("Ihre Nachricht").fill("Das wäre wunderbar, ich wohne in Parchen.")
    neighbour.get_by_role("button", name="Senden").click()
    expect(flash(neighbour)).to_contain_text("Ihre Nachricht ist verschickt")

    # Reporting the post: what the form says when no reason is chosen (the page scan in
    # test_accessibility.py checks the form itself).
    neighbour.goto(post_url)
    neighbour.get_by_role("link", name="Aushang melden").click()
    expect(heading(neighbour)).to_have_accessible_name("Aushang melden")
    screenshot(neighbour, "nachbarschaftshilfe-melden")
    neighbour.get_by_role("button", name="Melden", exact=True).click()
    expect(neighbour.get_by_role("region", name="Bitte prüfen Sie Ihre Angaben")).to_contain_text(
        "Bitte wählen Sie einen Grund."
    )
    assert_no_axe_violations(neighbour)
    neighbour.get_by_role("link", name="Abbrechen").click()
    expect(heading(neighbour)).to_have_accessible_name(title)

    # The notice for the village shop, as the printer sees it.
    neighbour.goto(post_url + "/aushang")
    assert_no_axe_violations(neighbour)
    neighbour.emulate_media(media="print")
    expect(neighbour.get_by_role("banner")).to_be_hidden()
    expect(neighbour.get_by_role("img", name=re.compile("QR-Code"))).to_be_visible()
    screenshot(neighbour, "nachbarschaftshilfe-aushang-druck")
    neighbour.emulate_media(media="screen")

    tester.reload()
    tester.get_by_role("button", name="Hat geklappt").click()
    expect(flash(tester)).to_contain_text("Schön, dass es geklappt hat")
    tester.goto("/nachbarschaftshilfe/?gemeinde=genthin")
    expect(tester.get_by_role("link", name=title)).to_have_count(0)
    expect(
        tester.get_by_text(re.compile(r"Diesen Monat \d+ Mal geholfen in Genthin"))
    ).to_be_visible()


def test_the_board_works_without_javascript(no_js_context, viewport):
    page = no_js_context.new_page()
    sign_in(page, TESTER["email"])
    assert page.evaluate("typeof window.htmx") == "undefined", "JavaScript ran"
    page.goto("/nachbarschaftshilfe/")
    open_filters(page)
    page.get_by_label("Gemeinde").select_option("genthin")
    page.get_by_label("Was").select_option("biete")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page).to_have_url(re.compile(r"gemeinde=genthin"))
    expect(page.get_by_role("link", name="Fahrt zum Arzt in Genthin")).to_be_visible()
    screenshot(page, "ohne-js-nachbarschaftshilfe")


def test_offered_answered_closed_and_printed_without_javascript(
    no_js_context, new_context, new_account, viewport
):
    title = f"Mitfahrt nach Genthin, ohne JavaScript ({viewport})"
    tester = no_js_context.new_page()
    sign_in(tester, TESTER["email"])
    assert tester.evaluate("typeof window.htmx") == "undefined", "JavaScript ran"
    tester.goto("/nachbarschaftshilfe/")
    tester.get_by_role("link", name="Ich biete Hilfe").first.click()
    write_the_offer(tester, title)
    expect(heading(tester)).to_have_accessible_name(title)
    post_url = tester.url

    neighbour_account = new_account("Olga Ohnejs", "genthin")
    neighbour = new_context(java_script_enabled=False, **VIEWPORTS[viewport]).new_page()
    sign_in(neighbour, neighbour_account["email"])
    assert neighbour.evaluate("typeof window.htmx") == "undefined", "JavaScript ran"
    join_testers(neighbour, neighbour_account["name"])
    neighbour.goto(post_url)
    expect(neighbour.get_by_text("Tom T.")).to_be_visible()
    neighbour.get_by_role("link", name="Das brauche ich").click()
    expect(neighbour.get_by_label("Betreff")).to_have_value(f"Nachbarschaftshilfe: {title}")
    neighbour.get_by_label("Ihre Nachricht").fill("Gern, ich muss Donnerstag auch zum Arzt.")
    neighbour.get_by_role("button", name="Senden").click()
    expect(flash(neighbour)).to_contain_text("Ihre Nachricht ist verschickt")
    expect(neighbour).to_have_url(re.compile(r"/nachrichten/\d+"))
    expect(neighbour.get_by_text("Gespräch mit Tom Tester")).to_be_visible()
    screenshot(neighbour, "ohne-js-nachbarschaftshilfe-antwort")

    neighbour.goto(post_url)
    neighbour.get_by_role("link", name="Aushang zum Ausdrucken (für den Dorfladen)").click()
    expect(neighbour).to_have_url(re.compile(r"/aushang$"))
    expect(neighbour.get_by_text(title)).to_be_visible()
    expect(neighbour.get_by_role("img", name=re.compile("QR-Code"))).to_be_visible()
    screenshot(neighbour, "ohne-js-nachbarschaftshilfe-aushang")

    tester.reload()
    tester.get_by_role("button", name="Hat geklappt").click()
    expect(flash(tester)).to_contain_text("Schön, dass es geklappt hat")
    expect(tester.get_by_role("button", name="Hat geklappt")).to_have_count(0)
    tester.goto("/nachbarschaftshilfe/?gemeinde=genthin")
    expect(tester.get_by_role("link", name=title)).to_have_count(0)
    # axe needs JavaScript; the same pages are checked in the journey above.
    screenshot(tester, "ohne-js-nachbarschaftshilfe-geklappt")
