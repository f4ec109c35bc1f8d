"""The product owner and a resident, side by side in two browsers: the owner promotes the most
wanted service, the resident finds it and is told; the changelog and the audit log say so; the
owner switches it off and the resident's link to it says it is not available for the time
being (503)."""

import re

from playwright.sync_api import Locator, Page, expect

from e2e.conftest import (
    OWNER,
    VIEWPORTS,
    assert_no_axe_violations,
    flash,
    header,
    heading,
    main_navigation,
    screenshot,
    sign_in,
)
from e2e.preview_services import E2E_SERVICES


def console_card(page: Page, stage: str, title: str) -> Locator:
    stage_section = page.get_by_role("region", name=re.compile(stage))
    return stage_section.get_by_role("article", name=re.compile(re.escape(title)))


def console_votes(card: Locator) -> int:
    """What the card's "Nachfrage" says under "Stimmen"."""
    return int(card.locator("dt:text-is('Stimmen') + dd").inner_text())


def most_wanted_on_the_moped_stage(page: Page) -> str:
    """The owner reads the votes of every built service waiting on the moped stage."""
    votes = {}
    for service in E2E_SERVICES:
        card = console_card(page, "Moped", service.title)
        if card.count():
            votes[service.title] = console_votes(card)
    assert votes, "no built service waits on the moped stage"
    return max(votes, key=votes.get)


def test_owner_promotes_the_most_wanted_service_and_kills_it_while_a_resident_watches(
    new_context, viewport, signed_in_page, new_account
):
    owner = signed_in_page(OWNER["email"])
    resident_account = new_account("Renate Rad", "burg")
    resident = new_context(**VIEWPORTS[viewport]).new_page()
    sign_in(resident, resident_account["email"])

    owner.goto("/")
    main_navigation(owner).get_by_role("link", name="Stufen und Freigaben").click()
    expect(heading(owner)).to_have_accessible_name("Stufen und Freigaben")
    title = most_wanted_on_the_moped_stage(owner)

    # The roadmap agrees with the console: the resident votes for the most wanted one.
    main_navigation(resident).get_by_role("link", name="Fahrplan").click()
    first_on_moped = (
        resident.get_by_role("region", name=re.compile("Moped")).get_by_role("listitem").first
    )
    expect(first_on_moped.get_by_role("heading", level=3)).to_have_accessible_name(title)
    first_on_moped.get_by_role("button", name="Dafür stimmen").click()
    expect(first_on_moped).to_contain_text("Ihre Stimme ist dabei.")

    card = console_card(owner, "Moped", title)
    card.get_by_role("link", name="Eine Stufe weiter freischalten").click()
    expect(card).to_contain_text(f"„{title}“ kommt von Stufe 🛵 Moped auf Stufe 🚲 Fahrrad.")
    expect(card).to_contain_text(
        f"Danach sehen alle Einwohnerinnen und Einwohner den Dienst „{title}“."
    )
    screenshot(owner, "reise-konsole-bestaetigen")
    assert_no_axe_violations(owner)
    reason = f"Am meisten gewünscht ({viewport})."
    card.get_by_label("Begründung (freiwillig)").fill(reason)
    card.get_by_role("button", name="Bestätigen").click()
    expect(flash(owner)).to_contain_text(f"„{title}“ steht jetzt auf Stufe 🚲 Fahrrad.")
    expect(console_card(owner, "Fahrrad", title)).to_contain_text("alle")

    # The resident, in the other browser, comes back to the page.
    resident.reload()
    expect(main_navigation(resident).get_by_role("link", name=title)).to_be_visible()
    bell = header(resident).get_by_role("link", name="Benachrichtigungen")
    expect(bell).to_have_accessible_name(re.compile(r"^Benachrichtigungen\W+1 ungelesen$"))
    expect(bell).to_contain_text("1")
    bell.click()
    expect(heading(resident)).to_have_accessible_name("Benachrichtigungen")
    news = resident.get_by_role("link", name=f"„{title}“ ist jetzt für alle freigeschaltet.")
    expect(news).to_be_visible()
    screenshot(resident, "reise-benachrichtigung")
    assert_no_axe_violations(resident)

    main_navigation(resident).get_by_role("link", name=title).click()
    expect(heading(resident)).to_have_accessible_name(title)
    service_url = resident.url

    resident.goto("/roadmap")
    resident.get_by_role("link", name="Neu freigeschaltet: was schon dazugekommen ist").click()
    expect(heading(resident)).to_have_accessible_name("Neu freigeschaltet")
    entry = resident.get_by_role("listitem").filter(
        has=resident.get_by_role("heading", level=2, name=title)
    )
    expect(entry).to_contain_text("Einwohnerinnen und Einwohner hatten sich das gewünscht")
    screenshot(resident, "reise-neu-freigeschaltet")
    assert_no_axe_violations(resident)

    owner.get_by_role("link", name="Zum Protokoll").click()
    expect(heading(owner)).to_have_accessible_name("Protokoll der Freigaben")
    newest = owner.get_by_role("region", name="Einträge").get_by_role("listitem").first
    expect(newest).to_contain_text(f"Befördert: {title}")
    expect(newest).to_contain_text(f"Begründung: {reason}")
    expect(newest).to_contain_text(OWNER["email"])
    screenshot(owner, "reise-protokoll")
    assert_no_axe_violations(owner)

    owner.get_by_role("link", name="Zurück zu Stufen und Freigaben").click()
    card = console_card(owner, "Fahrrad", title)
    card.get_by_role("link", name="Abschalten").click()
    expect(card).to_contain_text("Das Abschalten wirkt sofort, auf jeder Stufe.")
    card.get_by_label("Begründung (freiwillig)").fill(f"Fehler im Dienst ({viewport}).")
    card.get_by_role("button", name="Bestätigen").click()
    expect(flash(owner)).to_contain_text(f"„{title}“ ist abgeschaltet.")

    answer = resident.goto(service_url)
    assert answer.status == 503
    expect(resident.get_by_role("main")).to_contain_text("vorübergehend nicht verfügbar")
    screenshot(resident, "reise-voruebergehend-nicht-verfuegbar")
    assert_no_axe_violations(resident)
    expect(main_navigation(resident).get_by_role("link", name=title)).to_have_count(0)
