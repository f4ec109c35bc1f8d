"""Account journeys as residents walk them: sign in, profile, tester programme, sign out;
registering without JavaScript; switching the language in the footer."""

import gettext
from pathlib import Path

from playwright.sync_api import Page, expect

import webapp
from e2e.conftest import (
    DEMO_PASSWORD,
    RESIDENT,
    assert_no_axe_violations,
    flash,
    header,
    screenshot,
    sign_in,
)

TRANSLATIONS = Path(webapp.__file__).parent / "translations"


def test_resident_signs_in_joins_the_tester_programme_and_signs_out(page: Page):
    page.goto("/")
    header(page).get_by_role("link", name="Anmelden").click()
    expect(page).to_have_url("/login")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
    screenshot(page, "reise-anmelden")

    page.get_by_label("E-Mail-Adresse").fill(RESIDENT["email"])
    page.get_by_label("Passwort", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page).to_have_url("/")
    expect(flash(page)).to_contain_text(f"Willkommen zurück, {RESIDENT['name']}!")
    banner = header(page)
    expect(banner.get_by_role("link", name=RESIDENT["name"])).to_be_visible()
    # The enhancement is there when JavaScript is (the other journey does without it).
    assert page.evaluate("typeof window.htmx") == "object"
    screenshot(page, "reise-angemeldet")
    assert_no_axe_violations(page)

    header(page).get_by_role("link", name=RESIDENT["name"]).click()
    expect(page).to_have_url("/profil")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Profil")
    expect(page.get_by_text(RESIDENT["email"])).to_be_visible()
    account = page.get_by_role("region", name="Ihr Konto")
    expect(account).not_to_contain_text("Testerin/Tester")

    page.get_by_role("button", name="Am Testprogramm teilnehmen").click()
    expect(flash(page)).to_contain_text("Sie sind jetzt Testerin oder Tester")
    expect(account).to_contain_text("Testerin/Tester")
    expect(page.get_by_role("button", name="Testprogramm verlassen")).to_be_visible()
    screenshot(page, "reise-profil-tester")
    assert_no_axe_violations(page)

    # Leave again, so the demo resident is a plain resident for the next journey.
    page.get_by_role("button", name="Testprogramm verlassen").click()
    expect(flash(page)).to_contain_text("Sie haben das Testprogramm verlassen.")
    expect(account).not_to_contain_text("Testerin/Tester")

    header(page).get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url("/")
    expect(flash(page)).to_contain_text("Sie sind abgemeldet. Bis bald!")
    expect(header(page).get_by_role("link", name="Anmelden")).to_be_visible()
    expect(header(page).get_by_role("link", name=RESIDENT["name"])).to_have_count(0)
    screenshot(page, "reise-abgemeldet")

    # Signed out means signed out: the profile asks for a sign-in again.
    page.goto("/profil")
    expect(page).to_have_url("/login?next=/profil")


def test_registering_and_signing_out_work_without_javascript(no_js_context, viewport):
    page = no_js_context.new_page()
    email = f"nora-{viewport}@example.org"
    page.goto("/")
    assert page.evaluate("typeof window.htmx") == "undefined", "JavaScript ran"
    page.get_by_role("link", name="Mitmachen und registrieren").click()
    expect(page).to_have_url("/registrieren")
    screenshot(page, "ohne-js-registrieren")

    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Anzeigename").fill("Nora Neu")
    page.get_by_label("Heimatgemeinde").select_option(label="Möckern")
    page.get_by_label("Passwort", exact=True).fill("ein-gutes-passwort-7")
    page.get_by_label("Passwort wiederholen").fill("ein-gutes-passwort-7")
    page.get_by_role("button", name="Konto anlegen").click()

    # Registering does not sign in: the answer must not tell a new address from a known one.
    expect(page).to_have_url("/login")
    expect(flash(page)).to_contain_text("Danke! Wir haben Ihnen eine E-Mail geschickt.")
    sign_in(page, email=email, password="ein-gutes-passwort-7")
    page.goto("/profil")
    expect(page.get_by_text(email)).to_be_visible()
    expect(page.get_by_label("Heimatgemeinde")).to_have_value("moeckern")
    screenshot(page, "ohne-js-profil")

    header(page).get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url("/")
    expect(flash(page)).to_contain_text("Sie sind abgemeldet. Bis bald!")
    expect(header(page).get_by_role("link", name="Anmelden")).to_be_visible()
    screenshot(page, "ohne-js-abgemeldet")

    # The new account signs in again with its password.
    sign_in(page, email=email, password="ein-gutes-passwort-7")
    expect(header(page).get_by_role("link", name="Nora Neu")).to_be_visible()


def _english(message: str) -> str | None:
    """The English catalog's translation, or None while the catalog is not compiled or
    does not translate this message yet."""
    catalog = gettext.translation("messages", TRANSLATIONS, languages=["en"], fallback=True)
    translated = catalog.gettext(message)
    return translated if translated != message else None


def test_language_switch_in_the_footer_turns_the_page_english(page: Page):
    page.goto("/login")
    footer = page.get_by_role("contentinfo")
    expect(footer.get_by_role("button", name="Deutsch")).to_have_attribute("aria-pressed", "true")

    footer.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The switch keeps the reader on the page they were reading.
    expect(page).to_have_url("/login")
    footer = page.get_by_role("contentinfo")
    expect(footer.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    expect(footer.get_by_role("button", name="Deutsch")).to_have_attribute("aria-pressed", "false")
    # Language names are written in their own language, whatever the page language.
    expect(footer.get_by_role("button", name="Deutsch")).to_have_attribute("lang", "de")
    for german in ["Zum Inhalt springen", "Anmelden", "Sprache:"]:
        english = _english(german)
        if english is not None:
            expect(page.locator("body")).to_contain_text(english)
    screenshot(page, "englisch-anmelden")
    assert_no_axe_violations(page)

    footer.get_by_role("button", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
